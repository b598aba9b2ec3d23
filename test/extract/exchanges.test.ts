// The exchange archive, fed entry by entry: what each turn keeps.
import { describe, expect, test } from "bun:test";
import { applyExchange, emptyLog, takeExchanges, toolLine, EXCHANGE_LIMITS } from "../../src/extract/exchanges.ts";
import type { Entry, LineMeta } from "../../src/transcript/entries.ts";
import { redactDefault } from "../../src/privacy/redact.ts";

const meta = (n: number, sidechain = false): LineMeta => ({ timestamp: `2026-11-01T10:00:${String(n).padStart(2, "0")}Z`, sidechain });
const fold = (entries: Entry[]) => {
  const log = emptyLog();
  for (const e of entries) applyExchange(log, e, redactDefault);
  return log;
};

describe("turns", () => {
  test("a prompt opens a turn; replies, tool lines, an error's first line and a subagent's report go into it", () => {
    const log = fold([
      { kind: "prompt", text: "why does the export crash?", meta: meta(1) },
      { kind: "tool-use", id: "t1", name: "Bash", input: { command: "npm run export\n  -- --date 2026-11-01" }, meta: meta(2) },
      { kind: "tool-result", toolUseId: "t1", isError: true, text: "\nError: Invalid time value\n    at parseDate (src/date.ts:4)", meta: meta(3) },
      { kind: "tool-use", id: "t2", name: "Task", input: { description: "find callers of parseDate", prompt: "…" }, meta: meta(4) },
      { kind: "tool-result", toolUseId: "t2", isError: false, text: "Three callers:\nsrc/export.ts, src/report.ts and src/cron.ts", meta: meta(5) },
      { kind: "tool-use", id: "t3", name: "Edit", input: { file_path: "/p/src/date.ts", old_string: "a", new_string: "b" }, meta: meta(6) },
      { kind: "tool-use", id: "t4", name: "Write", input: { file_path: "/p/x.ts", content: "sub" }, meta: meta(6, true) },
      { kind: "assistant-text", text: "The root cause: parseDate treats midnight UTC as the previous day.", meta: meta(7) },
      { kind: "prompt", text: "ok fix it", meta: meta(8) },
    ]);
    const [first, second] = takeExchanges(log);
    expect(first).toEqual({
      seq: 1,
      at: "2026-11-01T10:00:01Z",
      prompt: "why does the export crash?",
      replies: ["The root cause: parseDate treats midnight UTC as the previous day."],
      tools: [
        "Bash: npm run export -- --date 2026-11-01 → error: Error: Invalid time value",
        "Task: find callers of parseDate → report: Three callers: src/export.ts, src/report.ts and src/cron.ts",
        "Edit /p/src/date.ts",
      ],
    });
    expect(second!.seq).toBe(2);
    // What was taken is gone from the log; the open turn stays for the next save.
    expect(log.done).toEqual([]);
    expect(log.open?.seq).toBe(2);
  });

  test("a background agent's report, which comes in a task notification, goes into the turn that started it", () => {
    const log = fold([
      { kind: "prompt", text: "find the callers of parseDate", meta: meta(1) },
      { kind: "tool-use", id: "t1", name: "Agent", input: { description: "find callers" }, meta: meta(2) },
      { kind: "tool-result", toolUseId: "t1", isError: false, text: "", later: true, meta: meta(3) },
      { kind: "tool-use", id: "t2", name: "Agent", input: { description: "check the docs" }, meta: meta(4) },
      { kind: "tool-result", toolUseId: "t2", isError: false, text: "", later: true, meta: meta(5) },
      { kind: "assistant-text", text: "Two agents are looking.", meta: meta(6) },
      { kind: "task-report", toolUseId: "t1", text: "Three callers: src/export.ts,\nsrc/cron.ts and src/report.ts", meta: meta(7) },
      // The second finishes after the next prompt: that turn may be stored already, its report is not put anywhere.
      { kind: "prompt", text: "thanks", meta: meta(8) },
      { kind: "task-report", toolUseId: "t2", text: "The docs say nothing.", meta: meta(9) },
    ]);
    const [first, second] = takeExchanges(log);
    expect(first!.tools).toEqual(["Agent: find callers → report: Three callers: src/export.ts, src/cron.ts and src/report.ts", "Agent: check the docs"]);
    expect(second!.tools).toEqual([]);
  });

  test("the same reply twice (Stop's last_assistant_message, then the transcript's copy) is kept once", () => {
    const log = fold([
      { kind: "prompt", text: "q", meta: meta(1) },
      { kind: "assistant-text", text: "Done: added the flag.", meta: meta(2) },
      { kind: "assistant-text", text: "Done: added the flag.", meta: meta(3) },
    ]);
    expect(log.open!.replies).toEqual(["Done: added the flag."]);
  });

  test("sizes are bounded per turn", () => {
    const entries: Entry[] = [{ kind: "prompt", text: "x".repeat(10_000), meta: meta(1) }];
    for (let i = 0; i < 100; i++) entries.push({ kind: "tool-use", id: `t${i}`, name: "Read", input: { file_path: `/p/f${i}.ts` }, meta: meta(2) });
    for (let i = 0; i < 10; i++) entries.push({ kind: "assistant-text", text: `reply ${i} ` + "y".repeat(3000), meta: meta(3) });
    const e = fold(entries).open!;
    expect(e.prompt.length).toBe(EXCHANGE_LIMITS.promptChars);
    expect(e.tools.length).toBe(EXCHANGE_LIMITS.tools);
    expect(e.replies.reduce((n, r) => n + r.length, 0)).toBeLessThanOrEqual(EXCHANGE_LIMITS.repliesChars);
  });

  test("a long turn keeps its first reply and its summary whole; the narration between tool calls goes first", () => {
    const entries: Entry[] = [{ kind: "prompt", text: "why do the exports fail at midnight?", meta: meta(1) }];
    entries.push({ kind: "assistant-text", text: "I suspect the date parsing; let me reproduce it first.", meta: meta(2) });
    for (let i = 0; i < 60; i++) {
      entries.push({ kind: "assistant-text", text: `Now let me check step ${i} of the export pipeline and its tests, one file at a time.`, meta: meta(3) });
      entries.push({ kind: "tool-use", id: `t${i}`, name: "Read", input: { file_path: `/p/src/f${i}.ts` }, meta: meta(3) });
    }
    const summary = `Found it: parseDate treats midnight UTC as the previous day. ${"Fixed in src/date.ts with a test. ".repeat(40)}`;
    entries.push({ kind: "assistant-text", text: summary, meta: meta(4) });
    const e = fold(entries).open!;
    expect(e.replies[0]).toBe("I suspect the date parsing; let me reproduce it first.");
    expect(e.replies.at(-1)).toBe(summary.trim());
    expect(e.replies.reduce((n, r) => n + r.length, 0)).toBeLessThanOrEqual(EXCHANGE_LIMITS.repliesChars);
    // The newest narration still fits beside them.
    expect(e.replies.at(-2)).toContain("step 59");
  });

  test("secrets and <private> never reach the archive, whole texts redacted before clipping", () => {
    const token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    const log = fold([
      { kind: "prompt", text: `deploy with <private>the staging password is hunter2</private> and ${token}`, meta: meta(1) },
      { kind: "tool-use", id: "t", name: "Bash", input: { command: `curl -H "Authorization: Bearer ${token}" https://api.example.com` }, meta: meta(2) },
      { kind: "assistant-text", text: "x".repeat(EXCHANGE_LIMITS.replyChars - 10) + token, meta: meta(3) },
    ]);
    const text = JSON.stringify(log);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain(token.slice(0, 12));
  });

  test("a log started after the session's first turns numbers on from them", () => {
    const log = emptyLog(7);
    applyExchange(log, { kind: "prompt", text: "next", meta: meta(1) }, redactDefault);
    expect(log.open!.seq).toBe(8);
    expect(log.fromStart).toBeUndefined();
  });
});

describe("tool lines", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["Bash", { command: "git status" }, "Bash: git status"],
    ["Read", { file_path: "/a/b.ts" }, "Read /a/b.ts"],
    ["Grep", { pattern: "TODO", path: "src" }, 'Grep "TODO" in src'],
    ["WebFetch", { url: "https://docs.example.com/x" }, "WebFetch https://docs.example.com/x"],
    ["mcp__db__query", { sql: "select 1" }, "mcp__db__query: select 1"],
    ["TodoWrite", { todos: [] }, "TodoWrite"],
  ];
  for (const [name, input, want] of cases) test(name, () => expect(toolLine(name, input)).toBe(want));
});
