// Backfill's writes: results are saved a batch per transaction (short write locks, so a
// hook waits at most one batch; few commits), each on the cursor version it was read from.
import type { Store } from "../store/sessions.ts";
import type { Job, JobResult } from "./job.ts";

/** Results saved per transaction... */
const BATCH = 64;
/** ...or whatever arrived within this long. */
const BATCH_MS = 250;

export type Saved = Extract<JobResult, { kind: "saved" }>;

/** Results waiting to be saved; `due` is called when a batch is full or has waited long enough. */
export class Batch {
  #pending: Saved[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly due: () => void) {}

  get size(): number {
    return this.#pending.length;
  }

  add(r: Saved): void {
    this.#pending.push(r);
  }

  /** Due now when full; else due in BATCH_MS if anything waits. */
  schedule(): void {
    if (this.#pending.length >= BATCH) this.due();
    else if (this.#pending.length && !this.#timer) this.#timer = setTimeout(() => this.due(), BATCH_MS);
  }

  /** Everything pending, handed over once; the timer stopped. */
  take(): Saved[] {
    this.cancel();
    const batch = this.#pending;
    this.#pending = [];
    return batch;
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/**
 * One transaction. A session whose stored cursor moved since it was read (a hook saved
 * it meanwhile) is not saved: its job is returned, to be read again from the newer cursor.
 */
export function saveBatch(store: Store, batch: Saved[]): Job[] {
  const raced: Job[] = [];
  store.transaction(() => {
    for (const r of batch) if (!store.savePrepared(r.save, r.job.version)) raced.push(r.job);
  });
  return raced;
}
