// `backfill`: index the past sessions already in ~/.claude/projects. Progress on a
// terminal, one summary line on stderr; exit 0 even when some transcripts could not
// be read (they are counted), 1 only when the store itself fails.
import { resolve } from "node:path";
import { defineStoreCommand } from "./runtime.ts";
import { Backfill, StoreError, type BackfillSummary } from "../backfill/run.ts";
import { ProgressLine, duration, mb } from "./progress.ts";
import type { Problem } from "../backfill/discover.ts";
import { UserError } from "./errors.ts";
import { timeArg, wholeNumber } from "./args.ts";
import { keepFreedMemory } from "../util/allocator.ts";

/** Skipped transcripts are listed one per line up to this many, then only counted. */
const LISTED_PROBLEMS = 5;

export const backfillCommand = defineStoreCommand({
  meta: { name: "backfill", description: "Index past sessions from ~/.claude/projects (subagents included); a re-run reads only what changed" },
  args: {
    since: { type: "string", description: "Only transcripts changed since: 7d, 12h, 2w, or a date" },
    project: { type: "string", description: "Only this project's transcripts (its path)" },
    workers: { type: "string", description: "Reader threads (default: one per core, at most 4, none for under 8 MB; 0 = none)" },
    json: { type: "boolean", description: "Print the summary as JSON on stdout" },
  },
  async run({ args }, rt) {
    const since = args.since ? Date.parse(timeArg(args.since, "--since")) : undefined;
    const workers = args.workers === undefined ? "auto" : wholeNumber(args.workers, "--workers", 0, 64);
    // Once the arguments hold (a bad one fails here, in one process): reading frees and allocates
    // megabytes per transcript, which the allocator's defaults make slow.
    keepFreedMemory();
    const err = process.stderr;
    const tty = !!err.isTTY && process.env.TERM !== "dumb";
    const bar = tty ? new ProgressLine(err, !process.env.NO_COLOR) : undefined;
    let listed = 0;
    const onProblem = (p: Problem) => {
      if (++listed > LISTED_PROBLEMS) return;
      const line = `session-recorder: skipped ${p.path}: ${p.error}`;
      if (bar) bar.note(line);
      else err.write(line + "\n");
    };

    const job = new Backfill(rt, {
      since,
      project: args.project === undefined ? undefined : resolve(args.project),
      workers,
      onProgress: bar && ((p) => bar.update(p)),
      onProblem,
    });
    const onSigint = () => job.stop();
    process.on("SIGINT", onSigint);
    let summary: BackfillSummary;
    try {
      summary = await job.run();
    } catch (e) {
      bar?.end();
      if (e instanceof StoreError) throw new UserError(e.message, 1);
      throw e;
    } finally {
      process.off("SIGINT", onSigint);
    }
    bar?.end();

    if (args.json) console.log(JSON.stringify(summary));
    if (!summary.found) return void err.write(`no transcripts found at ${summary.dir}\n`);
    err.write(summaryLine(summary) + "\n");
    if (summary.failed)
      err.write(
        `warning: ${summary.failed} transcript${summary.failed === 1 ? "" : "s"} could not be indexed${summary.failed > LISTED_PROBLEMS ? ` (${LISTED_PROBLEMS} listed above)` : ""}; details in ${rt.paths.log}\n`,
      );
    if (summary.interrupted) {
      err.write("interrupted: what was read is saved; run `session-recorder backfill` again to continue\n");
      process.exitCode = 130;
    }
  },
});

/** `backfilled 123 sessions (456 MB) in 3.2 s; 5 unchanged` and whatever else was left out. */
export function summaryLine(s: BackfillSummary): string {
  const parts = [
    `backfilled ${s.sessions} session${s.sessions === 1 ? "" : "s"} (${mb(s.bytesRead)} MB) in ${s.ms < 60_000 ? `${(s.ms / 1000).toFixed(1)} s` : duration(s.ms / 1000)}`,
  ];
  parts.push(`${s.unchanged} unchanged`);
  if (s.beyondMax) parts.push(`${s.beyondMax} older beyond max_sessions left out`);
  if (s.foreign) parts.push(`${s.foreign} already recorded by the hooks under another path`);
  return parts.join("; ");
}
