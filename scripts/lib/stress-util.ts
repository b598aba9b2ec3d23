// Shared pieces of scripts/stress.ts: a seeded PRNG, running the compiled hook as a
// child process (with a kill switch), a bounded pool, percentiles, checks and tables.
import { Database } from "bun:sqlite";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { SpawnRequest, SpawnResponse, StdinSpec } from "./stress-spawner.ts";
import { join } from "node:path";

// ---------------------------------------------------------------------------
// Deterministic randomness: sfc32 seeded through splitmix32.

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t = t ^ (t >>> 15);
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    const sm = splitmix32(seed >>> 0);
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  /** Pick by weight: [[weight, value], ...]. */
  weighted<T>(xs: readonly (readonly [number, T])[]): T {
    const total = xs.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of xs) if ((r -= w) < 0) return v;
    return xs[xs.length - 1]![1];
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.u32();
      out[i] = v & 255;
      if (i + 1 < n) out[i + 1] = (v >>> 8) & 255;
      if (i + 2 < n) out[i + 2] = (v >>> 16) & 255;
      if (i + 3 < n) out[i + 3] = v >>> 24;
    }
    return out;
  }
  /** An independent stream for a sub-task, so one phase's draws never shift another's. */
  fork(label: string | number): Rng {
    return new Rng((this.u32() ^ Number(Bun.hash(String(label)) & 0xffffffffn)) >>> 0);
  }
}

export function seededRng(seed: number, label: string): Rng {
  return new Rng((seed ^ Number(Bun.hash(label) & 0xffffffffn)) >>> 0);
}

// ---------------------------------------------------------------------------
// Running the hook binary.

/** What the spawner measured for one hook run, and which event it was. */
export type HookResult = Omit<SpawnResponse, "id" | "error"> & { event: string };

export interface SpawnOpts {
  bin: string;
  env: Record<string, string>;
  cwd: string;
  /** SIGKILL after this many ms (0 = at once): hang guard, or the crash test's kill. */
  killAfterMs?: number;
}

export type Stdin = Uint8Array | "ignore" | "open" | { file: string };

const INLINE_STDIN_MAX = 1 << 20;

/**
 * Starts hooks through scripts/lib/stress-spawner.ts (see there why), over IPC.
 * Stdin above 1 MB goes through a file, so that the spawner stays small.
 */
export class Spawner {
  private proc: ReturnType<typeof Bun.spawn>;
  private pending = new Map<number, { resolve: (r: HookResult) => void; reject: (e: Error) => void; event: string }>();
  private next = 1;
  private dead: Error | null = null;
  constructor(private stdinDir: string) {
    mkdirSync(stdinDir, { recursive: true });
    this.proc = Bun.spawn([process.execPath, join(import.meta.dir, "stress-spawner.ts")], {
      stdin: "ignore",
      stdout: "inherit",
      stderr: "inherit",
      serialization: "advanced",
      ipc: (msg: SpawnResponse) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`spawner: ${msg.error}`));
        else {
          const { id: _id, error: _error, ...result } = msg;
          p.resolve({ ...result, event: p.event });
        }
      },
    });
    this.proc.exited.then(() => {
      this.dead = new Error("the spawner process exited");
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    });
  }
  run(event: string, stdin: Stdin, o: SpawnOpts, args: string[] = ["hook", event]): Promise<HookResult> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    let spec: StdinSpec;
    if (stdin instanceof Uint8Array) {
      if (stdin.length > INLINE_STDIN_MAX) {
        const file = join(this.stdinDir, `stdin-${id}.bin`);
        writeFileSync(file, stdin);
        spec = { file, unlink: true };
      } else spec = { bytes: stdin };
    } else spec = stdin;
    const req: SpawnRequest = { id, bin: o.bin, args, stdin: spec, env: o.env, cwd: o.cwd, killAfterMs: o.killAfterMs };
    return new Promise<HookResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, event });
      this.proc.send(req);
    });
  }
  /** Ends the spawner and any hook still running (synchronously: also used from signal handlers). */
  stop(): void {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    try {
      this.proc.kill("SIGTERM");
    } catch {}
    // Give it a moment to SIGKILL its children, then make sure.
    for (let i = 0; i < 20 && this.proc.exitCode === null && this.proc.signalCode === null; i++) Bun.sleepSync(10);
    try {
      this.proc.kill(9);
    } catch {}
  }
}

export const enc = (s: string) => new TextEncoder().encode(s);

/** Characters of context a SessionStart output injects (0 when none). */
export function contextChars(stdout: string): number {
  try {
    return JSON.parse(stdout).hookSpecificOutput?.additionalContext?.length ?? 0;
  } catch {
    return 0;
  }
}

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
  return withDb(dbPath, (db) => new Map((db.query("SELECT session_id, turn_count FROM sessions").all() as { session_id: string; turn_count: number }[]).map((r) => [r.session_id, r.turn_count])));
}

/** The log and its rotated predecessor. */
export function readLog(dataDir: string): string {
  const p = join(dataDir, "logs", "session-recorder.log");
  let text = "";
  for (const f of [`${p}.1`, p]) if (existsSync(f)) text += readFileSync(f, "utf8");
  return text;
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
  const line = (r: string[]) => r.map((c, i) => (c ?? "").padEnd(widths[i]!)).join("  ").trimEnd();
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
