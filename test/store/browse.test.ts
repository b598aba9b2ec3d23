// The viewer's paged reads: counts from the indexes, pages in a stable order, days in
// the viewer's time zone.
import { expect, test } from "bun:test";
import { openDatabase } from "../../src/store/db.ts";
import { Store } from "../../src/store/sessions.ts";
import { buildRecord } from "../../src/extract/record.ts";
import { emptyState } from "../../src/extract/state.ts";

function store(rows: [id: string, project: string, updated: string][]) {
  const s = new Store(openDatabase(":memory:"));
  for (const [id, project, now] of rows) {
    const st = emptyState();
    st.requests = [`work on ${id}`];
    s.upsertRecord(buildRecord(st, { sessionId: id, project, cwd: project, gitBranch: null, transcriptPath: null, home: "/h", now }));
  }
  return s;
}

test("projects: counts, newest activity first, paged", () => {
  const s = store([
    ["a1", "/p/a", "2026-11-01T10:00:00.000Z"],
    ["a2", "/p/a", "2026-11-03T10:00:00.000Z"],
    ["b1", "/p/b", "2026-11-05T10:00:00.000Z"],
    ["c1", "/p/c", "2026-10-01T10:00:00.000Z"],
  ]);
  expect(s.projectPage(0, 10)).toEqual({
    total: 3,
    items: [
      { project: "/p/b", sessions: 1, last_activity: "2026-11-05T10:00:00.000Z", first_activity: "2026-11-05T10:00:00.000Z" },
      { project: "/p/a", sessions: 2, last_activity: "2026-11-03T10:00:00.000Z", first_activity: "2026-11-01T10:00:00.000Z" },
      { project: "/p/c", sessions: 1, last_activity: "2026-10-01T10:00:00.000Z", first_activity: "2026-10-01T10:00:00.000Z" },
    ],
  });
  expect(s.projectPage(1, 1).items.map((p) => p.project)).toEqual(["/p/a"]);
  expect(s.projectSummary("/p/a")!.sessions).toBe(2);
  expect(s.projectSummary("/p/none")).toBeNull();
  expect(s.projectNames().sort()).toEqual(["/p/a", "/p/b", "/p/c"]);
});

test("sessions: newest first with a stable tie order, filters, totals", () => {
  const s = store([
    ["x", "/p/a", "2026-11-02T00:00:00.000Z"],
    ["w", "/p/a", "2026-11-02T00:00:00.000Z"],
    ["v", "/p/a", "2026-11-01T00:00:00.000Z"],
    ["u", "/p/b", "2026-11-03T00:00:00.000Z"],
  ]);
  expect(s.sessionPage({}, 0, 10).items.map((r) => r.session_id)).toEqual(["u", "w", "x", "v"]);
  const page = s.sessionPage({ project: "/p/a" }, 1, 1);
  expect(page.total).toBe(3);
  expect(page.items).toEqual([
    {
      session_id: "x",
      project: "/p/a",
      git_branch: null,
      started_at: "2026-11-02T00:00:00.000Z",
      updated_at: "2026-11-02T00:00:00.000Z",
      turn_count: 0,
      working_on: "work on x",
    },
  ]);
  expect(s.sessionPage({ project: "/p/a", since: "2026-11-01T12:00:00.000Z", until: "2026-11-02T00:00:00.001Z" }, 0, 10).total).toBe(2);
});

test("sessions per day move with the viewer's time zone", () => {
  const s = store([
    ["late", "/p/a", "2026-11-01T23:30:00.000Z"],
    ["early", "/p/a", "2026-11-02T00:30:00.000Z"],
  ]);
  expect(s.sessionsByDay("/p/a", 0, 10)).toEqual([
    { day: "2026-11-02", sessions: 1 },
    { day: "2026-11-01", sessions: 1 },
  ]);
  expect(s.sessionsByDay("/p/a", 60, 10)).toEqual([{ day: "2026-11-02", sessions: 2 }]); // UTC+1
  expect(s.sessionsByDay("/p/a", -120, 10)).toEqual([{ day: "2026-11-01", sessions: 2 }]); // UTC-2
});
