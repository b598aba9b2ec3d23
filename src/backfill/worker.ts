// The worker side of backfill: reads and extracts sessions (the CPU-heavy part) and
// sends back records and cursors; the main thread is SQLite's single writer. Started
// from worker-entry.ts, which the compiled binary embeds as an entry point of its own.
import { loadSettings, type Settings } from "../runtime.ts";
import { runJob, type Job, type JobResult, type ProjectCache } from "./job.ts";

export type ToWorker = { type: "init"; env: Record<string, string> } | { type: "job"; job: Job };
export type FromWorker = { type: "ready" } | { type: "result"; result: JobResult } | { type: "fatal"; error: string };

export function serveWorker(): void {
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
  // The pool sends nothing before this: a message sent before the listener exists could be dropped.
  postMessage({ type: "ready" } satisfies FromWorker);
}
