// `search` through the binary, and the MCP server's protocol handling in-process.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBin } from "../support/spawn.ts";
import { sandbox } from "../support/tmp.ts";
import { jsonl, line } from "../support/transcript.ts";
import { handle } from "../../src/mcp/server.ts";
import { openDatabase } from "../../src/store/db.ts";
import { Store } from "../../src/store/sessions.ts";
import { buildRecord } from "../../src/extract/record.ts";
import { emptyState } from "../../src/extract/state.ts";

function filled() {
  const sbx = sandbox();
  const stop = (id: string, texts: string[], cwd = sbx.project) => {
    const t = join(sbx.transcripts, `${id}.jsonl`);
    writeFileSync(t, jsonl(texts.map((x) => line.user(x, { cwd }))));
    expect(runBin(["hook", "stop"], { stdin: JSON.stringify({ session_id: id, transcript_path: t, cwd }), env: sbx.env }).code).toBe(0);
  };
  stop("s-auth", ["add JWT refresh token rotation to the auth middleware"]);
  stop("s-css", ["restyle the pricing page with the new colors"]);
  const other = join(sbx.dir, "other");
  mkdirSync(other);
  stop("s-other", ["rotate the auth middleware signing keys"], other);
  return { sbx, other };
}

describe("search", () => {
  test("this project by default; --all ranks this project first; --json has the documented fields", () => {
    const { sbx } = filled();
    const here = JSON.parse(runBin(["search", "auth", "middleware", "--json"], { env: sbx.env, cwd: sbx.project }).stdout);
    expect(here.map((h: any) => h.session_id)).toEqual(["s-auth"]);
    for (const k of ["session_id", "project", "updated_at", "working_on", "score", "snippet"]) expect(here[0]).toHaveProperty(k);
    const all = JSON.parse(runBin(["search", "auth middleware", "--all", "--json"], { env: sbx.env, cwd: sbx.project }).stdout);
    expect(all.map((h: any) => h.session_id)).toEqual(["s-auth", "s-other"]);
    const human = runBin(["search", "pricing colors"], { env: sbx.env, cwd: sbx.project });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("s-css");
    expect(human.stdout).not.toContain("\x1b["); // no colour when not on a TTY
  });

  test("FTS syntax in a query is taken as plain words", () => {
    const { sbx } = filled();
    for (const q of ['"auth', "auth AND (", "NEAR(auth", "auth*:"]) {
      const r = runBin(["search", q, "--json"], { env: sbx.env, cwd: sbx.project });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).map((h: any) => h.session_id)).toEqual(["s-auth"]);
    }
  });

  test("an empty store: a clear line, exit 0; bad flags: exit 2", () => {
    const sbx = sandbox();
    const r = runBin(["search", "anything"], { env: sbx.env, cwd: sbx.project });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("no sessions match");
    expect(runBin(["search", "x", "--limit", "-3"], { env: sbx.env, cwd: sbx.project }).code).toBe(2);
    expect(runBin(["search"], { env: sbx.env, cwd: sbx.project }).code).toBe(2);
  });
});

describe("MCP protocol", () => {
  const store = new Store(openDatabase(":memory:"));
  const state = emptyState();
  state.requests = ["migrate the billing service to stripe"];
  store.upsertRecord(
    buildRecord(state, { sessionId: "mcp-1", project: "/p", cwd: "/p", gitBranch: null, transcriptPath: null, home: "/h", now: "2026-11-01T00:00:00Z" }),
  );
  const ctx = { store, here: { project: "/p", gitBranch: null, repo: "/p" } };
  const logs: string[] = [];
  const call = (method: string, params?: object) =>
    handle({ jsonrpc: "2.0", id: 1, method, params: params as Record<string, unknown> }, ctx, (_, m) => logs.push(m));

  test("initialize negotiates a known protocol version", () => {
    expect((call("initialize", { protocolVersion: "2025-03-26" }) as any).result.protocolVersion).toBe("2025-03-26");
    expect((call("initialize", { protocolVersion: "1999-01-01" }) as any).result.protocolVersion).toBe("2025-06-18");
  });
  test("tools/list names the four tools; search_sessions asks to be loaded up front", () => {
    const tools = (call("tools/list") as any).result.tools;
    expect(tools.map((t: any) => t.name)).toEqual(["search_sessions", "get_exchanges", "get_session", "list_recent_sessions"]);
    expect(tools[0]._meta).toEqual({ "anthropic/alwaysLoad": true });
    for (const t of tools) expect(t.description.length).toBeLessThan(2048);
  });
  test("the server's instructions say when to search, in under 2 KB", () => {
    const init = (call("initialize", { protocolVersion: "2025-06-18" }) as any).result;
    expect(init.instructions.length).toBeLessThan(2048);
    expect(init.instructions).toContain("search_sessions");
  });
  test("tools/call returns bounded data; bad arguments are a tool error, not a crash", () => {
    const ok = (call("tools/call", { name: "search_sessions", arguments: { query: "stripe billing" } }) as any).result;
    expect(ok.content[0].text).toContain("mcp-1");
    expect(ok.content[0].text.length).toBeLessThanOrEqual(8200);
    const got = (call("tools/call", { name: "get_session", arguments: { session_id: "mcp" } }) as any).result;
    expect(got.content[0].text).toContain("migrate the billing service");
    const bad = (call("tools/call", { name: "search_sessions", arguments: { query: 42 } }) as any).result;
    expect(bad.isError).toBe(true);
    expect(bad.content[0].text).toContain("invalid arguments: query");
    expect((call("tools/call", { name: "nope" }) as any).error.code).toBe(-32602);
    expect((call("bogus/method") as any).error.code).toBe(-32601);
    expect(handle({ jsonrpc: "2.0", method: "notifications/initialized" }, ctx, () => {})).toBeNull();
  });
});
