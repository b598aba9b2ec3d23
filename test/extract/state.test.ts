// The extraction state (applyEntry) fed by the reader and the line parser, as the hooks
// feed it: on real transcripts recorded from Claude Code 2.1.197 and 2.1.330, and on
// hand-made edge cases; seen through the record it builds.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readAppended } from "../../src/transcript/reader.ts";
import { parseLine } from "../../src/transcript/entries.ts";
import { takeExchanges } from "../../src/extract/exchanges.ts";
import { applyEntry, emptyState, summaryBody, type ExtractState } from "../../src/extract/state.ts";
import { buildRecord } from "../../src/extract/record.ts";
import { redactDefault } from "../../src/privacy/redact.ts";
import { FIXTURES } from "../support/paths.ts";
import { tempDir } from "../support/tmp.ts";
import { jsonl, line } from "../support/transcript.ts";
import { fast } from "../support/timing.ts";

const T = join(FIXTURES, "transcripts");

function extract(...paths: string[]): ExtractState {
  const state = emptyState();
  for (const p of paths)
    readAppended(p, undefined, (l) => {
      for (const e of parseLine(l)) applyEntry(state, e, redactDefault);
    });
  return state;
}

function record(state: ExtractState, project = "/home/dev/src/shop") {
  return buildRecord(state, {
    sessionId: "s",
    project,
    cwd: project,
    gitBranch: null,
    transcriptPath: null,
    home: "/home/dev",
    now: "2026-11-23T00:00:00.000Z",
  });
}

function writeTranscript(lines: string[]): string {
  const p = join(tempDir(), "t.jsonl");
  writeFileSync(p, jsonl(lines));
  return p;
}

describe("real transcripts", () => {
  test("v197 compact-then-clear: the compaction summary is not a user request", () => {
    const r = record(extract(join(T, "v197-compact-then-clear.b65b21f3.jsonl")));
    expect(r.requests.some((q) => q.includes("continued from a previous conversation"))).toBe(false);
    expect(r.working_on).not.toContain("continued from a previous conversation");
    expect(r.compactions).toBe(1);
    expect(r.compact_summary).toBeTruthy();
    expect(r.compact_summary).not.toContain("This session is being continued");
  });

  test("v330 compact-then-clear: turns are the real prompts only (no caveats, commands, api dumps)", () => {
    const r = record(extract(join(T, "v330-compact-then-clear.1f25d681.jsonl")));
    expect(r.requests).toEqual(["turn one [[write:/home/dev/src/shop/c330.txt|compact test]]", "turn three after compact INJ-TURN3"]);
    expect(r.turn_count).toBe(2);
    expect(r.last_user_request).toBe("turn three after compact INJ-TURN3");
    expect(r.files_modified).toEqual(["c330.txt"]);
    expect(r.compactions).toBe(1);
  });

  test("v197 tools: Write is captured relative to the project; subagent prompts are not user turns", () => {
    const main = join(T, "v197-tools-write-bash-agent.c124cfc6.jsonl");
    const sub = join(T, "v197-tools-write-bash-agent.c124cfc6.subagents.agent-a90f2e36dec051304.jsonl");
    const r = record(extract(main, sub));
    expect(r.files_modified).toContain("hello.txt");
    expect(r.requests.some((q) => q.includes("sub task please") && !q.startsWith("do things"))).toBe(false);
    expect(r.turn_count).toBe(1);
  });

  test("v330 tools: same with the newer format", () => {
    const main = join(T, "v330-tools-write-bash-agent.e950b5d0.jsonl");
    const sub = join(T, "v330-tools-write-bash-agent.e950b5d0.subagents.agent-aa8ca5d33606065d3.jsonl");
    const state = extract(main, sub);
    const r = record(state);
    expect(r.files_modified).toContain("v330b.txt");
    expect(r.turn_count).toBe(1);
    // The agent ran in the background: its report came in a task notification, not in the launch notice.
    const agent = takeExchanges(state.exchanges)[0]!.tools.find((t) => t.startsWith("Agent"));
    expect(agent).toBe("Agent: fake subagent → report: FAKE-FINAL steps=0 markers=[INJ-SUBSTART-JSON-PLUGIN]");
  });

  test("v197 agent: the report without the bookkeeping Claude Code appends (agentId, usage)", () => {
    const state = extract(join(T, "v197-tools-write-bash-agent.c124cfc6.jsonl"));
    const agent = takeExchanges(state.exchanges)[0]!.tools.find((t) => t.startsWith("Agent"));
    expect(agent).toBe("Agent: fake subagent → report: FAKE-FINAL steps=0 markers=[INJ-SUBSTART-JSON-PLUGIN]");
  });

  test("every fixture parses without throwing and yields sane records", () => {
    for (const f of [
      "v197-auto-compact.3376c1c3.jsonl",
      "v197-hook-exit2.47180a02.jsonl",
      "v197-precompact-blocked.2427880e.jsonl",
      "v197-stop-block-and-ptu-exit2.ad1b1043.jsonl",
      "v197-streamjson-manual-compact.e102d318.jsonl",
      "v197-ups-blocked.37c40266.jsonl",
      "v330-compact-then-clear.after-clear.d1256f4e.jsonl",
    ]) {
      const r = record(extract(join(T, f)));
      expect(r.turn_count).toBeGreaterThanOrEqual(0);
      for (const q of r.requests) expect(q).not.toMatch(/^<(command-name|local-command|system-reminder)/);
    }
  });
});

describe("hand-made edge cases", () => {
  test("MultiEdit, NotebookEdit, Edit, and files written by Bash are captured", () => {
    const p = writeTranscript([
      line.user("refactor the parser", { cwd: "/p" }),
      line.toolUse("MultiEdit", { file_path: "/p/src/a.ts", edits: [] }),
      line.toolUse("NotebookEdit", { notebook_path: "/p/nb/analysis.ipynb", new_source: "x" }),
      line.toolUse("Edit", { file_path: "/p/README.md", old_string: "a", new_string: "b" }),
      line.toolUse("Bash", { command: "echo x > build/out.txt" }),
    ]);
    expect(record(extract(p), "/p").files_modified).toEqual(["src/a.ts", "nb/analysis.ipynb", "README.md", "build/out.txt"]);
  });

  test("subagent (sidechain) edits count for files, not for requests or todos", () => {
    const p = writeTranscript([
      line.user("do the thing", { cwd: "/p" }),
      line.user("subagent prompt: write helper", { isSidechain: true }),
      line.toolUse("Write", { file_path: "/p/helper.ts", content: "" }, { isSidechain: true }),
      line.toolUse("TodoWrite", { todos: [{ content: "sub todo", status: "pending" }] }, { isSidechain: true }),
    ]);
    const r = record(extract(p), "/p");
    expect(r.files_modified).toEqual(["helper.ts"]);
    expect(r.turn_count).toBe(1);
    expect(r.todos).toEqual([]);
  });

  test("isMeta, commands, caveats, reminders and tool results are not user turns", () => {
    const p = writeTranscript([
      line.user("<local-command-caveat>Caveat: ...</local-command-caveat>", { isMeta: true }),
      line.user("<command-name>/compact</command-name>"),
      line.user("<local-command-stdout>Compacted</local-command-stdout>"),
      line.user("<system-reminder>hook said hi</system-reminder>"),
      line.toolResult("file contents"),
      line.user("hook feedback", { isMeta: true }),
      line.user("add a health endpoint to the API server"),
    ]);
    const r = record(extract(p));
    expect(r.turn_count).toBe(1);
    expect(r.working_on).toBe("add a health endpoint to the API server");
  });

  test("malformed, truncated and unknown lines are skipped", () => {
    const p = join(tempDir(), "t.jsonl");
    writeFileSync(
      p,
      [
        line.user("first real request here"),
        "{not json",
        '{"type":"mystery","x":1}',
        "\u0000\u0001garbage",
        line.user("second real request here"),
        '{"type":"user","message":{"content":"trunc',
      ].join("\n"),
    );
    const r = record(extract(p));
    expect(r.requests).toEqual(["first real request here", "second real request here"]);
  });

  test("the last TodoWrite list wins; working_on skips filler", () => {
    const p = writeTranscript([
      line.user("implement the session store with SQLite"),
      line.toolUse("TodoWrite", {
        todos: [
          { content: "schema", status: "completed" },
          { content: "upsert", status: "in_progress" },
        ],
      }),
      line.toolUse("TodoWrite", {
        todos: [
          { content: "schema", status: "completed" },
          { content: "upsert", status: "completed" },
          { content: "prune", status: "pending" },
        ],
      }),
      line.user("ok thanks"),
    ]);
    const r = record(extract(p));
    expect(r.todos.map((t) => t.content)).toEqual(["schema", "upsert", "prune"]);
    expect(r.working_on).toBe("implement the session store with SQLite");
    expect(r.last_user_request).toBe("ok thanks");
  });

  test("secrets and <private> spans never reach the state", () => {
    const p = writeTranscript([
      // A random-looking body: `abcdef…0123456789` reads as documentation and may be kept (issue 9).
      line.user("use key sk-ant-api03-" + "q7Lm2ZxV9tRb4NwE0cYh6JpUs3DfG8kIo1Ae5Wn" + " and <private>my diary</private> please"),
      line.assistantText("Set the password=hunter2hunter2 in config.yaml"),
    ]);
    const s = JSON.stringify(extract(p));
    expect(s).not.toContain("sk-ant-api03");
    expect(s).not.toContain("my diary");
    expect(s).not.toContain("hunter2hunter2");
    expect(s).toContain("[REDACTED:anthropic-key]");
  });

  test("decisions from assistant text, deduplicated, newest last", () => {
    const p = writeTranscript([
      line.user("fix the hook timeout"),
      line.assistantText("Fixed timeout from 5s to 15s in hooks/stop.py. The rest is unchanged."),
      line.assistantText("Added a retry to the API client in src/client.ts."),
      line.assistantText("Fixed timeout from 5s to 15s in hooks/stop.py."),
    ]);
    expect(record(extract(p)).decisions).toEqual(["Added a retry to the API client in src/client.ts", "Fixed timeout from 5s to 15s in hooks/stop.py"]);
  });
});

describe("linear time", () => {
  fast(
    "a 15 MB assistant text: decisions only from its end",
    () => {
      const state = emptyState();
      applyEntry(
        state,
        { kind: "assistant-text", text: "word ".repeat(3_000_000) + "\nFixed timeout in hooks/stop.py from 5s to 15s.", meta: { sidechain: false } },
        redactDefault,
      );
      expect(state.decisions).toEqual(["Fixed timeout in hooks/stop.py from 5s to 15s"]);
    },
    3000,
  );
  fast("a compaction summary of 100,000 newlines", () => summaryBody("\n".repeat(100_000) + "x"));
});
