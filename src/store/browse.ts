// Paged, light-weight reads for browsing the store (the `ui` viewer): projects with
// their counts, one page of sessions at a time, sessions per day. Aggregates read the
// indexes only; lists read the small columns; no record is parsed until one is opened.
import type { Database } from "bun:sqlite";

export interface ProjectSummary {
  project: string;
  sessions: number;
  /** updated_at of its newest session. */
  last_activity: string;
  /** updated_at of its oldest session (the index has it: no row is read). */
  first_activity: string;
}

/** A session as a list shows it: the indexed columns, no parsed record. */
export interface SessionSummary {
  session_id: string;
  project: string;
  git_branch: string | null;
  started_at: string;
  updated_at: string;
  turn_count: number;
  working_on: string;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface SessionFilter {
  project?: string;
  /** updated_at >= since (ISO). */
  since?: string;
  /** updated_at < until (ISO). */
  until?: string;
}

/** Projects, most recently active first. */
export function projectPage(db: Database, offset: number, limit: number): Page<ProjectSummary> {
  const total = (db.query("SELECT count(DISTINCT project) AS n FROM sessions").get() as { n: number }).n;
  const items = db
    .query(
      `SELECT project, count(*) AS sessions, max(updated_at) AS last_activity, min(updated_at) AS first_activity
       FROM sessions GROUP BY project ORDER BY last_activity DESC, project LIMIT ? OFFSET ?`,
    )
    .all(limit, offset) as ProjectSummary[];
  return { total, items };
}

/** One project's summary, or null when it has no session (any more). */
export function projectSummary(db: Database, project: string): ProjectSummary | null {
  const row = db
    .query(
      "SELECT project, count(*) AS sessions, max(updated_at) AS last_activity, min(updated_at) AS first_activity FROM sessions WHERE project = ? GROUP BY project",
    )
    .get(project) as ProjectSummary | null;
  return row;
}

/** Every project path (distinct; few, even with many sessions). */
export function projectNames(db: Database): string[] {
  return (db.query("SELECT DISTINCT project FROM sessions").all() as { project: string }[]).map((r) => r.project);
}

/** Newest first; `total` counts every session the filter matches. */
export function sessionPage(db: Database, filter: SessionFilter, offset: number, limit: number): Page<SessionSummary> {
  const [where, args] = whereOf(filter);
  const total = (db.query(`SELECT count(*) AS n FROM sessions ${where}`).get(...args) as { n: number }).n;
  const items = db
    .query(
      `SELECT session_id, project, git_branch, started_at, updated_at, turn_count, working_on FROM sessions ${where} ORDER BY updated_at DESC, session_id LIMIT ? OFFSET ?`,
    )
    .all(...args, limit, offset) as SessionSummary[];
  return { total, items };
}

/**
 * Sessions per day of last activity, newest day first, in the viewer's time zone:
 * `tzOffsetMinutes` is added to UTC (UTC+2 -> 120).
 */
export function sessionsByDay(db: Database, project: string, tzOffsetMinutes: number, limitDays: number): { day: string; sessions: number }[] {
  return db
    .query(
      `SELECT date(updated_at, ? || ' minutes') AS day, count(*) AS sessions FROM sessions WHERE project = ?
       GROUP BY day ORDER BY day DESC LIMIT ?`,
    )
    .all(String(Math.trunc(tzOffsetMinutes)), project, limitDays) as { day: string; sessions: number }[];
}

function whereOf(f: SessionFilter): [string, string[]] {
  const where: string[] = [];
  const args: string[] = [];
  if (f.project !== undefined) where.push("project = ?"), args.push(f.project);
  if (f.since !== undefined) where.push("updated_at >= ?"), args.push(f.since);
  if (f.until !== undefined) where.push("updated_at < ?"), args.push(f.until);
  return [where.length ? "WHERE " + where.join(" AND ") : "", args];
}
