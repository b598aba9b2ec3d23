// src/claude.ts: Claude Code's facts, checked against the plugin's own hooks.json and
// against what the real CLI was seen to do (/work/shared facts, fixtures).
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  agentParentIn,
  AGENT_FILE,
  CONTEXT_HARD_CAP,
  HOOK_OUTPUT_MAX_CHARS,
  HOOKS,
  hookOutputProblem,
  projectSlug,
  sessionStartOutput,
  subagentsDir,
  transcriptsDir,
  writesAgentsBeside,
} from "../src/claude.ts";
import { ROOT } from "./support/paths.ts";

describe("hook events", () => {
  const json = JSON.parse(readFileSync(join(ROOT, "plugin", "hooks", "hooks.json"), "utf8")) as {
    hooks: Record<string, { hooks: { type: string; command: string; timeout: number }[] }[]>;
  };

  test("plugin/hooks/hooks.json has the table's events, each calling `hook <word>` with the table's timeout", () => {
    const fromJson = Object.entries(json.hooks).flatMap(([event, groups]) =>
      groups.flatMap((g) => g.hooks.map((h) => ({ event, command: h.command, timeoutS: h.timeout }))),
    );
    const fromTable = Object.entries(HOOKS).map(([word, h]) => ({
      event: h.event,
      command: `"\${CLAUDE_PLUGIN_ROOT}/bin/session-recorder" hook ${word}`,
      timeoutS: h.timeoutS,
    }));
    const byEvent = (a: { event: string }, b: { event: string }) => a.event.localeCompare(b.event);
    expect(fromJson.sort(byEvent)).toEqual(fromTable.sort(byEvent));
  });
});

describe("hook output", () => {
  test("our context cap stays under Claude Code's", () => {
    expect(CONTEXT_HARD_CAP).toBeLessThan(HOOK_OUTPUT_MAX_CHARS);
  });

  test("what sessionStartOutput builds passes the contract check; nothing builds null", () => {
    expect(sessionStartOutput("")).toBeNull();
    for (const out of [sessionStartOutput("ctx"), sessionStartOutput("", "hint"), sessionStartOutput("ctx", "hint")]) {
      expect(hookOutputProblem("session-start", JSON.stringify(out) + "\n")).toBeNull();
    }
  });

  test.each([
    ["stop", '{"systemMessage":"x"}', /must be empty/],
    ["session-start", "plain text", /not JSON/],
    ["session-start", '{"a":1}\n{"b":2}', /more than one line/],
    ["session-start", '{"hookSpecificOutput":{"hookEventName":"Stop","additionalContext":"x"}}', /hookEventName/],
    ["session-start", '{"decision":"block"}', /unexpected stdout JSON keys/],
    ["session-start", JSON.stringify(sessionStartOutput("x".repeat(CONTEXT_HARD_CAP + 1))), /chars/],
    ["session-start", '{"systemMessage":""}', /systemMessage/],
  ])("%s printing %s is refused", (event, stdout, why) => {
    expect(hookOutputProblem(event, stdout)).toMatch(why);
  });
});

describe("transcripts", () => {
  test("the project slug is the absolute path with every non-alphanumeric character replaced by -", () => {
    expect(projectSlug("/home/dev/src/shop")).toBe("-home-dev-src-shop");
    expect(projectSlug("/home/me/my.app_v2")).toBe("-home-me-my-app-v2");
    expect(join(transcriptsDir("/home/dev"), projectSlug("/home/dev/src/shop"))).toBe("/home/dev/.claude/projects/-home-dev-src-shop");
  });

  test("subagent layouts by version", () => {
    expect(subagentsDir("/h/.claude/projects/-p/abc.jsonl", "abc")).toBe("/h/.claude/projects/-p/abc/subagents");
    expect([undefined, "2.1.330", "2.1.0", "3.0.0"].map(writesAgentsBeside)).toEqual([false, false, false, false]);
    expect(["2.0.76", "1.0.58", "0.2.9"].map(writesAgentsBeside)).toEqual([true, true, true]);
    expect(AGENT_FILE.test("agent-a90f2e36dec051304.jsonl")).toBe(true);
    expect(AGENT_FILE.test("3376c1c3-2d2f-40b6-baaf-e4439cde8cb0.jsonl")).toBe(false);
    expect(agentParentIn('{"parentUuid":null,"sessionId":"3376c1c3-2d2f","isSidechain":true}\n')).toBe("3376c1c3-2d2f");
    expect(agentParentIn('{"type":"summary"}')).toBeNull();
  });
});
