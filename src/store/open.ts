// The ways into the store from outside src/store: open it to write (migrated on the
// way), open it only to read (the viewer), or check a file without changing it (doctor).
import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { openDatabase, openDatabaseReadOnly, SCHEMA_VERSION, userVersion } from "./db.ts";
import { Store } from "./sessions.ts";

/** The store at `path` could not be opened; the message names the file and the way out. */
export class StoreOpenError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    // "file is not a database" alone does not say which file, or what to do.
    super(`cannot open the store ${path}: ${(cause as Error)?.message ?? cause} (run \`session-recorder doctor\`)`);
  }
}

/** Created and migrated if needed. */
export function openStore(path: string): Store {
  try {
    return new Store(openDatabase(path));
  } catch (err) {
    throw new StoreOpenError(path, err);
  }
}

/** A store that cannot write (the viewer browses with one). It must exist and be migrated: see isCurrent. */
export function openStoreReadOnly(path: string): Store {
  return new Store(openDatabaseReadOnly(path));
}

/** The store exists and has this binary's schema (a read-only connection can neither create nor migrate it). */
export function isCurrent(path: string): boolean {
  if (!existsSync(path)) return false;
  const db = openDatabaseReadOnly(path);
  try {
    return userVersion(db) >= SCHEMA_VERSION;
  } finally {
    db.close();
  }
}

export type Integrity = { ok: true; sessions: number; schema: number } | { ok: false; damage: string } | { ok: false; error: string };

/** SQLite's own integrity check, on a read-only connection: nothing is created, migrated or repaired. */
export function checkIntegrity(path: string): Integrity {
  let db: Database | undefined;
  try {
    db = new Database(path, { readonly: true });
    const rows = db.query("PRAGMA integrity_check").all() as { integrity_check: string }[];
    const result = rows.map((r) => r.integrity_check).join("; ");
    if (result !== "ok") return { ok: false, damage: result };
    const schema = userVersion(db);
    const sessions = (db.query("SELECT count(*) AS n FROM sessions").get() as { n: number }).n;
    return { ok: true, sessions, schema };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    db?.close();
  }
}

export { SCHEMA_VERSION };
