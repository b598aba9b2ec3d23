// The store's narrow interface: sessions, extraction cursors, compaction recovery
// and hook timings. Everything else goes through these functions.
import type { Database } from "bun:sqlite";
import type { SessionRecord } from "../record.ts";
import type { Exchange } from "../extract/exchanges.ts";
import { hasTable, mapForReading } from "./db.ts";
import { FTS_COLUMNS, ftsValues } from "./fts.ts";
import { searchSessions, type SearchHit, type SearchOptions } from "./search.ts";
import { archiveChars, bestExchange, conversationText, countExchanges, deleteExchanges, listExchanges, saveExchanges } from "./exchanges.ts";
import { cursorSummaries, type CursorSummary } from "./cursors.ts";
import { prepareSave, type Cursor, type PreparedSave, type VersionedCursor } from "./save.ts";
import { recentHookRuns, recordHookRun, type HookRun } from "./hook-runs.ts";
import { peekRecovery, saveRecovery, takeRecovery } from "./recovery.ts";
import {
  projectNames,
  projectPage,
  projectSummary,
  sessionPage,
  sessionsByDay,
  type Page,
  type ProjectSummary,
  type SessionFilter,
  type SessionSummary,
} from "./browse.ts";

export type { CursorSummary, HookRun };

export class Store {
  /** Whether this SQLite has the full-text index (FTS5); without it search scans. */
  readonly fts: boolean;

  /** Private: every query is a method of this class or of a module beside it. */
  readonly #db: Database;
  #mapped = false;

  constructor(db: Database) {
    this.#db = db;
    this.fts = hasTable(db, "sessions_fts");
  }

  /**
   * `fn` in one transaction that takes the write lock at once (a hook waits for it
   * instead of failing half-way); the Store's own writes inside it join it.
   */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn).immediate();
  }

  getCursor(sessionId: string): VersionedCursor | null {
    const row = this.#db.query("SELECT state, version FROM cursors WHERE session_id = ?").get(sessionId) as { state: string; version: number } | null;
    return row ? { cursor: JSON.parse(row.state) as Cursor, version: row.version } : null;
  }

  /**
   * Save a session's record and cursor together, if nobody saved a newer cursor
   * since we read version `expected` (0 = none). Returns false on such a race; the
   * caller then re-reads from the newer cursor, so no update is lost.
   */
  saveSession(record: SessionRecord, cursor: Cursor, expected: number): boolean {
    return this.savePrepared(prepareSave(record, cursor), expected);
  }

  savePrepared(save: PreparedSave, expected: number): boolean {
    const id = save.record.session_id;
    return this.#atomic(() => {
      const row = this.#db.query("SELECT version FROM cursors WHERE session_id = ?").get(id) as { version: number } | null;
      if ((row?.version ?? 0) !== expected) return false;
      // The turns with the record, or not at all (first: the record's index row takes the conversation from them).
      saveExchanges(this.#db, id, save.exchanges, this.fts);
      this.upsertRecord(save.record, save.recordJson);
      this.#db.query("UPDATE sessions SET archived = ? WHERE session_id = ?").run(save.complete ? 1 : 0, id);
      this.#db
        .query(
          "INSERT INTO cursors (session_id, state, version) VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, version = excluded.version",
        )
        .run(id, save.cursorJson, expected + 1);
      return true;
    });
  }

  /** Insert or update a record, and its full-text index row in the same transaction. */
  upsertRecord(r: SessionRecord, json = JSON.stringify(r)): void {
    this.#atomic(() => {
      const values = [r.project, r.repo ?? r.project, r.cwd, r.git_branch, r.started_at, r.updated_at, r.turn_count, r.working_on, json] as const;
      const old = this.#db.query("SELECT rowid FROM sessions WHERE session_id = ?").get(r.session_id) as { rowid: number } | null;
      let rowid: number;
      if (old) {
        rowid = old.rowid;
        this.#db
          .query(
            `UPDATE sessions SET project = ?, repo = ?, cwd = ?, git_branch = ?, started_at = ?, updated_at = ?, turn_count = ?, working_on = ?, record = ?
             WHERE rowid = ?`,
          )
          .run(...values, rowid);
      } else {
        rowid = Number(
          this.#db
            .query(
              `INSERT INTO sessions (project, repo, cwd, git_branch, started_at, updated_at, turn_count, working_on, record, session_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(...values, r.session_id).lastInsertRowid,
        );
      }
      if (this.fts) {
        if (old) this.#db.query("DELETE FROM sessions_fts WHERE rowid = ?").run(rowid);
        this.#db
          .query(`INSERT INTO sessions_fts (rowid, ${FTS_COLUMNS.join(", ")}) VALUES (?, ${FTS_COLUMNS.map(() => "?").join(", ")})`)
          .run(rowid, ...ftsValues(r, conversationText(this.#db, r.session_id)));
      }
    });
  }

  /**
   * `fn` atomically: inside the caller's transaction when there is one, else in its own. Not in a
   * savepoint, and with no RETURNING statement once the index was written: FTS5 writes its pending
   * terms out as a new segment at each of them (measured), so a backfill batch left a small
   * segment per session for later merges to rewrite, and saved 25% slower.
   */
  #atomic<T>(fn: () => T): T {
    return this.#db.inTransaction ? fn() : this.#db.transaction(fn).immediate();
  }

  search(opts: SearchOptions): SearchHit[] {
    if (!this.#mapped) mapForReading(this.#db), (this.#mapped = true);
    return searchSessions(this.#db, opts);
  }

  getSession(sessionId: string): SessionRecord | null {
    const row = this.#db.query("SELECT record FROM sessions WHERE session_id = ?").get(sessionId) as { record: string } | null;
    return row ? (JSON.parse(row.record) as SessionRecord) : null;
  }

  /**
   * Newest first: `project` limits to one project, `since` to sessions updated since
   * then, `exclude` skips a session (the live one).
   */
  recent(opts: { project?: string; since?: string; exclude?: string; limit: number }): SessionRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.project !== undefined) where.push("project = ?"), args.push(opts.project);
    if (opts.since !== undefined) where.push("updated_at >= ?"), args.push(opts.since);
    if (opts.exclude !== undefined) where.push("session_id != ?"), args.push(opts.exclude);
    const sql = `SELECT record FROM sessions ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY updated_at DESC LIMIT ?`;
    const rows = this.#db.query(sql).all(...args, opts.limit) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as SessionRecord);
  }

  /** Sessions whose id starts with `prefix` (at most `limit`), for `show <prefix>`. */
  findByPrefix(prefix: string, limit = 10): SessionRecord[] {
    const escaped = prefix.replace(/[\\%_]/g, (c) => "\\" + c);
    const rows = this.#db
      .query("SELECT record FROM sessions WHERE session_id LIKE ? ESCAPE '\\' ORDER BY updated_at DESC LIMIT ?")
      .all(`${escaped}%`, limit) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as SessionRecord);
  }

  /** Projects, most recently active first, one page at a time. */
  projectPage(offset: number, limit: number): Page<ProjectSummary> {
    return projectPage(this.#db, offset, limit);
  }

  projectSummary(project: string): ProjectSummary | null {
    return projectSummary(this.#db, project);
  }

  projectNames(): string[] {
    return projectNames(this.#db);
  }

  /** Session summaries (no parsed records), newest first, one page at a time. */
  sessionPage(filter: SessionFilter, offset: number, limit: number): Page<SessionSummary> {
    return sessionPage(this.#db, filter, offset, limit);
  }

  sessionsByDay(project: string, tzOffsetMinutes: number, limitDays: number): { day: string; sessions: number }[] {
    return sessionsByDay(this.#db, project, tzOffsetMinutes, limitDays);
  }

  count(): number {
    return (this.#db.query("SELECT count(*) AS n FROM sessions").get() as { n: number }).n;
  }

  /** Distinct projects among the stored sessions. */
  projectCount(): number {
    return (this.#db.query("SELECT count(DISTINCT project) AS n FROM sessions").get() as { n: number }).n;
  }

  /** Per stored session, what its cursor covers, without parsing the extraction state (backfill's plan). */
  cursorSummaries(): Map<string, CursorSummary> {
    return cursorSummaries(this.#db);
  }

  /** Keep the newest `max` sessions, and always `live`. Returns the ids removed. */
  prune(max: number, live: string | null): string[] {
    return this.#db
      .transaction(() => {
        const doomed = this.#db
          .query(
            `SELECT session_id FROM sessions WHERE session_id != ? AND session_id NOT IN
             (SELECT session_id FROM sessions ORDER BY updated_at DESC LIMIT ?)`,
          )
          .all(live ?? "", max) as { session_id: string }[];
        const ids = doomed.map((d) => d.session_id);
        for (const id of ids) this.deleteSession(id);
        return ids;
      })
      .immediate();
  }

  /** A session's archived turns from `from` on (1-based), in order. */
  exchanges(sessionId: string, opts: { from?: number; limit: number }): Exchange[] {
    return listExchanges(this.#db, sessionId, opts);
  }

  /** A session's whole archive replaced (import). */
  replaceExchanges(sessionId: string, exchanges: Exchange[]): void {
    this.#atomic(() => {
      deleteExchanges(this.#db, sessionId, this.fts);
      saveExchanges(this.#db, sessionId, exchanges, this.fts);
    });
  }

  /** Merge away the index entries of deleted rows (forget, prune): no trace of their words stays. */
  optimizeIndexes(): void {
    if (!this.fts) return;
    this.#db.exec("INSERT INTO sessions_fts (sessions_fts) VALUES ('optimize')");
    if (hasTable(this.#db, "exchanges_fts")) this.#db.exec("INSERT INTO exchanges_fts (exchanges_fts) VALUES ('optimize')");
  }

  /** The turn of a session that shares the most of these (query) terms. */
  bestExchange(sessionId: string, terms: string[]): Exchange | null {
    return bestExchange(this.#db, sessionId, terms);
  }

  exchangeCount(sessionId?: string): number {
    return countExchanges(this.#db, sessionId);
  }

  /** Characters of archived text, all sessions. */
  archiveChars(): number {
    return archiveChars(this.#db);
  }

  /** Gone for real: the record, its index row, its archive, its cursor and recovery state. */
  deleteSession(id: string): void {
    deleteExchanges(this.#db, id, this.fts);
    if (this.fts) this.#db.query("DELETE FROM sessions_fts WHERE rowid = (SELECT rowid FROM sessions WHERE session_id = ?)").run(id);
    for (const table of ["sessions", "cursors", "recovery"]) this.#db.query(`DELETE FROM ${table} WHERE session_id = ?`).run(id);
  }

  /**
   * Delete for good (`forget`, `prune`): SQLite overwrites the freed pages, the index
   * merges its deleted entries away and the WAL is truncated, so the text is not left
   * in the database file.
   */
  forgetForGood(ids: string[]): void {
    this.#db.exec("PRAGMA secure_delete = ON");
    this.#db
      .transaction(() => {
        for (const id of ids) this.deleteSession(id);
      })
      .immediate();
    this.optimizeIndexes();
    this.checkpoint();
  }

  /** Copy the WAL into the database file and truncate it to nothing. */
  checkpoint(): void {
    this.#db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  saveRecovery(record: SessionRecord, at: string): void {
    saveRecovery(this.#db, record, at);
  }

  peekRecovery(sessionId: string): SessionRecord | null {
    return peekRecovery(this.#db, sessionId);
  }

  /** The recovery state of this session only; there is no shared slot another session could fill. */
  takeRecovery(sessionId: string): SessionRecord | null {
    return takeRecovery(this.#db, sessionId);
  }

  recordHookRun(run: HookRun, keep = 500): void {
    recordHookRun(this.#db, run, keep);
  }

  recentHookRuns(limit: number): HookRun[] {
    return recentHookRuns(this.#db, limit);
  }

  close(): void {
    this.#db.close();
  }
}
