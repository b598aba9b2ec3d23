// The SQLite store: one file, WAL so readers never wait for a writer, and a busy
// timeout so parallel hooks queue instead of failing with SQLITE_BUSY.
import { Database } from "bun:sqlite";
import { ensurePrivateDir } from "../util/files.ts";
import { dirname } from "node:path";

/** Numbered, embedded migrations; `PRAGMA user_version` says how many have run. */
const MIGRATIONS: string[] = [
  `CREATE TABLE sessions (
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
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function openDatabase(path: string): Database {
  if (path !== ":memory:") ensurePrivateDir(dirname(path));
  const db = new Database(path, { create: true, strict: true });
  db.exec("PRAGMA busy_timeout = 10000");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  migrate(db);
  return db;
}

function migrate(db: Database): void {
  const current = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (current >= MIGRATIONS.length) return;
  db.transaction(() => {
    // Re-check inside the write lock: another hook may have migrated meanwhile.
    const now = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
    for (let v = now; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
