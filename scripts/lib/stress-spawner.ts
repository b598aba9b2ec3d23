// The process that starts every hook of scripts/stress.ts, driven over IPC.
//
// Why a separate process: Linux charges a vfork()ed child's peak RSS with its parent's
// peak (exec keeps the larger of the two), so children of the stress driver, which
// holds 50 MB fixtures and 20 MB payloads, would all report its peak. This process stays
// small (~25 MB), so the maxRSS it reports is the hook's own. It also times spawn-to-exit
// here, away from the driver's event loop, and applies the kill timers.
import { unlinkSync } from "node:fs";

export type StdinSpec = { bytes: Uint8Array } | { file: string; unlink?: boolean } | "ignore" | "open";

export interface SpawnRequest {
  id: number;
  bin: string;
  args: string[];
  stdin: StdinSpec;
  env: Record<string, string>;
  cwd: string;
  /** SIGKILL after this many ms (0 = right after the spawn). */
  killAfterMs?: number;
}

export interface SpawnResponse {
  id: number;
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Spawn to exit, wall clock. */
  ms: number;
  /** Peak resident set size of the child, bytes. */
  rss: number;
  /** We killed it (hang guard or crash test). */
  killed: boolean;
  error?: string;
}

const children = new Set<ReturnType<typeof Bun.spawn>>();

async function run(req: SpawnRequest): Promise<SpawnResponse> {
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
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout as ReadableStream).text(), new Response(proc.stderr as ReadableStream).text(), proc.exited]);
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
    if (typeof s === "object" && "file" in s && s.unlink) try { unlinkSync(s.file); } catch {}
  }
}

if (import.meta.main) {
  process.on("message", (req: SpawnRequest) => {
    run(req).then(
      (res) => process.send!(res),
      (err) => process.send!({ id: req.id, code: null, signal: null, stdout: "", stderr: "", ms: 0, rss: 0, killed: false, error: String(err?.stack ?? err) } satisfies SpawnResponse),
    );
  });
  // The driver is done or interrupted: no hook may outlive it (it would write into removed dirs).
  const quit = () => {
    for (const c of children) try { c.kill(9); } catch {}
    process.exit(0);
  };
  process.on("disconnect", quit);
  process.on("SIGTERM", quit);
}
