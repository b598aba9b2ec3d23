import { describe, expect, test } from "bun:test";
import { openDatabase, SCHEMA_VERSION } from "../../src/store/db.ts";
import { Store } from "../../src/store/sessions.ts";
import { buildRecord } from "../../src/extract/record.ts";
import type { SessionRecord } from "../../src/record.ts";
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

  test("recent is newest first, by project, since a time, without the excluded session", () => {
    const s = new Store(openDatabase(":memory:"));
    s.upsertRecord(rec("x1", "2026-01-01T00:00:00Z", "/x"));
    s.upsertRecord(rec("y1", "2026-01-02T00:00:00Z", "/y"));
    s.upsertRecord(rec("x2", "2026-01-03T00:00:00Z", "/x"));
    expect(s.recent({ project: "/x", limit: 10 }).map((r) => r.session_id)).toEqual(["x2", "x1"]);
    expect(s.recent({ project: "/x", limit: 10, exclude: "x2" }).map((r) => r.session_id)).toEqual(["x1"]);
    expect(s.recent({ limit: 2 }).map((r) => r.session_id)).toEqual(["x2", "y1"]);
    expect(s.recent({ since: "2026-01-02T00:00:00Z", limit: 10 }).map((r) => r.session_id)).toEqual(["x2", "y1"]);
    expect(s.recent({ project: "/x", since: "2026-01-02T00:00:00Z", limit: 10 }).map((r) => r.session_id)).toEqual(["x2"]);
    expect(s.projectCount()).toBe(2);
  });

  test("the work goes in one transaction: all of it, or on an error none", () => {
    const s = new Store(openDatabase(":memory:"));
    expect(() =>
      s.transaction(() => {
        s.upsertRecord(rec("a", "2026-01-01T00:00:00Z"));
        throw new Error("half-way");
      }),
    ).toThrow("half-way");
    expect(s.count()).toBe(0);
    expect(s.transaction(() => (s.upsertRecord(rec("a", "2026-01-01T00:00:00Z")), s.count()))).toBe(1);
  });

  test("cursor summaries: per saved session, its version, files, project and whether its archive is whole", () => {
    const s = new Store(openDatabase(":memory:"));
    const files = { "/t/a.jsonl": { offset: 10, ino: 1, head: "h" } } as unknown as typeof cursor.files;
    s.saveSession(rec("a", "2026-01-01T00:00:00Z", "/x"), { extract: emptyState(), files }, 0);
    s.upsertRecord(rec("no-cursor", "2026-01-01T00:00:00Z"));
    const got = s.cursorSummaries();
    expect([...got.keys()]).toEqual(["a"]);
    // Its state has no exchange log from the start: the archive is not whole (backfill refills it).
    expect(got.get("a")).toEqual({ version: 1, files, project: "/x", repo: "/x", cwd: "/x", archived: false });
  });

  test("a file store is migrated to the current schema version, once", () => {
    const path = join(tempDir(), "s.db");
    openDatabase(path).close();
    const db = openDatabase(path);
    expect((db.query("PRAGMA user_version").get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION);
    expect((db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe("wal");
  });
});
