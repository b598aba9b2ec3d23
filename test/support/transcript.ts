// Transcript lines shaped like Claude Code's (see /work/shared/claude-code-facts.md): the
// fields a real line carries, uuids and timestamps from a per-builder counter, so that a
// transcript's bytes depend only on what was appended.
import { closeSync, openSync, writeSync } from "node:fs";

type Extra = Record<string, unknown>;

export interface LinesOptions {
  /** Written into each line when given (real lines carry it; a test may leave it out). */
  sessionId?: string;
  cwd?: string;
  gitBranch?: string;
  /** Time of the first line; each next line is one second later. */
  start?: number;
}

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);

/** One transcript's lines. Every builder takes `extra` fields last, which win (cwd, isSidechain, isMeta...). */
export class Lines {
  private n = 0;
  private last: string | null = null;
  private readonly tag: string;
  constructor(readonly o: LinesOptions = {}) {
    this.tag = o.sessionId ? `-${o.sessionId.slice(-12)}-` : "";
  }

  private line(type: string, prefix: string, fields: Extra, extra: Extra = {}): string {
    const uuid = `${prefix}${this.tag}${++this.n}`;
    const obj = {
      parentUuid: this.last,
      isSidechain: false,
      userType: "external",
      cwd: this.o.cwd ?? "/p",
      ...(this.o.sessionId ? { sessionId: this.o.sessionId } : {}),
      version: "2.1.330",
      gitBranch: this.o.gitBranch ?? "main",
      type,
      uuid,
      timestamp: new Date((this.o.start ?? T0) + this.n * 1000).toISOString(),
      ...fields,
      ...extra,
    };
    this.last = uuid;
    return JSON.stringify(obj);
  }
  private msgId = () => `msg-${this.n + 1}${this.tag}`;

  /** A real user turn (counts in turn_count); or, with blocks, whatever they make it (tool results...). */
  user(content: string | unknown[], extra?: Extra): string {
    return this.line("user", "u", { message: { role: "user", content } }, extra);
  }
  /** A real user turn with block content. */
  userBlocks(text: string, extra?: Extra): string {
    return this.line("user", "u", { message: { role: "user", content: [{ type: "text", text }] } }, extra);
  }
  /** Not a turn: a caveat, hook feedback. */
  meta(text: string, extra?: Extra): string {
    return this.line("user", "m", { isMeta: true, message: { role: "user", content: text } }, extra);
  }
  /** Not a turn: a slash command's echo. */
  command(name: string, extra?: Extra): string {
    return this.line(
      "user",
      "c",
      { message: { role: "user", content: `<command-name>/${name}</command-name>\n<command-message>${name}</command-message>` } },
      extra,
    );
  }
  assistantText(text: string, extra?: Extra): string {
    return this.line(
      "assistant",
      "a",
      { message: { id: this.msgId(), type: "message", role: "assistant", model: "claude", content: [{ type: "text", text }] } },
      extra,
    );
  }
  toolUse(name: string, input: Extra, extra?: Extra): string {
    const id = this.msgId();
    return this.line(
      "assistant",
      "a",
      { message: { id, type: "message", role: "assistant", model: "claude", content: [{ type: "tool_use", id: `tu-${id}`, name, input }] } },
      extra,
    );
  }
  /** Not a turn: a tool result comes back as a "user" line. */
  toolResult(content = "ok", extra?: Extra): string {
    return this.line(
      "user",
      "r",
      { message: { role: "user", content: [{ type: "tool_result", tool_use_id: "tu", content, is_error: false }] }, toolUseResult: { stdout: content } },
      extra,
    );
  }
  /** A hook's additional context, or the attachment given (a queued prompt...). */
  attachment(attachment: string | Extra, extra?: Extra): string {
    return this.line(
      "attachment",
      "at",
      { attachment: typeof attachment === "string" ? { type: "hook_additional_context", content: [attachment] } : attachment },
      extra,
    );
  }
  compactBoundary(extra?: Extra): string {
    return this.line(
      "system",
      "s",
      { subtype: "compact_boundary", content: "Conversation compacted", compactMetadata: { trigger: "manual", preTokens: 12345 } },
      extra,
    );
  }
  /** Not a turn: the compaction summary, with Claude Code's preamble. */
  compactSummary(text: string, extra?: Extra): string {
    return this.line(
      "user",
      "cs",
      {
        isCompactSummary: true,
        message: { role: "user", content: `This session is being continued from a previous conversation that ran out of context.\n\n${text}` },
      },
      extra,
    );
  }
  /** Not a turn: a subagent's prompt. */
  sidechainUser(text: string, extra?: Extra): string {
    return this.user(text, { isSidechain: true, ...extra });
  }
}

/** The tests' shared builder: a project at "/p", one running counter for every transcript. */
export const line = new Lines();

export function jsonl(lines: string[]): string {
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------------------
// Bulk transcripts with the line mix of real sessions, for bench and stress: user turns, one
// assistant line per content block, tool results, and the bulky bookkeeping lines
// (attachments, API request dumps) that dominate real files by size. Byte for byte what the
// bench figures in the README were measured on.

const WORDS =
  "session store hook cursor transcript parser config timeout retry cache index schema migration endpoint handler middleware token bucket queue worker build test lint release deploy branch commit review refactor module function class interface".split(
    " ",
  );

/** `n` words of a fixed vocabulary, the same for the same seed. */
export function words(n: number, seed: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += (i ? " " : "") + WORDS[(seed * 31 + i * 17) % WORDS.length];
  return s;
}

export interface TurnOptions {
  sessionId: string;
  cwd: string;
}

/** One conversational turn (about 8-20 KB of JSONL, like a real tool-using turn), stamped 2026-11-01 + `turn` minutes. */
export function turnLines(turn: number, o: TurnOptions): string[] {
  const base = { sessionId: o.sessionId, cwd: o.cwd, gitBranch: "main", version: "2.1.330", userType: "external", isSidechain: false };
  const ts = new Date(Date.UTC(2026, 10, 1) + turn * 60_000).toISOString();
  const id = (k: string) => `${k}-${turn}-${o.sessionId.slice(0, 8)}`;
  const file = `${o.cwd}/src/${WORDS[turn % WORDS.length]}/${WORDS[(turn * 7) % WORDS.length]}.ts`;
  return [
    JSON.stringify({
      ...base,
      type: "user",
      uuid: id("u"),
      parentUuid: null,
      timestamp: ts,
      message: { role: "user", content: `please ${words(25, turn)} in ${file}` },
    }),
    JSON.stringify({
      ...base,
      type: "attachment",
      uuid: id("at"),
      timestamp: ts,
      attachment: { type: "hook_additional_context", content: [words(400, turn)] },
    }),
    JSON.stringify({
      ...base,
      type: "assistant",
      uuid: id("a1"),
      timestamp: ts,
      requestId: id("r"),
      message: {
        id: id("m"),
        role: "assistant",
        model: "claude",
        content: [{ type: "text", text: `I'll look at ${file} first. ${words(40, turn + 1)}` }],
        usage: { input_tokens: 100, output_tokens: 20 },
      },
    }),
    JSON.stringify({
      ...base,
      type: "assistant",
      uuid: id("a2"),
      timestamp: ts,
      requestId: id("r"),
      message: { id: id("m"), role: "assistant", model: "claude", content: [{ type: "tool_use", id: id("t1"), name: "Read", input: { file_path: file } }] },
    }),
    JSON.stringify({
      ...base,
      type: "user",
      uuid: id("tr1"),
      timestamp: ts,
      message: { role: "user", content: [{ type: "tool_result", tool_use_id: id("t1"), content: words(900, turn + 2) }] },
      toolUseResult: { type: "text", file: { filePath: file, content: words(900, turn + 2) } },
    }),
    JSON.stringify({
      ...base,
      type: "assistant",
      uuid: id("a3"),
      timestamp: ts,
      requestId: id("r2"),
      message: {
        id: id("m2"),
        role: "assistant",
        model: "claude",
        content: [{ type: "tool_use", id: id("t2"), name: "Edit", input: { file_path: file, old_string: words(30, turn), new_string: words(35, turn + 3) } }],
      },
    }),
    JSON.stringify({
      ...base,
      type: "user",
      uuid: id("tr2"),
      timestamp: ts,
      message: { role: "user", content: [{ type: "tool_result", tool_use_id: id("t2"), content: "The file has been updated." }] },
    }),
    JSON.stringify({
      type: "api-request-blob",
      sessionId: o.sessionId,
      hash: id("h"),
      message: { role: "user", content: [{ type: "text", text: words(1200, turn + 4) }] },
    }),
    JSON.stringify({
      ...base,
      type: "assistant",
      uuid: id("a4"),
      timestamp: ts,
      requestId: id("r3"),
      message: {
        id: id("m3"),
        role: "assistant",
        model: "claude",
        content: [
          {
            type: "text",
            text: `Changed the ${WORDS[turn % WORDS.length]} timeout from ${turn % 10}s to ${(turn % 10) + 5}s in ${file}. ${words(30, turn + 5)}`,
          },
        ],
      },
    }),
    JSON.stringify({ ...base, type: "system", subtype: "stop_hook_summary", uuid: id("s"), timestamp: ts, hookCount: 1, hookInfos: [], hookErrors: [] }),
  ];
}

/** Writes a transcript of at least `bytes` (mode 0600); returns the number of turns written. */
export function writeTranscript(path: string, bytes: number, o: TurnOptions): number {
  const fd = openSync(path, "w", 0o600);
  let written = 0;
  let turn = 0;
  try {
    while (written < bytes) written += writeSync(fd, turnLines(turn++, o).join("\n") + "\n");
  } finally {
    closeSync(fd);
  }
  return turn;
}
