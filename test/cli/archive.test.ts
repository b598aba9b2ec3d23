// The exchange archive through the CLI: show --exchanges, search, export/import, status,
// and backfill filling the archive of sessions recorded before it existed.
import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBin } from "../support/spawn.ts";
import { sandbox } from "../support/tmp.ts";
import { jsonl, line } from "../support/transcript.ts";

function recorded() {
  const sbx = sandbox();
  const t = join(sbx.transcripts, "arch-1111.jsonl");
  const lines = [];
  for (let i = 1; i <= 25; i++) {
    lines.push(line.user(`step ${i}: tune the retry budget of the payment client`, { cwd: sbx.project }));
    lines.push(line.assistantText(`Set the retry budget to ${i * 10} ms for step ${i}.`, { cwd: sbx.project }));
  }
  lines.push(line.user("why do refunds fail with HTTP 409?", { cwd: sbx.project }));
  lines.push(line.assistantText("The refund idempotency key was reused across retries; the provider answers 409 Conflict.", { cwd: sbx.project }));
  writeFileSync(t, jsonl(lines));
  expect(runBin(["hook", "stop"], { stdin: JSON.stringify({ session_id: "arch-1111", transcript_path: t, cwd: sbx.project }), env: sbx.env }).code).toBe(0);
  return { sbx, t };
}

describe("archive through the CLI", () => {
  test("show --exchanges pages through the turns; --json too", () => {
    const { sbx } = recorded();
    const first = runBin(["show", "arch", "--exchanges", "--limit", "2"], { env: sbx.env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("#1");
    expect(first.stdout).toContain("step 2: tune");
    expect(first.stdout).not.toContain("step 3:");
    expect(first.stderr).toContain("show arch-1111 --exchanges --from 3");
    const json = JSON.parse(runBin(["show", "arch", "--exchanges", "--from", "26", "--json"], { env: sbx.env }).stdout);
    expect(json.total).toBe(26);
    expect(json.exchanges[0].replies[0]).toContain("idempotency key");
    const bad = runBin(["show", "arch", "--exchanges", "--from", "0"], { env: sbx.env });
    expect(bad.code).toBe(2);
  });

  test("search shows the turn that matched and when", () => {
    const { sbx } = recorded();
    const r = runBin(["search", "refund conflict idempotency"], { env: sbx.env, cwd: sbx.project });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("#26");
    const j = JSON.parse(runBin(["search", "refund conflict idempotency", "--json"], { env: sbx.env, cwd: sbx.project }).stdout);
    expect(j[0].exchange.seq).toBe(26);
    expect(j[0].exchange.at).toMatch(/^2026-/);
  });

  test("export carries the archive; import into an empty store brings it back", () => {
    const { sbx } = recorded();
    const out = join(sbx.dir, "export.jsonl");
    expect(runBin(["export", "--format", "jsonl", "--out", out], { env: sbx.env }).code).toBe(0);
    const other = { ...sbx.env, CLAUDE_PLUGIN_DATA: join(sbx.dir, "data2") };
    expect(runBin(["import", out], { env: other }).code).toBe(0);
    const j = JSON.parse(runBin(["show", "arch", "--exchanges", "--from", "26", "--json"], { env: other }).stdout);
    expect(j.exchanges[0].prompt).toBe("why do refunds fail with HTTP 409?");
    const md = runBin(["export", "--format", "md"], { env: sbx.env }).stdout;
    expect(md).toContain("## Exchanges");
    const status = JSON.parse(runBin(["status", "--json"], { env: other }).stdout);
    expect(status.archive.exchanges).toBe(26);
  });

  test("backfill fills the archive of a session recorded before it existed, with the same record", () => {
    const { sbx } = recorded();
    const db = join(sbx.data, "sessions.db");
    const before = JSON.parse(runBin(["show", "arch", "--json"], { env: sbx.env }).stdout);
    // As a pre-archive store left it: no exchanges, the session not marked archived.
    const d = new Database(db);
    d.exec("DELETE FROM exchanges_fts; DELETE FROM exchanges; UPDATE sessions SET archived = 0;");
    d.close();
    expect(JSON.parse(runBin(["show", "arch", "--exchanges", "--json"], { env: sbx.env }).stdout).total).toBe(0);
    const r = runBin(["backfill", "--json"], { env: sbx.env, cwd: sbx.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(runBin(["show", "arch", "--exchanges", "--json"], { env: sbx.env }).stdout).total).toBe(26);
    const after = JSON.parse(runBin(["show", "arch", "--json"], { env: sbx.env }).stdout);
    expect({ ...after, updated_at: 0, timestamp: 0 }).toEqual({ ...before, updated_at: 0, timestamp: 0 });
    // Once filled, the next run has nothing to do.
    expect(JSON.parse(runBin(["backfill", "--json"], { env: sbx.env, cwd: sbx.dir }).stdout).sessions).toBe(0);
  });

  test("forget leaves no archived text in the store's files", () => {
    const { sbx } = recorded();
    expect(runBin(["forget", "arch-1111", "--yes"], { env: sbx.env }).code).toBe(0);
    for (const f of ["sessions.db", "sessions.db-wal"]) {
      const p = join(sbx.data, f);
      if (existsSync(p)) expect(readFileSync(p).includes("idempotency key was reused")).toBe(false);
    }
    expect(JSON.parse(runBin(["status", "--json"], { env: sbx.env }).stdout).archive.exchanges).toBe(0);
  });
});
