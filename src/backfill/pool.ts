// Who reads and extracts backfill's sessions: worker threads (the CPU-heavy part, off
// the main thread, which stays SQLite's single writer), or this thread when there are
// none (--workers 0, a small job, or every worker crashed).
import { pathToFileURL } from "node:url";
import type { Settings } from "../runtime.ts";
import { runJob, type Job, type JobResult, type ProjectCache } from "./job.ts";
import type { FromWorker, ToWorker } from "./worker.ts";

/**
 * Jobs queued at each worker, so that it never idles while its results travel back or
 * the main thread commits a batch (~100 ms with its checkpoint): at least 2, more while
 * they hold under QUEUED_BYTES (the many small sessions take well under a millisecond
 * each). Measured on the bench tree: with at most 32 jobs and 16 MB each worker waited
 * ~1.3 s of a 5 s run for work; with these, ~0.7 s.
 */
const MIN_QUEUED = 2;
const MAX_QUEUED = 256;
const QUEUED_BYTES = 32 << 20;

/** What the pool asks of the run that owns it. */
export interface PoolOwner {
  /** False once the run is stopped or finished: take no more jobs. */
  active(): boolean;
  take(): Job | undefined;
  onResult(r: JobResult): void;
}

interface Slot {
  worker: Worker;
  /** Jobs handed to this worker and not answered yet. */
  inflight: Map<string, Job>;
  /** Their planned bytes. */
  queuedBytes: number;
  ready: boolean;
}

export class ReaderPool {
  #slots: Slot[] = [];
  readonly #projects: ProjectCache = new Map();

  constructor(
    private readonly rt: Settings,
    private readonly owner: PoolOwner,
  ) {}

  /** `workers` threads, or with 0 the jobs one by one on this thread. */
  start(workers: number): void {
    if (workers === 0) void this.runInThread();
    else for (let i = 0; i < workers; i++) this.startWorker();
  }

  /** No job handed out and unanswered. */
  get idle(): boolean {
    return this.#slots.every((s) => s.inflight.size === 0);
  }

  /** Hand out work to every worker that has room (after a batch put raced jobs back). */
  feedAll(): void {
    for (const slot of this.#slots) this.feed(slot);
  }

  terminate(): void {
    for (const s of this.#slots) s.worker.terminate();
    this.#slots = [];
  }

  /** The same jobs, one by one, here. */
  private async runInThread(): Promise<void> {
    let yielded = performance.now();
    while (this.owner.active()) {
      const job = this.owner.take();
      if (!job) return; // the run has flushed; a raced session re-queued there is taken next round
      this.owner.onResult(runJob(job, this.rt, this.#projects));
      // Let the progress timer and Ctrl-C in now and then.
      if (performance.now() - yielded > 50) {
        await Bun.sleep(0);
        yielded = performance.now();
      }
    }
  }

  private startWorker(): void {
    const worker = new Worker(workerUrl());
    const slot: Slot = { worker, inflight: new Map(), queuedBytes: 0, ready: false };
    this.#slots.push(slot);
    worker.addEventListener("message", (event) => {
      const msg = (event as MessageEvent<FromWorker>).data;
      if (msg.type === "ready") {
        slot.ready = true;
        worker.postMessage({ type: "init", env: { HOME: this.rt.paths.home, CLAUDE_PLUGIN_DATA: this.rt.paths.dataDir } } satisfies ToWorker);
        this.feed(slot);
      } else if (msg.type === "result") {
        slot.inflight.delete(msg.result.job.sessionId);
        slot.queuedBytes -= msg.result.job.plannedBytes;
        // Fed first: taking the result may commit a batch, and the worker would wait that long.
        this.feed(slot);
        this.owner.onResult(msg.result);
      } else {
        this.workerDied(slot, msg.error);
      }
    });
    worker.addEventListener("error", (event) => this.workerDied(slot, (event as ErrorEvent).message || "worker crashed"));
  }

  private feed(slot: Slot): void {
    while (
      this.owner.active() &&
      slot.ready &&
      this.#slots.includes(slot) &&
      (slot.inflight.size < MIN_QUEUED || (slot.inflight.size < MAX_QUEUED && slot.queuedBytes < QUEUED_BYTES))
    ) {
      const job = this.owner.take();
      if (!job) return;
      slot.inflight.set(job.sessionId, job);
      slot.queuedBytes += job.plannedBytes;
      slot.worker.postMessage({ type: "job", job } satisfies ToWorker);
    }
  }

  /** A worker that crashed fails the sessions it held (counted, reported); the others carry on. */
  private workerDied(slot: Slot, error: string): void {
    if (!this.#slots.includes(slot)) return;
    // Said in the log: a thread that never started leaves no failed session to tell of it.
    this.rt.log.log("warn", "backfill reader thread failed", { error });
    slot.worker.terminate();
    this.#slots = this.#slots.filter((s) => s !== slot);
    const lost = [...slot.inflight.values()];
    slot.inflight.clear();
    for (const job of lost) this.owner.onResult({ kind: "failed", job, path: job.paths[0]!, error: `worker failed: ${error}` });
    // No threads left: finish here.
    if (this.owner.active() && !this.#slots.length) void this.runInThread();
  }
}

/**
 * The reader thread's module: from source, worker-entry.ts beside this file; in a compiled binary,
 * the same module embedded as the binary's second entry point (scripts/lib/compile.ts), where the
 * embedded files sit beside the binary's own under their paths in src/.
 */
function workerUrl(): string {
  return Bun.main.startsWith("/$bunfs/")
    ? new URL("backfill/worker-entry.ts", pathToFileURL(Bun.main)).href
    : new URL("./worker-entry.ts", import.meta.url).href;
}
