// Running the compiled binary as Claude Code does: one process, hook JSON on stdin.
//   runBin / runHook   synchronous, for tests and bench: exit code, output, wall time, peak RSS
//   Spawner            asynchronous and many at once, with kill timers, for the stress test;
//                      the spawns happen in a child process, this file run as a script.
// Why a child process for the stress test: Linux charges a vfork()ed child's peak RSS with its
// parent's peak (exec keeps the larger of the two), so children of the stress driver, which
// holds 50 MB fixtures and 20 MB payloads, would all report its peak. The child stays small
// (~25 MB: this file imports nothing else of the project), so the maxRSS it reports is the
// hook's own. It also times spawn-to-exit there, away from the driver's event loop.
import { mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN } from "./paths.ts";

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Spawn to exit, wall clock. */
  ms: number;
  /** Peak resident set size of the child, bytes. */
  rss: number;
}

export interface RunOptions {
  stdin?: string | Uint8Array;
  env?: Record<string, string>;
  cwd?: string;
  /** Default: the built plugin binary. */
  bin?: string;
}

export function runBin(args: string[], opts: RunOptions = {}): BinResult {
  const started = performance.now();
  const p = Bun.spawnSync([opts.bin ?? BIN, ...args], {
    stdin: opts.stdin !== undefined ? Buffer.from(opts.stdin) : "ignore",
    env: opts.env ?? (process.env as Record<string, string>),
    cwd: opts.cwd,
  });
  const ms = performance.now() - started;
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString(), ms, rss: p.resourceUsage?.maxRSS ?? 0 };
}

/** `session-recorder hook <event>` with `input` as its stdin JSON. */
export function runHook(event: string, input: object, opts: Omit<RunOptions, "stdin"> = {}): BinResult {
  return runBin(["hook", event], { ...opts, stdin: JSON.stringify(input) });
}

// ---------------------------------------------------------------------------
// The stress test's spawner.

/** What the child is told to feed the hook: bytes, a file (big inputs), nothing, or a pipe never closed. */
type StdinSpec = { bytes: Uint8Array } | { file: string; unlink?: boolean } | "ignore" | "open";
export type Stdin = Uint8Array | "ignore" | "open" | { file: string };

interface SpawnRequest {
  id: number;
  bin: string;
  args: string[];
  stdin: StdinSpec;
  env: Record<string, string>;
  cwd: string;
  killAfterMs?: number;
}

interface SpawnResponse extends BinResult {
  id: number;
  signal: string | null;
  /** We killed it (hang guard or crash test). */
  killed: boolean;
  error?: string;
}

/** What one hook run did, and which event it was. */
export type HookResult = Omit<SpawnResponse, "id" | "error"> & { event: string };

export interface SpawnOpts {
  bin: string;
  env: Record<string, string>;
  cwd: string;
  /** SIGKILL after this many ms (0 = right after the spawn): hang guard, or the crash test's kill. */
  killAfterMs?: number;
}

const INLINE_STDIN_MAX = 1 << 20;

/** Starts hooks from a small child process (see the top of this file), over IPC. Stdin above 1 MB goes through a file. */
export class Spawner {
  private proc: ReturnType<typeof Bun.spawn>;
  private pending = new Map<number, { resolve: (r: HookResult) => void; reject: (e: Error) => void; event: string }>();
  private next = 1;
  private dead: Error | null = null;
  constructor(private stdinDir: string) {
    mkdirSync(stdinDir, { recursive: true });
    this.proc = Bun.spawn([process.execPath, import.meta.path], {
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

// The child's side.
const children = new Set<ReturnType<typeof Bun.spawn>>();

async function spawnOne(req: SpawnRequest): Promise<SpawnResponse> {
  const s = req.stdin;
  const stdin = s === "ignore" ? "ignore" : s === "open" ? "pipe" : "bytes" in s ? s.bytes : Bun.file(s.file);
  const started = performance.now();
  const proc = Bun.spawn([req.bin, ...req.args], { stdin, stdout: "pipe", stderr: "pipe", env: req.env, cwd: req.cwd });
  children.add(proc);
  let killed = false;
  const kill = () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      killed = true;
      try {
        proc.kill(9);
      } catch {}
    }
  };
  const timer = req.killAfterMs === undefined ? undefined : req.killAfterMs <= 0 ? (kill(), undefined) : setTimeout(kill, req.killAfterMs);
  try {
    const [stdout, stderr] = await Promise.all([
      new Response(proc.stdout as ReadableStream).text(),
      new Response(proc.stderr as ReadableStream).text(),
      proc.exited,
    ]);
    const ms = performance.now() - started;
    let rss = 0;
    try {
      rss = proc.resourceUsage()?.maxRSS ?? 0;
    } catch {}
    const signal = proc.signalCode === null || proc.signalCode === undefined ? null : String(proc.signalCode);
    return { id: req.id, code: proc.exitCode, signal, stdout, stderr, ms, rss, killed: killed && signal !== null };
  } finally {
    if (timer) clearTimeout(timer);
    children.delete(proc);
    if (typeof s === "object" && "file" in s && s.unlink)
      try {
        unlinkSync(s.file);
      } catch {}
  }
}

if (import.meta.main) {
  process.on("message", (req: SpawnRequest) => {
    spawnOne(req).then(
      (res) => process.send!(res),
      (err) =>
        process.send!({
          id: req.id,
          code: null,
          signal: null,
          stdout: "",
          stderr: "",
          ms: 0,
          rss: 0,
          killed: false,
          error: String(err?.stack ?? err),
        } satisfies SpawnResponse),
    );
  });
  // The driver is done or interrupted: no hook may outlive it (it would write into removed dirs).
  const quit = () => {
    for (const c of children)
      try {
        c.kill(9);
      } catch {}
    process.exit(0);
  };
  process.on("disconnect", quit);
  process.on("SIGTERM", quit);
}
