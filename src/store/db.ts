// The SQLite store: one file, WAL so readers never wait for a writer, and a busy
// timeout so parallel hooks queue instead of failing with SQLITE_BUSY.
import { Database } from "bun:sqlite";
import { ensurePrivateDir, refuseSymlink } from "../util/files.ts";
import { dirname } from "node:path";
import { FTS_COLUMNS, ftsValues } from "./fts.ts";
import type { SessionRecord } from "../record.ts";
import { conversationText, EXCHANGE_FTS_COLUMNS } from "./exchanges.ts";

/** The index's columns as migration 2 made them (migration 4 rebuilds it with FTS_COLUMNS). */
const FTS_V2_COLUMNS = ["working_on", "requests", "decisions", "todos", "topics", "files", "branch", "summary"];

/** Numbered, embedded migrations; `PRAGMA user_version` says how many have run. */
const MIGRATIONS: ((db: Database) => void)[] = [
  // 1: the core schema.
  (db) =>
    db.exec(`CREATE TABLE sessions (
       session_id TEXT PRIMARY KEY,
       project    TEXT NOT NULL,
       cwd        TEXT NOT NULL,
       git_branch TEXT,
       started_at TEXT NOT NULL,
       updated_at TEXT NOT NULL,
       turn_count INTEGER NOT NULL,
       working_on TEXT NOT NULL,
       record     TEXT NOT NULL
     );
     CREATE INDEX sessions_by_project ON sessions (project, updated_at DESC);
     CREATE INDEX sessions_by_time ON sessions (updated_at DESC);
     -- How far each session's transcripts were read, and what was extracted so far.
     CREATE TABLE cursors (
       session_id TEXT PRIMARY KEY,
       state      TEXT NOT NULL,
       version    INTEGER NOT NULL
     );
     -- The state PreCompact saw, handed back by SessionStart(compact) of the same session only.
     CREATE TABLE recovery (
       session_id TEXT PRIMARY KEY,
       record     TEXT NOT NULL,
       created_at TEXT NOT NULL
     );
     CREATE TABLE hook_runs (
       id         INTEGER PRIMARY KEY,
       at         TEXT NOT NULL,
       event      TEXT NOT NULL,
       session_id TEXT,
       ms         REAL NOT NULL,
       ok         INTEGER NOT NULL,
       detail     TEXT
     );`),
  // 2: full-text search, and the repository a session belongs to (shared across worktrees).
  (db) => {
    db.exec(`ALTER TABLE sessions ADD COLUMN repo TEXT;
      UPDATE sessions SET repo = coalesce(json_extract(record, '$.repo'), project);
      CREATE INDEX sessions_by_repo ON sessions (repo, updated_at DESC);`);
    if (!hasFts5(db)) return; // Apple's system SQLite may lack FTS5: search then scans instead.
    db.exec(`CREATE VIRTUAL TABLE sessions_fts USING fts5(${FTS_V2_COLUMNS.join(", ")}, tokenize = 'porter unicode61 remove_diacritics 2');
      INSERT INTO sessions_fts (rowid, ${FTS_V2_COLUMNS.join(", ")})
      SELECT rowid,
        json_extract(record, '$.working_on'),
        (SELECT group_concat(value, char(10)) FROM json_each(record, '$.requests')),
        (SELECT group_concat(value, char(10)) FROM json_each(record, '$.decisions')),
        (SELECT group_concat(json_extract(value, '$.content'), char(10)) FROM json_each(record, '$.todos')),
        (SELECT group_concat(value, char(10)) FROM json_each(record, '$.topics')),
        (SELECT group_concat(value, char(10)) FROM json_each(record, '$.files_modified')),
        git_branch,
        json_extract(record, '$.compact_summary')
      FROM sessions;`);
  },
  // 3: how much each SessionStart injected (for `status`).
  (db) => db.exec("ALTER TABLE hook_runs ADD COLUMN chars INTEGER"),
  // 4: session titles, indexed with the highest weight (FTS5 tables take no new column: rebuilt).
  (db) => {
    if (hasTable(db, "sessions_fts")) rebuildSessionIndex(db);
  },
  // 5: the exchange archive (every turn, redacted) and its index; the record index gains the
  // conversation's text; CJK text indexed as bigrams.
  (db) => {
    db.exec(`ALTER TABLE sessions ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE exchanges (
        session_id TEXT NOT NULL,
        seq        INTEGER NOT NULL,
        at         TEXT NOT NULL,
        prompt     TEXT NOT NULL,
        replies    TEXT NOT NULL,
        tools      TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
      );`);
    if (!hasTable(db, "sessions_fts")) return;
    createIndex(db, "exchanges_fts", EXCHANGE_FTS_COLUMNS);
    rebuildSessionIndex(db);
  },
];

/**
 * A full-text index without a copy of the text (it is in `sessions` and `exchanges`
 * already): only the terms are kept, and excerpts are cut from the rows themselves.
 * SQLite before 3.43 cannot delete from such an index: there it keeps its copy.
 */
function createIndex(db: Database, name: string, columns: readonly string[]): void {
  const spec = `${columns.join(", ")}, tokenize = 'porter unicode61 remove_diacritics 2'`;
  try {
    db.exec(`CREATE VIRTUAL TABLE ${name} USING fts5(${spec}, content = '', contentless_delete = 1)`);
  } catch {
    db.exec(`CREATE VIRTUAL TABLE ${name} USING fts5(${spec})`);
  }
}

/** The record index made anew with today's columns, refilled from the stored records (FTS5 tables take no new column). */
function rebuildSessionIndex(db: Database): void {
  db.exec("DROP TABLE sessions_fts");
  createIndex(db, "sessions_fts", FTS_COLUMNS);
  const insert = db.query(`INSERT INTO sessions_fts (rowid, ${FTS_COLUMNS.join(", ")}) VALUES (?, ${FTS_COLUMNS.map(() => "?").join(", ")})`);
  const archive = hasTable(db, "exchanges");
  for (const row of db.query("SELECT rowid, session_id, record FROM sessions").iterate() as IterableIterator<{
    rowid: number;
    session_id: string;
    record: string;
  }>) {
    const r = JSON.parse(row.record) as SessionRecord;
    insert.run(row.rowid, ...ftsValues({ ...r, title: r.title ?? null }, archive ? conversationText(db, row.session_id) : ""));
  }
}

export const SCHEMA_VERSION = MIGRATIONS.length;

export function openDatabase(path: string): Database {
  if (path !== ":memory:") {
    ensurePrivateDir(dirname(path));
    for (const f of [path, `${path}-wal`, `${path}-shm`]) refuseSymlink(f);
  }
  const db = new Database(path, { create: true, strict: true });
  db.exec("PRAGMA busy_timeout = 10000");
  // A new store only (an existing one keeps its size): an archived turn is 1-2 KB, and a 4 KB page
  // keeps at most ~1 KB of a row, the rest going to an overflow page of its own. With 8 KB pages
  // inserting the turns of a long first read (and their index) took half the time.
  db.exec("PRAGMA page_size = 8192");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  migrate(db);
  return db;
}

/**
 * Read the store through a memory map from now on: a search at 10,000 sessions touches hundreds of
 * index pages, each of them otherwise copied by a read() into SQLite's own small cache. In
 * bench:recall's 10,000-session store, search p50 went ~12% down. Only for a connection that
 * searches: the pages it touches count in its RSS (the OS's file cache, shared and dropped under
 * memory pressure, but counted), which for `backfill`, writing a whole store, was 40 MB more.
 * 256 MiB holds a store of ~15,000 sessions with their archives; a larger one is read beyond it
 * as before, so that a long-lived process (the MCP server) maps no more than that.
 */
export function mapForReading(db: Database): void {
  db.exec(`PRAGMA mmap_size = ${256 << 20}`);
}

/**
 * A connection that cannot write (the viewer browses with one). The store must exist and
 * be migrated already: open it once with openDatabase first.
 */
export function openDatabaseReadOnly(path: string): Database {
  for (const f of [path, `${path}-wal`, `${path}-shm`]) refuseSymlink(f);
  const db = new Database(path, { readonly: true, strict: true });
  db.exec("PRAGMA busy_timeout = 10000");
  db.exec("PRAGMA query_only = ON");
  return db;
}

export function userVersion(db: Database): number {
  return (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
}

function migrate(db: Database): void {
  if (userVersion(db) >= MIGRATIONS.length) return;
  db.transaction(() => {
    // Re-check inside the write lock: another hook may have migrated meanwhile.
    for (let v = userVersion(db); v < MIGRATIONS.length; v++) MIGRATIONS[v]!(db);
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

export function hasFts5(db: Database): boolean {
  try {
    db.exec("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x); DROP TABLE temp.fts5_probe;");
    return true;
  } catch {
    return false;
  }
}

export function hasTable(db: Database, name: string): boolean {
  return !!db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}
