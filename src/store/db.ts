// The SQLite store: one file, WAL so readers never wait for a writer, and a busy
// timeout so parallel hooks queue instead of failing with SQLITE_BUSY.
import { Database } from "bun:sqlite";
import { ensurePrivateDir, refuseSymlink } from "../util/files.ts";
import { dirname } from "node:path";
import { FTS_COLUMNS } from "./fts.ts";

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
    db.exec(`CREATE VIRTUAL TABLE sessions_fts USING fts5(${FTS_COLUMNS.join(", ")}, tokenize = 'porter unicode61 remove_diacritics 2');
      INSERT INTO sessions_fts (rowid, ${FTS_COLUMNS.join(", ")})
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
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function openDatabase(path: string): Database {
  if (path !== ":memory:") {
    ensurePrivateDir(dirname(path));
    for (const f of [path, `${path}-wal`, `${path}-shm`]) refuseSymlink(f);
  }
  const db = new Database(path, { create: true, strict: true });
  db.exec("PRAGMA busy_timeout = 10000");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  migrate(db);
  return db;
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
