// Pieces of scripts/stress.ts of its own: store and log inspection, a bounded pool,
// percentiles, checks and tables. (The PRNG, the spawner, the hook output contract and the
// log reader are shared with the tests: test/support/.)
import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";

export const enc = (s: string) => new TextEncoder().encode(s);

// ---------------------------------------------------------------------------
// Store inspection (from the driver, never while asserting on a live hook).

/** integrity_check without disturbing crash leftovers: read-only first (keeps a hot WAL for the next hook). */
export function integrityCheck(dbPath: string): string {
  if (!existsSync(dbPath)) return "ok (no db yet)";
  let db: Database | undefined;
  try {
    try {
      db = new Database(dbPath, { readonly: true });
      db.query("SELECT 1 FROM sqlite_master LIMIT 1").all();
    } catch {
      db?.close();
      db = new Database(dbPath);
    }
    db.exec("PRAGMA busy_timeout = 10000");
    const rows = db.query("PRAGMA integrity_check").all() as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join("; ");
  } catch (err) {
    return `integrity_check failed to run: ${(err as Error).message}`;
  } finally {
    db?.close();
  }
}

export function withDb<T>(dbPath: string, fn: (db: Database) => T): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    db.exec("PRAGMA busy_timeout = 10000");
    return fn(db);
  } finally {
    db.close();
  }
}

export function turnCounts(dbPath: string): Map<string, number> {
  return withDb(
    dbPath,
    (db) =>
      new Map(
        (db.query("SELECT session_id, turn_count FROM sessions").all() as { session_id: string; turn_count: number }[]).map((r) => [
          r.session_id,
          r.turn_count,
        ]),
      ),
  );
}

export interface LogScan {
  lines: number;
  invalid: number;
  busy: number;
  errors: number;
  watchdog: number;
  gaveUp: number;
  firstError?: string;
  firstBusy?: string;
}

export function scanLog(text: string): LogScan {
  const s: LogScan = { lines: 0, invalid: 0, busy: 0, errors: 0, watchdog: 0, gaveUp: 0 };
  for (const line of text.split("\n")) {
    if (!line) continue;
    s.lines++;
    if (/SQLITE_BUSY|database is locked/i.test(line)) {
      s.busy++;
      s.firstBusy ??= line.slice(0, 300);
    }
    let obj: any;
    try {
      obj = JSON.parse(line);
    } catch {
      s.invalid++;
      continue;
    }
    if (obj.level === "error") {
      s.errors++;
      s.firstError ??= String(obj.message).slice(0, 300);
    }
    if (/timed out after/.test(String(obj.message))) s.watchdog++;
    if (/gave up after/.test(String(obj.message))) s.gaveUp++;
  }
  return s;
}

// ---------------------------------------------------------------------------
// Figures and checks.

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const ms = (x: number) => `${x.toFixed(1)} ms`;
export const secs = (x: number) => `${(x / 1000).toFixed(1)} s`;

export interface Check {
  phase: string;
  name: string;
  ok: boolean;
  detail: string;
}

export class Report {
  checks: Check[] = [];
  figures: { phase: string; name: string; value: string }[] = [];
  check(phase: string, name: string, ok: boolean, detail = ""): boolean {
    this.checks.push({ phase, name, ok, detail });
    console.log(`  ${ok ? "ok  " : "FAIL"} ${name}${detail ? ` — ${detail}` : ""}`);
    return ok;
  }
  figure(phase: string, name: string, value: string | number): void {
    this.figures.push({ phase, name, value: String(value) });
  }
  failed(): Check[] {
    return this.checks.filter((c) => !c.ok);
  }
}

export function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (c ?? "").padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Run `fn` over a stream of items with at most `n` in flight. */
export async function pool<T>(items: Iterable<T>, n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  const it = items[Symbol.iterator]();
  let i = 0;
  const worker = async () => {
    for (;;) {
      const next = it.next();
      if (next.done) return;
      await fn(next.value, i++);
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
}

/** A per-key async mutex: callers of one key run one at a time, in arrival order. */
export class KeyedLock {
  private tails = new Map<string, Promise<void>>();
  async run<T>(key: string, fn: () => Promise<T> | T): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
