// One session's backfill: read what its transcripts hold beyond the stored cursor,
// fold it into the extraction state and build the record, exactly as the hooks'
// update step does (same reader, same parser, same fold, same cursor keys). Runs in
// a worker thread; the main thread only saves the result.
import { findProject, type ProjectInfo } from "../project.ts";
import { readSession } from "../ingest/read.ts";
import { recordOf, writeRecordJson } from "../ingest/session.ts";
import { prepareSave, type Cursor, type PreparedSave } from "../store/save.ts";
import type { Settings } from "../runtime.ts";
import { errorText } from "../ingest/read.ts";
import { slugGuess } from "../claude.ts";

export interface Job {
  sessionId: string;
  /** The main transcript first, then its subagents' in the hooks' order. */
  paths: string[];
  /** The stored cursor, to continue from (null: never read). */
  saved: Cursor | null;
  /** The stored cursor's version: the save fails if a hook saved a newer one meanwhile. */
  version: number;
  /** The stored record's project, for a continued read (the first line, which decided it, is not read again). */
  known: { project: string; repo: string; cwd: string } | null;
  /** The slug folder: the last resort for a transcript that names no cwd at all. */
  slug: string;
  /** For a transcript without timestamps. */
  mtimeMs: number;
  /** Read from the start whatever the cursor says: the session's archive misses its older turns. */
  refill?: boolean;
  /** The bytes discovery expected to read, for the progress bar. */
  plannedBytes: number;
  attempt: number;
}

export type JobResult =
  | { kind: "saved"; job: Job; save: PreparedSave; bytesRead: number; filesRead: number; longLines: number }
  /** Read to the end, nothing new (an unterminated last line that is still unterminated). */
  | { kind: "unchanged"; job: Job; bytesRead: number; filesRead: number }
  /** The main transcript disappeared before we opened it: not an error, nothing to save. */
  | { kind: "vanished"; job: Job }
  | { kind: "failed"; job: Job; path: string; error: string };

/** findProject walks up the tree with stats; thousands of sessions share a few dozen cwds. */
export type ProjectCache = Map<string, ProjectInfo>;

export function runJob(job: Job, rt: Settings, projects: ProjectCache): JobResult {
  try {
    const [main, ...subagents] = job.paths;
    const read = readSession(main!, job.sessionId, job.saved, { redact: rt.redact, home: rt.paths.home, subagents, dataDir: rt.paths.dataDir });
    if (read.missing) return { kind: "vanished", job };
    const problem = read.problems[0];
    if (problem) return { kind: "failed", job, path: problem.path, error: problem.error };
    const { cursor, bytesRead, filesRead, longLines } = read;
    collect(bytesRead);
    if (!read.changed) return { kind: "unchanged", job, bytesRead, filesRead };
    const state = cursor.extract;
    const record = recordOf(state, {
      sessionId: job.sessionId,
      transcriptPath: main!,
      fallbackCwd: job.known?.cwd ?? state.cwd ?? slugGuess(job.slug),
      // Only a cursor that was continued (not re-read from scratch) can lack `firstCwd`.
      knownProject: job.saved && !read.cursor.extract.firstCwd ? job.known : null,
      lookup: (cwd) => cachedProject(cwd, projects),
      home: rt.paths.home,
      // A backfilled session was last active when its last line was written, not now.
      now: state.lastAt ?? new Date(job.mtimeMs).toISOString(),
      maxDecisions: rt.config.max_decisions,
      redact: rt.redact,
    });
    // Written before the store commits: after a crash the JSON may be ahead of the store
    // (the next run rewrites it), never behind.
    writeRecordJson(rt.paths, record);
    return { kind: "saved", job, save: prepareSave(record, cursor), bytesRead, filesRead, longLines };
  } catch (err) {
    return { kind: "failed", job, path: job.paths[0]!, error: errorText(err) };
  }
}

/**
 * Reading leaves garbage at the pace of the transcript (a string per line, a 1 MB read
 * buffer per file) that the collector, left alone, reclaims late: each reading thread
 * then holds ~45 MB more than it needs. A collection every GC_EVERY bytes read keeps
 * the peak RSS of the whole run bounded for a few percent of CPU.
 */
const GC_EVERY = 48 << 20;
let sinceGc = 0;

function collect(bytes: number): void {
  sinceGc += bytes;
  if (sinceGc < GC_EVERY) return;
  sinceGc = 0;
  Bun.gc(true);
}

function cachedProject(cwd: string, cache: ProjectCache): ProjectInfo {
  let info = cache.get(cwd);
  if (!info) cache.set(cwd, (info = findProject(cwd)));
  return info;
}
