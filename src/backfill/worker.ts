// The worker side of backfill: reads and extracts sessions (the CPU-heavy part) and
// sends back records and cursors; the main thread is SQLite's single writer.
//
// A compiled binary holds one bundle, so there is no separate worker file to start:
// the pool starts the binary's own entry point (Bun.main) in a worker thread with the
// argv `backfill`, the CLI routes it to the backfill command as usual, and that
// command, seeing it is not on the main thread, lands here. From source, the pool
// starts worker-entry.ts instead.
import { loadSettings, type Settings } from "../runtime.ts";
import { runJob, type Job, type JobResult, type ProjectCache } from "./job.ts";

export type ToWorker = { type: "init"; env: Record<string, string> } | { type: "job"; job: Job };
export type FromWorker = { type: "ready" } | { type: "result"; result: JobResult } | { type: "fatal"; error: string };

let serving = false;

export function serveWorker(): void {
  // The compiled route imports this module and calls it from the command: once is enough.
  if (serving) return;
  serving = true;
  // Settings only: the main thread is the store's single writer.
  let rt: Settings | undefined;
  const projects: ProjectCache = new Map();
  addEventListener("message", (event) => {
    const msg = (event as MessageEvent<ToWorker>).data;
    try {
      if (msg.type === "init") {
        // The same environment as the main thread: same data dir, config, redaction.
        rt = loadSettings(msg.env);
        return;
      }
      if (!rt) throw new Error("job before init");
      postMessage({ type: "result", result: runJob(msg.job, rt, projects) } satisfies FromWorker);
    } catch (err) {
      postMessage({ type: "fatal", error: String((err as Error)?.message ?? err) } satisfies FromWorker);
    }
  });
  // The compiled route reaches this point after a few awaits (CLI start-up); a message sent
  // before the listener exists could be dropped, so the pool waits for this one.
  postMessage({ type: "ready" } satisfies FromWorker);
}
