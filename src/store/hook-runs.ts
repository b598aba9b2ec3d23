// The timings of recent hook runs, for `status` and `doctor`.
import type { Database } from "bun:sqlite";

export interface HookRun {
  at: string;
  event: string;
  session_id: string | null;
  ms: number;
  ok: boolean;
  detail: string | null;
  /** Characters of context injected (SessionStart), else null. */
  chars?: number | null;
}

export function recordHookRun(db: Database, run: HookRun, keep: number): void {
  db.query("INSERT INTO hook_runs (at, event, session_id, ms, ok, detail, chars) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
    run.at,
    run.event,
    run.session_id,
    run.ms,
    run.ok ? 1 : 0,
    run.detail,
    run.chars ?? null,
  );
  // Trim now and then, not on every call.
  if (Math.random() < 0.05) db.query("DELETE FROM hook_runs WHERE id <= (SELECT max(id) FROM hook_runs) - ?").run(keep);
}

export function recentHookRuns(db: Database, limit: number): HookRun[] {
  const rows = db.query("SELECT at, event, session_id, ms, ok, detail, chars FROM hook_runs ORDER BY id DESC LIMIT ?").all(limit) as (Omit<HookRun, "ok"> & {
    ok: number;
  })[];
  return rows.map((r) => ({ ...r, ok: r.ok === 1 }));
}
