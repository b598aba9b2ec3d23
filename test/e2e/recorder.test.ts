// session-recorder inside the real Claude Code CLI (pinned in package.json), offline
// against the fake API: what Claude is actually told, request by request.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startFakeApi, latestUserText, type FakeApi } from "./fake-api.ts";
import { CLAUDE_VERSIONS, hookErrors, injectedContexts, makeSandbox, runTurns, type ClaudeVersion, type RunResult, type Sandbox } from "./claude.ts";

const PLUGIN = resolve(import.meta.dir, "..", "..", "plugin");

let api: FakeApi;
/** Each Claude Code version gets its own HOME, and its requests are looked up from `base` on. */
let sbx: Sandbox;
let version: ClaudeVersion;
let base = 0;
const sandboxes: Sandbox[] = [];

beforeAll(async () => {
  if (!existsSync(join(PLUGIN, "bin", "native", "session-recorder")))
    throw new Error("plugin/bin/native/session-recorder is missing: run `npm run build` (npm test does)");
  api = await startFakeApi();
});
afterAll(() => {
  api?.stop();
  for (const s of sandboxes) s.cleanup();
});

function use(v: ClaudeVersion): void {
  version = v;
  sbx = makeSandbox();
  sandboxes.push(sbx);
  base = api.requests.length;
}

/** Run turns with our plugin; every hook must have succeeded. */
async function session(cwd: string, turns: string[], extra: { resume?: string; extraArgs?: string[] } = {}): Promise<RunResult & { from: number }> {
  const from = api.requests.length;
  const result = await runTurns({ home: sbx.home, cwd, apiUrl: api.url, pluginDir: PLUGIN, turns, tmpDir: sbx.tmp, version, ...extra });
  expect(result.exitCode).toBe(0);
  expect(hookErrors(result)).toEqual([]);
  return { ...result, from };
}

/** The injected contexts of the first request made for the turn whose text contains `marker`. */
function contextFor(marker: string, from = base): string {
  const i = api.requests.findIndex((body, idx) => idx >= from && latestUserText(body).includes(marker));
  if (i < 0) throw new Error(`no request for a turn containing ${marker}`);
  return injectedContexts([api.requests[i]])[0]!.join("\n");
}

/** The stored records, read from the plugin's data dir under the sandbox HOME. */
function records(): Record<string, any> {
  const out: Record<string, any> = {};
  const base = join(sbx.home, ".claude", "plugins", "data");
  for (const d of existsSync(base) ? readdirSync(base) : []) {
    const dir = join(base, d, "sessions");
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith(".json")) out[f.slice(0, -5)] = JSON.parse(readFileSync(join(dir, f), "utf8"));
  }
  return out;
}

for (const cc of CLAUDE_VERSIONS)
  describe(`real Claude Code CLI ${cc.name}`, () => {
    beforeAll(() => use(cc.name));

    test("session A's work is in session B's startup context in the same project, and absent elsewhere", async () => {
      const project = join(sbx.root, "shop");
      const other = join(sbx.root, "blog");
      for (const p of [project, other]) await Bun.write(join(p, ".keep"), "");
      const a = await session(project, [
        `add rate limiting to the upload endpoint RL-MARK [[write:${project}/src/ratelimit.ts|export const limit = 10;]] [[say:Added a token bucket in src/ratelimit.ts with 10 requests per second.]]`,
      ]);
      const rec = records()[a.sessionId];
      expect(rec.turn_count).toBe(1);
      expect(rec.files_modified).toEqual(["src/ratelimit.ts"]);
      expect(rec.decisions).toContain("Added a token bucket in src/ratelimit.ts with 10 requests per second");

      await session(project, ["what were we doing? B-MARK"]);
      const b = contextFor("B-MARK");
      expect(b).toContain("add rate limiting to the upload endpoint RL-MARK");
      expect(b).toContain("src/ratelimit.ts");
      expect(b).toContain("<session-recorder-data>");

      await session(other, ["hello from another project C-MARK"]);
      expect(contextFor("C-MARK")).not.toContain("RL-MARK");
    });

    test("after /compact, the first request carries this session's state", async () => {
      const project = join(sbx.root, "compact");
      await Bun.write(join(project, ".keep"), "");
      const s = await session(project, [
        `build the CSV export CX-TASK [[todo:write exporter;add tests]] [[write:${project}/export.py|print(1)]]`,
        "/compact",
        "continue please CX-AFTER",
      ]);
      const ctx = contextFor("CX-AFTER", s.from);
      expect(ctx).toContain("state of this session");
      expect(ctx).toContain("build the CSV export CX-TASK");
      expect(ctx).toContain("export.py");
      expect(ctx).toContain("write exporter");
      const rec = records()[s.sessionId];
      expect(rec.compactions).toBe(1);
      expect(rec.compact_summary).toContain("FAKE SUMMARY");
      // The compaction summary never becomes a user request.
      expect(rec.requests.join("\n")).not.toContain("continued from a previous conversation");
      expect(rec.turn_count).toBe(2);
    });

    test("two sessions whose compactions overlap each get their own state", async () => {
      const project = join(sbx.root, "overlap");
      await Bun.write(join(project, ".keep"), "");
      const [one, two] = await Promise.all([
        session(project, ["first session works on OVL-ALPHA billing", "/compact", "go on OVL-ALPHA-AFTER"]),
        session(project, ["second session works on OVL-BETA login", "/compact", "go on OVL-BETA-AFTER"]),
      ]);
      expect(one.sessionId).not.toBe(two.sessionId);
      const alpha = contextFor("OVL-ALPHA-AFTER");
      const beta = contextFor("OVL-BETA-AFTER");
      expect(alpha).toContain("OVL-ALPHA billing");
      expect(alpha).not.toContain("OVL-BETA");
      expect(beta).toContain("OVL-BETA login");
      expect(beta).not.toContain("OVL-ALPHA");
    });

    test("/clear starts a new session that knows the cleared one; --resume gets a short note", async () => {
      const project = join(sbx.root, "clear");
      await Bun.write(join(project, ".keep"), "");
      const s = await session(project, ["refactor the payment module CLR-TASK", "/clear", "next thing CLR-AFTER"]);
      expect(s.sessionIds.length).toBeGreaterThanOrEqual(2);
      const afterClear = contextFor("CLR-AFTER", s.from);
      expect(afterClear).toContain("refactor the payment module CLR-TASK");

      const first = s.sessionIds[0]!;
      const r = await session(project, ["back again RES-AFTER"], { resume: first });
      const note = contextFor("RES-AFTER", r.from);
      expect(note).toContain(`resumed session ${first.slice(0, 8)}`);
      expect(records()[first].turn_count).toBe(2);
    });

    test("a fork (--resume --fork-session) is told where it came from, not given the startup dump", async () => {
      const project = join(sbx.root, "fork");
      await Bun.write(join(project, ".keep"), "");
      const parent = await session(project, ["design the webhook retry policy FRK-PARENT", "and write it down FRK-TWO"]);
      const f = await session(project, ["now try exponential backoff FRK-CHILD"], { resume: parent.sessionId, extraArgs: ["--fork-session"] });
      expect(f.sessionId).not.toBe(parent.sessionId);
      const hooks = f.hookEvents.filter((e: any) => e.subtype === "hook_started" && e.hook_event === "SessionStart");
      expect(hooks.length).toBeGreaterThan(0);
      // Claude Code copies the parent's lines into the fork's transcript only at its first turn:
      // at SessionStart the parent cannot be named yet.
      const ctx = contextFor("FRK-CHILD", f.from);
      expect(ctx).toContain("this session is a fork");
      expect(ctx).not.toContain("earlier Claude Code sessions in this project");
      expect(ctx).not.toContain("FRK-PARENT");
      // The fork carries its parent's conversation: its record does too, under its own id.
      const rec = records()[f.sessionId];
      expect(rec.requests).toEqual(["design the webhook retry policy FRK-PARENT", "and write it down FRK-TWO", "now try exponential backoff FRK-CHILD"]);
      expect(records()[parent.sessionId].turn_count).toBe(2);
    });
  });

for (const cc of CLAUDE_VERSIONS)
  describe(`recall through the real CLI ${cc.name}`, () => {
    beforeAll(() => use(cc.name));

    test("the MCP server is started, its tools are offered, and search_sessions finds the past session", async () => {
      const project = join(sbx.root, "recall");
      await Bun.write(join(project, ".keep"), "");
      await session(project, [
        `migrate the invoices table to bigint ids MCP-PAST [[write:${project}/db/migrations/042_invoice_ids.sql|ALTER TABLE invoices;]]`,
      ]);
      const past = Object.values(records()).find((r: any) => r.working_on.includes("MCP-PAST"));
      expect(past).toBeTruthy();

      // ENABLE_TOOL_SEARCH=false: offer MCP tools in the request itself rather than behind ToolSearch.
      const from = api.requests.length;
      const r = await runTurns({
        home: sbx.home,
        cwd: project,
        apiUrl: api.url,
        pluginDir: PLUGIN,
        tmpDir: sbx.tmp,
        version,
        env: { ENABLE_TOOL_SEARCH: "false" },
        turns: [`what did we do about invoice ids? MCP-ASK [[tool:search_sessions|{"query":"invoice id migration"}]]`],
      });
      expect(r.exitCode).toBe(0);
      expect(hookErrors(r)).toEqual([]);
      const reqs = api.requests.slice(from);
      const offered = reqs[0].tools.map((t: any) => t.name);
      for (const tool of ["search_sessions", "get_session", "list_recent_sessions"]) expect(offered.some((n: string) => n.endsWith(`__${tool}`))).toBe(true);
      // The request after the tool call carries its result.
      const results = reqs.flatMap((b: any) =>
        b.messages.flatMap((m: any) => (Array.isArray(m.content) ? m.content : []).filter((c: any) => c.type === "tool_result")),
      );
      const text = JSON.stringify(results);
      expect(text).toContain("Recorded sessions matching");
      expect(text).toContain((past as any).session_id);
      expect(text).toContain("042_invoice_ids.sql");
    });
  });
