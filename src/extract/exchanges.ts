// The exchange archive: every turn of the main thread as the user's prompt, the
// assistant's text replies and one line per tool call (with the first line of an error,
// or a subagent's report), kept redacted when Claude Code's transcript is long deleted.
// Folded one entry at a time like the rest of the state; closed exchanges wait in
// `done` until the store takes them (in the same transaction as the record).
import type { Entry } from "../transcript/entries.ts";
import type { Redactor } from "../privacy/redact.ts";
import { keepName, keepText } from "../privacy/keep.ts";
import { clip } from "../record.ts";

export interface Exchange {
  /** 1-based position in the session. */
  seq: number;
  /** When the prompt was sent. */
  at: string;
  prompt: string;
  /** The assistant's text replies, in order. */
  replies: string[];
  /** One line per tool call: `Edit src/a.ts`, `Bash: npm test → error: …`. */
  tools: string[];
}

export interface ExchangeLog {
  /** The last seq handed out. */
  seq: number;
  /** Started with the session's first line: the archive holds every turn. */
  fromStart?: boolean;
  /** The turn in progress: saved (and updated) at every hook until the next prompt closes it. */
  open?: Exchange;
  /** Closed turns not yet stored. */
  done: Exchange[];
  /** Tool calls of the open turn waiting for their result: tool_use id -> index in `tools`. */
  calls: Record<string, number>;
}

/**
 * Sizes: a prompt or reply is kept up to ~2 KB (the first screenful holds the question, the
 * finding, the error or the command), at most 6 KB of replies and 40 tool lines a turn. Real
 * transcripts are mostly tool output and API bookkeeping: this keeps a few percent of them.
 * Two whole replies always fit (2 x replyChars <= repliesChars).
 */
export const EXCHANGE_LIMITS = { promptChars: 2000, replyChars: 2000, repliesChars: 6000, toolChars: 220, tools: 40, reportChars: 300 };

/** A log for a state that has counted `turns` prompts already (0: a session read from its start). */
export function emptyLog(turns = 0): ExchangeLog {
  return { seq: turns, done: [], calls: {}, ...(turns === 0 ? { fromStart: true } : {}) };
}

/**
 * Fold one main-thread entry into the archive (subagent entries are summarised by their report).
 * `clean`: the entry's text already kept (redacted, at least as long as the archive keeps), when
 * the caller has it: redaction is the costly part of reading, done once per text.
 */
export function applyExchange(log: ExchangeLog, entry: Entry, redact: Redactor, clean?: string): void {
  if (entry.meta.sidechain) return;
  switch (entry.kind) {
    case "prompt": {
      if (log.open) log.done.push(log.open);
      const prompt = clean === undefined ? keep(entry.text, EXCHANGE_LIMITS.promptChars, redact) : clip(clean, EXCHANGE_LIMITS.promptChars);
      log.open = { seq: ++log.seq, at: entry.meta.timestamp ?? "", prompt, replies: [], tools: [] };
      log.calls = {};
      break;
    }
    case "assistant-text": {
      const open = log.open;
      if (!open) break;
      const text = clean === undefined ? keep(entry.text.trim(), EXCHANGE_LIMITS.replyChars, redact) : clip(clean, EXCHANGE_LIMITS.replyChars);
      // Stop hands over the final message before the transcript has it: the same text twice is one reply.
      if (!text || open.replies.includes(text)) break;
      open.replies.push(text);
      // Over the turn's budget, the narration between tool calls goes first ("Now let me run the
      // tests."): the first reply (often the diagnosis or the plan) and the newest (at the end of
      // a turn, its summary, which says what was found and done) stay whole.
      let used = open.replies.reduce((n, r) => n + r.length, 0);
      while (used > EXCHANGE_LIMITS.repliesChars && open.replies.length > 2) used -= open.replies.splice(1, 1)[0]!.length;
      break;
    }
    case "tool-use": {
      const open = log.open;
      if (!open || open.tools.length >= EXCHANGE_LIMITS.tools) break;
      // Each value redacted as it was written (line-based formats need their newlines), then folded into one line.
      const line = toolLine(entry.name, entry.input, { path: (p) => keepName(p, redact), text: (t) => keepText(t.slice(0, MARGIN), redact) });
      open.tools.push(keep(line, EXCHANGE_LIMITS.toolChars, redact));
      if (entry.id) log.calls[entry.id] = open.tools.length - 1;
      break;
    }
    case "tool-result": {
      const open = log.open;
      const at = log.calls[entry.toolUseId];
      // A call that went on in the background stays pending: its report comes in a task notification.
      if (!open || at === undefined || entry.later) break;
      delete log.calls[entry.toolUseId];
      const line = open.tools[at]!;
      // Most results are output that is not kept: only an error's first line and a subagent's report are
      // redacted, each from a prefix far longer than what is kept (a secret cut at its end leaves no stub there).
      if (entry.isError && entry.text) {
        const first = firstLine(entry.text.slice(0, RESULT_PREFIX));
        open.tools[at] = keep(`${line} → error: ${first}`, EXCHANGE_LIMITS.toolChars, redact);
      } else open.tools[at] = withReport(line, entry.text, redact);
      break;
    }
    case "task-report": {
      // Only into the turn that started the agent: after the next prompt, that turn may be stored already.
      const at = log.calls[entry.toolUseId];
      if (!log.open || at === undefined) break;
      delete log.calls[entry.toolUseId];
      log.open.tools[at] = withReport(log.open.tools[at]!, entry.text, redact);
      break;
    }
  }
}

/** A subagent's tool line with its report (other tools' output is not kept). */
function withReport(line: string, report: string, redact: Redactor): string {
  if (!report || !/^(?:Task|Agent)\b/.test(line)) return line;
  return `${line} → report: ${keep(oneLine(keepText(report.slice(0, RESULT_PREFIX), redact)), EXCHANGE_LIMITS.reportChars, redact)}`;
}

/** The exchanges to store now (closed ones, then the open one), leaving only the open one in the log. */
export function takeExchanges(log: ExchangeLog | undefined): Exchange[] {
  if (!log) return [];
  const out = [...log.done, ...(log.open ? [log.open] : [])];
  log.done = [];
  return out;
}

/**
 * `Edit src/a.ts`, `Bash: npm test`, `Grep "TODO" in src`, `Task: review the diff`. Paths go
 * through `name` first: redacted part by part, as the record's files are (a token that fills
 * a directory name is bare there).
 */
export function toolLine(
  name: string,
  input: Record<string, unknown>,
  keep: { path(p: string): string; text(t: string): string } = { path: (p) => p, text: (t) => t },
): string {
  const raw = (k: string) => (typeof input[k] === "string" ? (input[k] as string) : "");
  const s = (k: string) => keep.text(raw(k));
  const p = (k: string) => keep.path(raw(k));
  switch (name) {
    case "Bash":
      return `Bash: ${oneLine(s("command"))}`;
    case "Read":
    case "Write":
    case "Edit":
    case "MultiEdit":
      return `${name} ${p("file_path")}`;
    case "NotebookEdit":
      return `${name} ${p("notebook_path")}`;
    case "Grep":
    case "Glob":
      return `${name} "${s("pattern")}"${raw("path") ? ` in ${p("path")}` : ""}`;
    case "WebFetch":
      return `WebFetch ${s("url")}`;
    case "WebSearch":
      return `WebSearch "${s("query")}"`;
    case "Task":
    case "Agent":
      return `${name}: ${oneLine(s("description") || s("prompt"))}`;
    default: {
      const first = Object.values(input).find((v) => typeof v === "string") as string | undefined;
      return first ? `${name}: ${oneLine(keep.text(first))}` : name;
    }
  }
}

/** The one way a text enters what we keep: `<private>` out, the whole text redacted, then clipped. */
const keep = (text: string, max: number, redact: Redactor) => keepText(text, redact, max);
/** Past this a line is output, not a line: far beyond what is kept, so a secret cut here leaves no stub in it. */
const MARGIN = 80 * 1024;
/** Of a tool result, only this much is ever looked at: what is kept of it is a few hundred characters. */
const RESULT_PREFIX = 16 * 1024;

const firstLine = (s: string) =>
  (
    s
      .slice(0, MARGIN)
      .split("\n")
      .find((l) => l.trim()) ?? ""
  ).trim();
const oneLine = (s: string) => s.slice(0, MARGIN).replace(/\s+/g, " ").trim();
