// The sessions a backfill run still has to read, largest first (the plan's order),
// and the ones a hook saved while we read them, which go round again.
import type { Store } from "../store/sessions.ts";
import type { Job } from "./job.ts";

/** Redo a session at most this often when hooks keep saving it meanwhile (as the hooks do). */
export const MAX_ATTEMPTS = 8;

export class JobQueue {
  #jobs: Job[];
  #next = 0;

  constructor(jobs: Job[]) {
    this.#jobs = jobs;
  }

  /** Every job has been handed out (a raced one put back makes this false again). */
  get drained(): boolean {
    return this.#next >= this.#jobs.length;
  }

  /**
   * The next job, with the stored cursor as of now when it continues one (a hook may
   * have saved since we planned). Store errors are the caller's to handle.
   */
  take(store: () => Store): Job | undefined {
    if (this.drained) return undefined;
    const job = this.#jobs[this.#next]!;
    this.#jobs[this.#next++] = undefined as unknown as Job; // let handed-out jobs be collected
    if (job.version === 0 && job.attempt === 0) return job;
    const s = store();
    const current = s.getCursor(job.sessionId);
    job.saved = job.refill && job.attempt === 0 ? null : (current?.cursor ?? null);
    job.version = current?.version ?? 0;
    if (job.attempt > 0) {
      // Raced with a hook: continue from its cursor, in the project it recorded.
      const r = s.getSession(job.sessionId);
      job.known = r ? { project: r.project, repo: r.repo ?? r.project, cwd: r.cwd } : null;
    }
    return job;
  }

  /** A session a hook saved while we read it: queued again, unless it has raced MAX_ATTEMPTS times (false). */
  retry(job: Job): boolean {
    if (++job.attempt >= MAX_ATTEMPTS) return false;
    this.#jobs.push(job);
    return true;
  }
}
