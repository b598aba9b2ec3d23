// What the stored cursors cover, read in one query for backfill's plan: only the
// cursors' `files` map is pulled out of their JSON (by SQLite, without parsing the
// extraction state in JS); this is what keeps an up-to-date run well under a second.
import type { Database } from "bun:sqlite";
import type { FileCursor } from "../transcript/reader.ts";

export interface CursorSummary {
  version: number;
  /** The exchange archive holds every turn. */
  archived: boolean;
  files: Record<string, FileCursor>;
  project: string | null;
  repo: string | null;
  cwd: string | null;
}

/** Per stored session: its cursor's file positions and its record's project. */
export function cursorSummaries(db: Database): Map<string, CursorSummary> {
  const rows = db
    .query(
      `SELECT c.session_id AS id, c.version AS version, json_extract(c.state, '$.files') AS files, s.project AS project, s.repo AS repo, s.cwd AS cwd,
         coalesce(s.archived, 0) OR s.turn_count = 0 AS archived
       FROM cursors c LEFT JOIN sessions s ON s.session_id = c.session_id`,
    )
    .all() as { id: string; version: number; files: string | null; project: string | null; repo: string | null; cwd: string | null; archived: number }[];
  const out = new Map<string, CursorSummary>();
  for (const r of rows) {
    let files: Record<string, FileCursor> = {};
    try {
      files = r.files ? (JSON.parse(r.files) as Record<string, FileCursor>) : {};
    } catch {}
    out.set(r.id, { version: r.version, files, project: r.project, repo: r.repo, cwd: r.cwd, archived: !!r.archived });
  }
  return out;
}
