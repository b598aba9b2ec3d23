import { describe, expect, test } from "bun:test";
import { openDatabase, SCHEMA_VERSION } from "../../src/store/db.ts";
import { Store } from "../../src/store/sessions.ts";
import { buildRecord, type SessionRecord } from "../../src/extract/record.ts";
import { emptyState } from "../../src/extract/state.ts";
import { join } from "node:path";
import { tempDir } from "../support/tmp.ts";

function rec(id: string, updated: string, project = "/p"): SessionRecord {
  const state = emptyState();
  state.turnCount = 1;
  return buildRecord(state, { sessionId: id, project, cwd: project, gitBranch: null, transcriptPath: null, home: "/h", now: updated });
}
const cursor = { extract: emptyState(), files: {} };

describe("Store", () => {
  test("one row per session, updated in place", () => {
    const s = new Store(openDatabase(":memory:"));
    expect(s.saveSession(rec("a", "2026-01-01T00:00:00Z"), cursor, 0)).toBe(true);
    expect(s.saveSession(rec("a", "2026-01-02T00:00:00Z"), cursor, 1)).toBe(true);
    expect(s.count()).toBe(1);
    expect(s.getSession("a")!.updated_at).toBe("2026-01-02T00:00:00Z");
  });

  test("a stale cursor version is refused, so a racing update is redone, not lost", () => {
    const s = new Store(openDatabase(":memory:"));
    s.saveSession(rec("a", "2026-01-01T00:00:00Z"), cursor, 0);
    expect(s.saveSession(rec("a", "2026-01-03T00:00:00Z"), cursor, 0)).toBe(false);
    expect(s.getCursor("a")!.version).toBe(1);
  });

  test("pruning counts sessions and never drops the live one", () => {
    const s = new Store(openDatabase(":memory:"));
    for (let i = 0; i < 10; i++) s.upsertRecord(rec(`s${i}`, `2026-01-${String(i + 10)}T00:00:00Z`));
    // s0 is the oldest, but it is the live session.
    const removed = s.prune(3, "s0");
    expect(removed.sort()).toEqual(["s1", "s2", "s3", "s4", "s5", "s6"]);
    expect(s.count()).toBe(4);
    expect(s.getSession("s0")).not.toBeNull();
  });

  test("recovery state is per session and consumed once", () => {
    const s = new Store(openDatabase(":memory:"));
    s.saveRecovery(rec("A", "2026-01-01T00:00:00Z"), "now");
    s.saveRecovery(rec("B", "2026-01-01T00:00:00Z"), "now");
    expect(s.takeRecovery("A")!.session_id).toBe("A");
    expect(s.takeRecovery("A")).toBeNull();
    expect(s.takeRecovery("C")).toBeNull();
    expect(s.takeRecovery("B")!.session_id).toBe("B");
  });

  test("recent is newest first, by project, without the excluded session", () => {
    const s = new Store(openDatabase(":memory:"));
    s.upsertRecord(rec("x1", "2026-01-01T00:00:00Z", "/x"));
    s.upsertRecord(rec("y1", "2026-01-02T00:00:00Z", "/y"));
    s.upsertRecord(rec("x2", "2026-01-03T00:00:00Z", "/x"));
    expect(s.recent({ project: "/x", limit: 10 }).map((r) => r.session_id)).toEqual(["x2", "x1"]);
    expect(s.recent({ project: "/x", limit: 10, exclude: "x2" }).map((r) => r.session_id)).toEqual(["x1"]);
    expect(s.recent({ limit: 2 }).map((r) => r.session_id)).toEqual(["x2", "y1"]);
  });

  test("a file store is migrated to the current schema version, once", () => {
    const path = join(tempDir(), "s.db");
    openDatabase(path).close();
    const db = openDatabase(path);
    expect((db.query("PRAGMA user_version").get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION);
    expect((db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe("wal");
  });
});
