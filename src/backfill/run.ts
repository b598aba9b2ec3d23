// `session-recorder backfill`: index the transcripts Claude Code wrote before the
// plugin was installed (or while it was off), into the same records and cursors the
// hooks keep, so that a later hook of such a session carries on from where backfill
// stopped.
//
//   discover (readdir + stat) -> skip what the stored cursors already cover
//     -> worker threads read + extract (CPU) -> main thread saves in batched transactions
//
// Every session is saved with its cursor in one transaction, on the cursor version it
// was read from (like the hooks: a concurrent hook wins and we redo the session), so a
// run killed at any point leaves a consistent store and the next run continues.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Runtime } from "../runtime.ts";
import type { Store } from "../store/sessions.ts";
import { discover, type Problem } from "./discover.ts";
import { projectSlug, transcriptsDir } from "../claude.ts";
import { runJob, type Job, type JobResult, type ProjectCache } from "./job.ts";
import { planJobs } from "./plan.ts";
import type { FromWorker, ToWorker } from "./worker.ts";

export interface BackfillOptions {
  /** Only sessions whose transcripts changed at or after this time (ms since the epoch). */
  since?: number;
  /** Only this project's transcripts (a path; its slug picks the folder). */
  project?: string;
  /** Worker threads that read and extract; 0 = all in this thread; "auto" = one per core, none for a small job. */
  workers: number | "auto";
  onProgress?: (p: Progress) => void;
  /** A transcript that could not be indexed (reported as it happens). */
  onProblem?: (p: Problem) => void;
}

export interface Progress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface BackfillSummary {
  dir: string;
  /** False when the transcripts folder does not exist. */
  found: boolean;
  /** Sessions saved (new or grown). */
  sessions: number;
  /** Sessions the store already had up to date. */
  unchanged: number;
  /** Transcripts that could not be read or are not transcripts. */
  failed: number;
  /** Sessions the hooks recorded under another transcript path: left to the hooks, never double-counted. */
  foreign: number;
  /** Older sessions beyond max_sessions: the store would prune them again at once. */
  beyondMax: number;
  filesRead: number;
  bytesRead: number;
  ms: number;
  workers: number;
  interrupted: boolean;
}

/** Results saved per transaction: short write locks (a hook waits at most one batch), few commits. */
const BATCH = 64;
/** ...or whatever arrived within this long. */
const BATCH_MS = 250;
/**
 * Jobs queued at each worker, so that it never idles while its results travel back or
 * the main thread commits a batch: at least 2, more while they hold under QUEUED_BYTES
 * (the many small sessions take well under a millisecond each). Measured: workers went
 * from ~80% to ~94% of their time busy.
 */
const MIN_QUEUED = 2;
const MAX_QUEUED = 32;
const QUEUED_BYTES = 16 << 20;
/** Redo a session at most this often when hooks keep saving it meanwhile (as the hooks do). */
const MAX_ATTEMPTS = 8;

export class StoreError extends Error {}

/**
 * Below this much to read, "auto" reads on the main thread: starting a worker (it loads
 * the whole program again) costs more than it saves, and a daily re-run finds only a few
 * grown sessions.
 */
const IN_THREAD_BELOW = 8 << 20;

/** One worker per core, at most 4 (past that the single SQLite writer is the limit). */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 1, 4));
}

export class Backfill {
  private readonly summary: BackfillSummary;
  private readonly started = performance.now();
  private readonly progress: Progress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  private queue: Job[] = [];
  private next = 0;
  private pending: Extract<JobResult, { kind: "saved" }>[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private outstanding = 0;
  private stopped = false;
  private workers: Slot[] = [];
  private finish: (() => void) | undefined;
  private fail: ((err: unknown) => void) | undefined;
  private readonly projects: ProjectCache = new Map();

  constructor(private readonly rt: Runtime, private readonly opts: BackfillOptions) {
    this.summary = { dir: transcriptsDir(rt.paths.home), found: true, sessions: 0, unchanged: 0, failed: 0, foreign: 0, beyondMax: 0, filesRead: 0, bytesRead: 0, ms: 0, workers: 0, interrupted: false };
  }

  async run(): Promise<BackfillSummary> {
    let found;
    try {
      found = discover(this.summary.dir, { slug: this.opts.project === undefined ? undefined : projectSlug(this.opts.project) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code !== "ENOENT") throw err;
      return this.done({ found: false });
    }
    for (const p of found.problems) this.problem(p);
    const store = this.storeOrThrow();
    const plan = planJobs(found.sessions, store, { maxSessions: this.rt.config.max_sessions, since: this.opts.since });
    this.queue = plan.jobs;
    this.summary.beyondMax += plan.beyondMax;
    this.summary.foreign += plan.foreign;
    this.summary.unchanged += plan.unchanged;
    this.outstanding = this.queue.length;
    for (const j of this.queue) {
      this.progress.filesTotal += j.paths.length;
      this.progress.bytesTotal += j.plannedBytes;
    }
    this.report();
    if (this.queue.length) await this.execute();
    return this.done({});
  }

  /** Ctrl-C: keep what is read and complete, drop the rest; the next run continues. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.summary.interrupted = true;
    this.terminateWorkers();
    this.settle();
  }

  /** Which sessions need reading, from what the stored cursors say, without opening a transcript. */
  private async execute(): Promise<void> {
    const wanted = this.opts.workers === "auto" ? (this.progress.bytesTotal < IN_THREAD_BELOW ? 0 : defaultWorkers()) : this.opts.workers;
    const n = Math.min(wanted, this.queue.length);
    this.summary.workers = n;
    const finished = new Promise<void>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
    if (n === 0) void this.runInThread();
    else for (let i = 0; i < n; i++) this.startWorker();
    try {
      await finished;
    } finally {
      clearTimeout(this.flushTimer);
      this.terminateWorkers();
    }
  }

  /** Without workers (--workers 0, or every worker crashed): the same jobs, one by one, here. */
  private async runInThread(): Promise<void> {
    let yielded = performance.now();
    while (!this.stopped && this.finish) {
      const job = this.take();
      if (!job) return; // settle() has flushed; a raced session re-queued there is taken next round
      this.onResult(runJob(job, this.rt, this.projects));
      // Let the progress timer and Ctrl-C in now and then.
      if (performance.now() - yielded > 50) {
        await Bun.sleep(0);
        yielded = performance.now();
      }
    }
  }

  private startWorker(): void {
    const worker = new Worker(workerUrl(), { argv: ["backfill"] });
    const slot: Slot = { worker, inflight: new Map(), queuedBytes: 0, ready: false };
    this.workers.push(slot);
    worker.addEventListener("message", (event) => {
      const msg = (event as MessageEvent<FromWorker>).data;
      if (msg.type === "ready") {
        slot.ready = true;
        worker.postMessage({ type: "init", env: { HOME: this.rt.paths.home, CLAUDE_PLUGIN_DATA: this.rt.paths.dataDir } } satisfies ToWorker);
        this.feed(slot);
      } else if (msg.type === "result") {
        slot.inflight.delete(msg.result.job.sessionId);
        slot.queuedBytes -= msg.result.job.plannedBytes;
        this.onResult(msg.result);
        this.feed(slot);
      } else {
        this.workerDied(slot, msg.error);
      }
    });
    worker.addEventListener("error", (event) => this.workerDied(slot, (event as ErrorEvent).message || "worker crashed"));
  }

  private feed(slot: Slot): void {
    while (!this.stopped && slot.ready && this.workers.includes(slot) && (slot.inflight.size < MIN_QUEUED || (slot.inflight.size < MAX_QUEUED && slot.queuedBytes < QUEUED_BYTES))) {
      const job = this.take();
      if (!job) return;
      slot.inflight.set(job.sessionId, job);
      slot.queuedBytes += job.plannedBytes;
      slot.worker.postMessage({ type: "job", job } satisfies ToWorker);
    }
  }

  /** A worker that crashed fails the sessions it held (counted, reported); the others carry on. */
  private workerDied(slot: Slot, error: string): void {
    if (!this.workers.includes(slot)) return;
    slot.worker.terminate();
    this.workers = this.workers.filter((s) => s !== slot);
    const lost = [...slot.inflight.values()];
    slot.inflight.clear();
    for (const job of lost) this.onResult({ kind: "failed", job, path: job.paths[0]!, error: `worker failed: ${error}` });
    // No threads left: finish here.
    if (!this.stopped && this.finish && !this.workers.length) void this.runInThread();
  }

  /** The next job, with the stored cursor as of now when it continues one (a hook may have saved since we planned). */
  private take(): Job | undefined {
    while (this.next < this.queue.length) {
      const job = this.queue[this.next]!;
      this.queue[this.next++] = undefined as unknown as Job; // let handed-out jobs be collected
      if (job.version === 0 && job.attempt === 0) return job;
      try {
        const store = this.rt.store();
        const current = store.getCursor(job.sessionId);
        job.saved = job.refill && job.attempt === 0 ? null : (current?.cursor ?? null);
        job.version = current?.version ?? 0;
        if (job.attempt > 0) {
          // Raced with a hook: continue from its cursor, in the project it recorded.
          const r = store.getSession(job.sessionId);
          job.known = r ? { project: r.project, repo: r.repo ?? r.project, cwd: r.cwd } : null;
        }
        return job;
      } catch (err) {
        this.abort(new StoreError(`cannot read the store ${this.rt.paths.db}: ${(err as Error).message}`));
        return undefined;
      }
    }
    return undefined;
  }

  private onResult(r: JobResult): void {
    this.progress.filesDone += r.job.paths.length;
    this.progress.bytesDone += r.job.plannedBytes;
    switch (r.kind) {
      case "saved":
        this.pending.push(r);
        this.summary.filesRead += r.filesRead;
        this.summary.bytesRead += r.bytesRead;
        if (r.longLines) this.rt.log.log("warn", "backfill skipped over-long transcript lines", { session_id: r.job.sessionId, count: r.longLines });
        break;
      case "unchanged":
        this.summary.unchanged++;
        this.summary.filesRead += r.filesRead;
        this.summary.bytesRead += r.bytesRead;
        this.outstanding--;
        break;
      case "vanished":
        this.outstanding--;
        break;
      case "failed":
        this.problem({ path: r.path, error: r.error });
        this.outstanding--;
        break;
    }
    this.report();
    if (this.pending.length >= BATCH) this.flush();
    else if (this.pending.length && !this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), BATCH_MS);
    this.settle();
  }

  /** Save the pending results in one transaction; a session a hook saved meanwhile goes back in the queue. */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    const raced: Job[] = [];
    try {
      const store = this.rt.store();
      store.db.transaction(() => {
        for (const r of batch) if (!store.saveSession(r.record, r.cursor, r.job.version)) raced.push(r.job);
      }).immediate();
    } catch (err) {
      this.abort(new StoreError(`cannot save to the store ${this.rt.paths.db}: ${(err as Error).message}`));
      return;
    }
    this.summary.sessions += batch.length - raced.length;
    this.outstanding -= batch.length - raced.length;
    for (const job of raced) {
      if (this.stopped || ++job.attempt >= MAX_ATTEMPTS) {
        this.outstanding--;
        if (!this.stopped) this.problem({ path: job.paths[0]!, error: `gave up after ${MAX_ATTEMPTS} concurrent updates by hooks` });
        continue;
      }
      // Counted again when it is read again.
      this.progress.filesDone -= job.paths.length;
      this.progress.bytesDone -= job.plannedBytes;
      this.queue.push(job);
    }
    for (const slot of this.workers) this.feed(slot);
  }

  /** Resolve once every job is saved, failed or dropped (or at once when stopped, after saving what is complete). */
  private settle(): void {
    if (!this.finish) return;
    const idle = this.workers.every((s) => s.inflight.size === 0);
    if (this.stopped || (this.outstanding <= this.pending.length && idle && this.next >= this.queue.length)) {
      this.flush();
      if (this.finish && (this.stopped || this.outstanding === 0)) {
        const finish = this.finish;
        this.finish = undefined;
        finish();
      }
    }
  }

  private abort(err: Error): void {
    this.stopped = true;
    this.terminateWorkers();
    const fail = this.fail;
    this.finish = undefined;
    this.fail = undefined;
    fail?.(err);
  }

  private terminateWorkers(): void {
    for (const s of this.workers) s.worker.terminate();
    this.workers = [];
  }

  private problem(p: Problem): void {
    this.summary.failed++;
    this.rt.log.log("warn", "backfill: cannot index transcript", { path: p.path, error: p.error });
    this.opts.onProblem?.(p);
  }

  private report(): void {
    this.opts.onProgress?.({ ...this.progress });
  }

  private storeOrThrow(): Store {
    try {
      return this.rt.store();
    } catch (err) {
      throw new StoreError(`cannot open the store ${this.rt.paths.db}: ${(err as Error).message}`);
    }
  }

  private done(extra: Partial<BackfillSummary>): BackfillSummary {
    return { ...this.summary, ...extra, ms: performance.now() - this.started };
  }
}

interface Slot {
  worker: Worker;
  /** Jobs handed to this worker and not answered yet. */
  inflight: Map<string, Job>;
  /** Their planned bytes. */
  queuedBytes: number;
  ready: boolean;
}

/**
 * From source, the worker module itself; in the compiled binary (one bundle, no such
 * file) the binary's entry point, which routes `backfill` in a worker thread to serveWorker.
 */
function workerUrl(): string {
  const entry = new URL("./worker-entry.ts", import.meta.url);
  return entry.protocol === "file:" && existsSync(fileURLToPath(entry)) ? entry.href : Bun.main;
}
