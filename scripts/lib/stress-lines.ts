// Deterministic transcript lines shaped like Claude Code's (see test/helpers.ts and
// /work/shared/claude-code-facts.md): same fields, but uuids and timestamps come from a
// per-transcript counter, so a transcript's bytes depend only on what was appended.

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);

export class Lines {
  private n = 0;
  private last: string | null = null;
  constructor(readonly sessionId: string, readonly cwd: string) {}

  private base(type: string, prefix: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const uuid = `${prefix}-${this.sessionId.slice(-12)}-${++this.n}`;
    const obj = {
      parentUuid: this.last,
      isSidechain: false,
      userType: "external",
      cwd: this.cwd,
      sessionId: this.sessionId,
      version: "2.1.330",
      gitBranch: "main",
      type,
      uuid,
      timestamp: new Date(T0 + this.n * 1000).toISOString(),
      ...extra,
    };
    this.last = uuid;
    return obj;
  }

  /** A real user turn (counts in turn_count). */
  user(text: string): string {
    return JSON.stringify(this.base("user", "u", { message: { role: "user", content: text } }));
  }
  /** A real user turn with block content. */
  userBlocks(text: string): string {
    return JSON.stringify(this.base("user", "u", { message: { role: "user", content: [{ type: "text", text }] } }));
  }
  /** Not a turn: a caveat / hook feedback. */
  meta(text: string): string {
    return JSON.stringify(this.base("user", "m", { isMeta: true, message: { role: "user", content: text } }));
  }
  /** Not a turn: a slash command's echo. */
  command(name: string): string {
    return JSON.stringify(this.base("user", "c", { message: { role: "user", content: `<command-name>/${name}</command-name>\n<command-message>${name}</command-message>` } }));
  }
  assistantText(text: string): string {
    const b = this.base("assistant", "a");
    return JSON.stringify({ ...b, message: { id: `msg-${b.uuid}`, type: "message", role: "assistant", model: "claude", content: [{ type: "text", text }] } });
  }
  toolUse(name: string, input: Record<string, unknown>): string {
    const b = this.base("assistant", "a");
    return JSON.stringify({ ...b, message: { id: `msg-${b.uuid}`, type: "message", role: "assistant", model: "claude", content: [{ type: "tool_use", id: `tu-${b.uuid}`, name, input }] } });
  }
  /** Not a turn: a tool result comes back as a "user" line. */
  toolResult(content: string): string {
    return JSON.stringify(this.base("user", "r", { message: { role: "user", content: [{ type: "tool_result", tool_use_id: "tu", content, is_error: false }] }, toolUseResult: { stdout: content } }));
  }
  attachment(text: string): string {
    return JSON.stringify(this.base("attachment", "at", { attachment: { type: "hook_additional_context", content: [text] } }));
  }
  compactBoundary(): string {
    return JSON.stringify(this.base("system", "s", { subtype: "compact_boundary", content: "Conversation compacted", compactMetadata: { trigger: "manual", preTokens: 12345 } }));
  }
  /** Not a turn: the compaction summary. */
  compactSummary(text: string): string {
    return JSON.stringify(this.base("user", "cs", { isCompactSummary: true, message: { role: "user", content: `This session is being continued from a previous conversation that ran out of context.\n\n${text}` } }));
  }
  /** Not a turn: a subagent's prompt. */
  sidechainUser(text: string): string {
    return JSON.stringify({ ...this.base("user", "sc", { message: { role: "user", content: text } }), isSidechain: true });
  }
}

const WORDS = "session store hook cursor transcript parser config timeout retry cache index schema migration endpoint handler middleware token bucket queue worker build test lint release deploy branch commit review refactor module".split(" ");

export function words(n: number, seed: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += (i ? " " : "") + WORDS[(seed * 31 + i * 17 + (i * i) % 7) % WORDS.length];
  return s;
}
