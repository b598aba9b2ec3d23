/**
 * Proves the e2e harness against the real CLI, with a throwaway probe plugin (built in a
 * temp dir, not the repo's plugin/) whose hooks log their stdin and, on SessionStart,
 * inject `MARKER-<source>`.
 */

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hookErrors, injectedContexts, makeSandbox, runTurns, type RunTurnsOptions, type Sandbox } from "./claude.ts";
import { isCompactionRequest, latestUserText, startFakeApi, type FakeApi } from "./fake-api.ts";

const PROBE_EVENTS = ["SessionStart", "Stop", "PreCompact", "PostCompact", "SessionEnd"] as const;

interface HookLogEntry {
  event: string;
  pluginData: string;
  input: any;
}

/** A plugin whose every hook appends `{event, pluginData, input}` as one line to `logFile`. */
function makeProbePlugin(dir: string, logFile: string): string {
  mkdirSync(join(dir, ".claude-plugin"), { recursive: true });
  mkdirSync(join(dir, "hooks"), { recursive: true });
  writeFileSync(join(dir, ".claude-plugin", "plugin.json"), JSON.stringify({ name: "probe" }));
  const script = join(dir, "hooks", "log.sh");
  // The hook input is compact JSON; stripping newlines keeps one entry per line regardless.
  writeFileSync(
    script,
    `#!/bin/sh
input=$(cat | tr -d '\\n')
printf '{"event":"%s","pluginData":"%s","input":%s}\\n' "$1" "$CLAUDE_PLUGIN_DATA" "$input" >> '${logFile}'
if [ "$1" = SessionStart ]; then
  src=$(printf '%s' "$input" | sed -n 's/.*"source" *: *"\\([a-z]*\\)".*/\\1/p')
  printf '{"hookSpecificOutput":{"hookEventName":"SessionStart","additionalContext":"MARKER-%s"}}' "$src"
fi
`,
  );
  chmodSync(script, 0o755);
  const hooks = Object.fromEntries(
    PROBE_EVENTS.map((e) => [e, [{ hooks: [{ type: "command", command: `\${CLAUDE_PLUGIN_ROOT}/hooks/log.sh ${e}`, timeout: 10 }] }]]),
  );
  writeFileSync(join(dir, "hooks", "hooks.json"), JSON.stringify({ hooks }, null, 2));
  return dir;
}

let api: FakeApi;
let sb: Sandbox;
let pluginDir: string;
let logFile: string;

function hookLog(): HookLogEntry[] {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as HookLogEntry);
}

/** Hook log entries of the given sessions only (tests share one HOME and one log). */
function logFor(...sessionIds: string[]): HookLogEntry[] {
  return hookLog().filter((e) => sessionIds.includes(e.input?.session_id));
}

/** Runs the CLI with the probe plugin in a fresh project dir; also returns that run's requests. */
async function run(name: string, turns: string[], extra: Partial<RunTurnsOptions> = {}) {
  const cwd = extra.cwd ?? join(sb.root, name);
  mkdirSync(cwd, { recursive: true });
  const first = api.requests.length;
  const started = performance.now();
  const result = await runTurns({ home: sb.home, cwd, apiUrl: api.url, pluginDir, tmpDir: sb.tmp, turns, ...extra });
  const ms = Math.round(performance.now() - started);
  if (process.env.E2E_TIMINGS) console.log(`  ${name}: ${turns.length} turn(s) in ${ms} ms`);
  return { ...result, cwd, requests: api.requests.slice(first) };
}

beforeAll(async () => {
  api = await startFakeApi();
  sb = makeSandbox();
  logFile = join(sb.root, "hooks.log");
  pluginDir = makeProbePlugin(join(sb.root, "probe-plugin"), logFile);
});

afterAll(() => {
  api?.stop();
  if (!process.env.E2E_KEEP) sb?.cleanup();
});

describe("e2e harness with the real Claude Code CLI", () => {
  test("a Write directive creates the file and the Stop hook fires", async () => {
    const target = join(sb.root, "write", "a.txt");
    const r = await run("write", [`please [[write:${target}|hello from the fake model]] [[say:all written]]`]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(target, "utf8")).toBe("hello from the fake model");
    expect(r.results[0]?.result).toContain("all written");
    const stop = logFor(r.sessionId).filter((e) => e.event === "Stop");
    expect(stop).toHaveLength(1);
    expect(stop[0]?.input.last_assistant_message).toContain("all written");
    expect(stop[0]?.pluginData).toBe(join(sb.home, ".claude", "plugins", "data", "probe-inline"));
    expect(hookErrors(r)).toEqual([]);
  });

  test("the SessionStart context reaches the first request", async () => {
    const r = await run("startup", ["hi"]);
    const contexts = injectedContexts(r.requests);
    expect(contexts[0]?.join("\n")).toContain("MARKER-startup");
    expect(
      logFor(r.sessionId)
        .filter((e) => e.event === "SessionStart")
        .map((e) => e.input.source),
    ).toEqual(["startup"]);
  });

  test("/compact fires PreCompact, SessionStart(compact), PostCompact and re-injects context", async () => {
    const r = await run("compact", ["first turn [[bash:echo hi]]", "/compact", "after the compaction"]);
    expect(r.sessionIds).toEqual([r.sessionId]);
    const events = logFor(r.sessionId).map((e) => (e.event === "SessionStart" ? `SessionStart:${e.input.source}` : e.event));
    expect(events).toEqual(["SessionStart:startup", "Stop", "PreCompact", "SessionStart:compact", "PostCompact", "Stop", "SessionEnd"]);
    const post = logFor(r.sessionId).find((e) => e.event === "PostCompact");
    expect(post?.input.trigger).toBe("manual");
    expect(post?.input.compact_summary).toContain("FAKE SUMMARY");
    // Exactly one: a reply the CLI cannot use as a summary makes it retry.
    expect(r.requests.filter(isCompactionRequest)).toHaveLength(1);

    const after = r.requests.findIndex((b) => latestUserText(b).includes("after the compaction"));
    expect(after).toBeGreaterThan(0);
    const told = injectedContexts(r.requests)[after]?.join("\n") ?? "";
    expect(told).toContain("MARKER-compact");
    expect(told).not.toContain("MARKER-startup");
    expect(hookErrors(r)).toEqual([]);
  });

  test("/clear ends the session and starts a new one", async () => {
    const r = await run("clear", ["before clear", "/clear", "after clear"]);
    expect(r.sessionIds).toHaveLength(2);
    const [oldId, newId] = r.sessionIds as [string, string];
    expect(r.sessionId).toBe(newId);
    expect(logFor(oldId).find((e) => e.event === "SessionEnd")?.input.reason).toBe("clear");
    const start = logFor(newId).find((e) => e.event === "SessionStart");
    expect(start?.input.source).toBe("clear");
    const after = r.requests.findIndex((b) => latestUserText(b).includes("after clear"));
    expect(injectedContexts(r.requests)[after]?.join("\n")).toContain("MARKER-clear");
    expect(existsSync(join(sb.projectStateDir(r.cwd), `${newId}.jsonl`))).toBe(true);
    expect(hookErrors(r)).toEqual([]);
  });

  test("--resume continues a prior session and fires SessionStart(resume)", async () => {
    const cwd = join(sb.root, "resume");
    const first = await run("resume", ["remember the word PINEAPPLE"], { cwd });
    const second = await run("resume", ["what was the word?"], { cwd, resume: first.sessionId });
    expect(second.sessionId).toBe(first.sessionId);
    const sources = logFor(first.sessionId)
      .filter((e) => e.event === "SessionStart")
      .map((e) => e.input.source);
    expect(sources).toEqual(["startup", "resume"]);
    const body = JSON.stringify(second.requests[0]);
    expect(body).toContain("PINEAPPLE");
    expect(injectedContexts(second.requests)[0]?.join("\n")).toContain("MARKER-resume");
    expect(hookErrors(second)).toEqual([]);
  });

  test("an agent directive runs a subagent that writes its file and gets its own transcript", async () => {
    const target = join(sb.root, "agent", "from-subagent.txt");
    const r = await run("agent", [`delegate [[agent:[[write:${target}|written by the subagent]]]]`]);
    expect(readFileSync(target, "utf8")).toBe("written by the subagent");
    // Foreground agent: one turn, one result, the subagent's requests in between.
    expect(r.results).toHaveLength(1);
    expect(r.requests.some((b) => latestUserText(b).includes(`[[write:${target}|`) && !latestUserText(b).includes("[[agent:"))).toBe(true);
    const subDir = join(sb.projectStateDir(r.cwd), r.sessionId, "subagents");
    const transcripts = readdirSync(subDir).filter((f) => /^agent-.*\.jsonl$/.test(f));
    expect(transcripts).toHaveLength(1);
    expect(readFileSync(join(subDir, transcripts[0]!), "utf8")).toContain("written by the subagent");
    expect(hookErrors(r)).toEqual([]);
  });

  test("a background agent: runTurns waits for its notification turn before the next turn", async () => {
    const target = join(sb.root, "bgagent", "from-bg.txt");
    const r = await run("bgagent", [`[[bgagent:[[write:${target}|background]]]]`, "second turn [[say:after bg]]"]);
    expect(readFileSync(target, "utf8")).toBe("background");
    // turn 1, the task-notification turn, turn 2
    expect(r.results).toHaveLength(3);
    expect(r.results.map((x) => x.result)).toContain("after bg");
    expect(r.lines.some((l) => l.type === "system" && l.subtype === "task_notification")).toBe(true);
  });

  test("write, edit, bash and todo directives run in order within one turn", async () => {
    const dir = join(sb.root, "steps");
    const f = join(dir, "f.txt");
    const r = await run("steps", [
      `go [[write:${f}|alpha beta]] [[edit:${f}|beta|gamma]] [[bash:cat ${f} > ${dir}/g.txt]] [[todo:first;second]] [[say:finished]]`,
    ]);
    expect(readFileSync(f, "utf8")).toBe("alpha gamma");
    expect(readFileSync(join(dir, "g.txt"), "utf8")).toBe("alpha gamma");
    const toolUses = r.lines
      .filter((l) => l.type === "assistant")
      .flatMap((l) => l.message.content)
      .filter((b: any) => b.type === "tool_use");
    expect(toolUses.map((b: any) => b.name)).toEqual(["Write", "Edit", "Bash", "TodoWrite"]);
    const toolErrors = r.lines
      .filter((l) => l.type === "user")
      .flatMap((l) => l.message.content)
      .filter((b: any) => b.type === "tool_result" && b.is_error);
    expect(toolErrors).toEqual([]);
    expect(toolUses[3].input.todos).toEqual([
      { content: "first", status: "in_progress", activeForm: "first" },
      { content: "second", status: "pending", activeForm: "second" },
    ]);
    expect(r.results[0]?.result).toBe("finished");
  });

  test("hookErrors reports failing and invalid hooks", async () => {
    const bad = join(sb.root, "bad-plugin");
    mkdirSync(join(bad, ".claude-plugin"), { recursive: true });
    mkdirSync(join(bad, "hooks"), { recursive: true });
    writeFileSync(join(bad, ".claude-plugin", "plugin.json"), JSON.stringify({ name: "bad" }));
    const wrongEvent = JSON.stringify({ hookSpecificOutput: { hookEventName: "Wrong", additionalContext: "x" } });
    writeFileSync(
      join(bad, "hooks", "hooks.json"),
      JSON.stringify({
        hooks: {
          SessionStart: [{ hooks: [{ type: "command", command: "echo oops >&2; exit 1" }] }],
          Stop: [{ hooks: [{ type: "command", command: `echo '${wrongEvent}'` }] }],
        },
      }),
    );
    const r = await run("bad", ["hi"], { pluginDir: bad });
    const errors = hookErrors(r);
    expect(errors.map((e) => `${e.hook_event}:${e.exit_code}:${e.outcome}`).sort()).toEqual(["SessionStart:1:error", "Stop:0:error"]);
  });

  test("the CLI called nothing but POST /v1/messages", () => {
    expect(api.calls.length).toBeGreaterThan(0);
    expect(api.calls.filter((c) => !(c.method === "POST" && c.path === "/v1/messages"))).toEqual([]);
  });
});
