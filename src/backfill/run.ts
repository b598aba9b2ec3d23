// `session-recorder backfill`: index the transcripts Claude Code wrote before the
// plugin was installed (or while it was off), into the same records and cursors the
// hooks keep, so that a later hook of such a session carries on from where backfill
// stopped.
//
//   discover (readdir + stat) -> plan: skip what the stored cursors already cover
//     -> queue -> pool: worker threads read + extract (CPU) -> batch: this thread saves
//
// Every session is saved with its cursor in one transaction, on the cursor version it
// was read from (like the hooks: a concurrent hook wins and we redo the session), so a
// run killed at any point leaves a consistent store and the next run continues.
import type { Runtime } from "../runtime.ts";
import type { Store } from "../store/sessions.ts";
import { StoreOpenError } from "../store/open.ts";
import { discover, type Problem } from "./discover.ts";
import { projectSlug, transcriptsDir } from "../claude.ts";
import type { Job, JobResult } from "./job.ts";
import { planJobs } from "./plan.ts";
import { JobQueue, MAX_ATTEMPTS } from "./queue.ts";
import { Batch, saveBatch } from "./batch.ts";
import { ReaderPool } from "./pool.ts";

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
  private queue = new JobQueue([]);
  private readonly batch = new Batch(() => this.flush());
  private readonly pool: ReaderPool;
  /** Jobs not yet saved, failed or dropped. */
  private outstanding = 0;
  private stopped = false;
  private finish: (() => void) | undefined;
  private fail: ((err: unknown) => void) | undefined;

  constructor(
    private readonly rt: Runtime,
    private readonly opts: BackfillOptions,
  ) {
    this.summary = {
      dir: transcriptsDir(rt.paths.home),
      found: true,
      sessions: 0,
      unchanged: 0,
      failed: 0,
      foreign: 0,
      beyondMax: 0,
      filesRead: 0,
      bytesRead: 0,
      ms: 0,
      workers: 0,
      interrupted: false,
    };
    this.pool = new ReaderPool(rt, { active: () => !this.stopped && !!this.finish, take: () => this.take(), onResult: (r) => this.onResult(r) });
  }

  async run(): Promise<BackfillSummary> {
    let found: ReturnType<typeof discover>;
    try {
      found = discover(this.summary.dir, { slug: this.opts.project === undefined ? undefined : projectSlug(this.opts.project) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code !== "ENOENT") throw err;
      return this.done({ found: false });
    }
    for (const p of found.problems) this.problem(p);
    const store = this.storeOrThrow();
    const plan = planJobs(found.sessions, store, { maxSessions: this.rt.config.max_sessions, since: this.opts.since });
    this.queue = new JobQueue(plan.jobs);
    this.summary.beyondMax += plan.beyondMax;
    this.summary.foreign += plan.foreign;
    this.summary.unchanged += plan.unchanged;
    this.outstanding = plan.jobs.length;
    for (const j of plan.jobs) {
      this.progress.filesTotal += j.paths.length;
      this.progress.bytesTotal += j.plannedBytes;
    }
    this.report();
    if (plan.jobs.length) await this.execute(plan.jobs.length);
    return this.done({});
  }

  /** Ctrl-C: keep what is read and complete, drop the rest; the next run continues. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.summary.interrupted = true;
    this.pool.terminate();
    this.settle();
  }

  private async execute(jobs: number): Promise<void> {
    const wanted = this.opts.workers === "auto" ? (this.progress.bytesTotal < IN_THREAD_BELOW ? 0 : defaultWorkers()) : this.opts.workers;
    const n = Math.min(wanted, jobs);
    this.summary.workers = n;
    const finished = new Promise<void>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
    this.pool.start(n);
    try {
      await finished;
    } finally {
      this.batch.cancel();
      this.pool.terminate();
    }
  }

  private take(): Job | undefined {
    try {
      return this.queue.take(() => this.rt.store());
    } catch (err) {
      this.abort(new StoreError(`cannot read the store ${this.rt.paths.db}: ${(err as Error).message}`));
      return undefined;
    }
  }

  private onResult(r: JobResult): void {
    this.progress.filesDone += r.job.paths.length;
    this.progress.bytesDone += r.job.plannedBytes;
    switch (r.kind) {
      case "saved":
        this.batch.add(r);
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
    this.batch.schedule();
    this.settle();
  }

  /** Save the pending results in one transaction; a session a hook saved meanwhile goes back in the queue. */
  private flush(): void {
    const batch = this.batch.take();
    if (!batch.length) return;
    let raced: Job[];
    try {
      raced = saveBatch(this.rt.store(), batch);
    } catch (err) {
      this.abort(new StoreError(`cannot save to the store ${this.rt.paths.db}: ${(err as Error).message}`));
      return;
    }
    this.summary.sessions += batch.length - raced.length;
    this.outstanding -= batch.length - raced.length;
    for (const job of raced) {
      if (this.stopped || !this.queue.retry(job)) {
        this.outstanding--;
        if (!this.stopped) this.problem({ path: job.paths[0]!, error: `gave up after ${MAX_ATTEMPTS} concurrent updates by hooks` });
        continue;
      }
      // Counted again when it is read again.
      this.progress.filesDone -= job.paths.length;
      this.progress.bytesDone -= job.plannedBytes;
    }
    this.pool.feedAll();
  }

  /** Resolve once every job is saved, failed or dropped (or at once when stopped, after saving what is complete). */
  private settle(): void {
    if (!this.finish) return;
    if (this.stopped || (this.outstanding <= this.batch.size && this.pool.idle && this.queue.drained)) {
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
    this.pool.terminate();
    const fail = this.fail;
    this.finish = undefined;
    this.fail = undefined;
    fail?.(err);
  }

  private problem(p: Problem): void {
    this.summary.failed++;
    this.rt.log.log("warn", "backfill: cannot index transcript", { path: p.path, error: p.error });
    this.opts.onProblem?.(p);
  }

  private report(): void {
    this.opts.onProgress?.({ ...this.progress });
  }

  /** The runtime's message already names the store and the way out: not wrapped again. */
  private storeOrThrow(): Store {
    try {
      return this.rt.store();
    } catch (err) {
      throw new StoreError(err instanceof StoreOpenError ? err.message : `cannot open the store ${this.rt.paths.db}: ${(err as Error).message}`);
    }
  }

  private done(extra: Partial<BackfillSummary>): BackfillSummary {
    return { ...this.summary, ...extra, ms: performance.now() - this.started };
  }
}
