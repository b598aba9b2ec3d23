// The store's wall: SQL, bun:sqlite and the SQLite handle live in src/store/ only.
// Everything else asks the store by name (a method of Store or a function of
// src/store/open.ts), so a schema change is made and reviewed in one folder.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");

/** What may not appear outside src/store/. SQL is written in capitals in this codebase, prose is not. */
const RULES: { what: string; re: RegExp }[] = [
  { what: "imports bun:sqlite", re: /["']bun:sqlite["']/g },
  // A query may span lines: SELECT ... FROM is looked for within one statement's reach.
  {
    what: "SQL",
    re: /\b(?:SELECT\b[^;]{0,400}?\bFROM|INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|(?:CREATE|DROP)\s+(?:VIRTUAL\s+)?(?:TABLE|INDEX)|ALTER\s+TABLE|PRAGMA)\b/g,
  },
  // `rt.paths.db` is the file's path and "sessions.db" its name, not the handle.
  { what: "the store's SQLite handle", re: /(?<!paths)\.db\b(?![-"'`])|\.(?:query|prepare)\s*\(/g },
];

/** Each hit as `line: rule: text`. */
function violations(text: string): string[] {
  const found: string[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.re)) {
      const line = text.slice(0, m.index).split("\n").length;
      found.push(`${line}: ${rule.what}: ${text.split("\n")[line - 1]!.trim().slice(0, 120)}`);
    }
  }
  return found;
}

describe("the store's wall", () => {
  test("no src/ file outside src/store/ holds SQL, imports bun:sqlite or reaches the handle", async () => {
    const files = [...new Bun.Glob("src/**/*.{ts,tsx}").scanSync({ cwd: ROOT })].filter((f) => !f.startsWith("src/store/"));
    expect(files.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const f of files) for (const v of violations(await Bun.file(join(ROOT, f)).text())) found.push(`${f}:${v}`);
    expect(found).toEqual([]);
  });

  // The rules themselves, on lines this codebase once had outside the store, and on lines it may have.
  test.each([
    'import { Database } from "bun:sqlite";',
    "const { Database } = require('bun:sqlite');",
    'projects: (store.db.query("SELECT count(DISTINCT project) AS n FROM sessions").get() as { n: number }).n,',
    "store.db.transaction(() => {",
    "const rows = db.query(q).all();",
    "`SELECT c.session_id AS id, json_extract(c.state, '$.files') AS files,\n   s.project AS project\n FROM cursors c`",
    'const rows = db.query("PRAGMA integrity_check").all();',
    'd.exec("DELETE FROM exchanges_fts; UPDATE sessions SET archived = 0;");',
    '"INSERT OR REPLACE INTO cursors VALUES (?, ?, ?)"',
    "const stmt = handle.prepare(sql);",
    "(rt.store() as any).db",
    "backup(store.db, target);",
  ])("catches %p", (line) => {
    expect(violations(line)).not.toEqual([]);
  });

  test.each([
    "if (!existsSync(rt.paths.db)) return;",
    "const label = `store ${paths.db} is damaged`;",
    "// Select the newest sessions from the store, then delete from the cache what is gone.",
    "store.transaction(() => records.forEach((r) => store.upsertRecord(r)));",
    "const n = store.projectCount();",
    "const m = /x/.exec(text);",
    'for (const f of ["sessions.db", "sessions.db-wal"]) rmSync(f);',
  ])("lets %p through", (line) => {
    expect(violations(line)).toEqual([]);
  });
});
