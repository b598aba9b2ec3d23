// One session's backfill: read what its transcripts hold beyond the stored cursor,
// fold it into the extraction state and build the record, exactly as the hooks'
// update step does (same reader, same parser, same fold, same cursor keys). Runs in
// a worker thread; the main thread only saves the result.
import { readAppended, type FileCursor } from "../transcript/reader.ts";
import { parseLine } from "../transcript/entries.ts";
import { applyEntry, emptyState } from "../extract/state.ts";
import { buildRecord, type SessionRecord } from "../extract/record.ts";
import { findProject, type ProjectInfo } from "../project.ts";
import { writeRecordJson } from "../hooks/update.ts";
import type { Cursor } from "../store/sessions.ts";
import type { Runtime } from "../runtime.ts";
import { errorText } from "./discover.ts";

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
  /** The bytes discovery expected to read, for the progress bar. */
  plannedBytes: number;
  attempt: number;
}

export type JobResult =
  | { kind: "saved"; job: Job; record: SessionRecord; cursor: Cursor; bytesRead: number; filesRead: number; longLines: number }
  /** Read to the end, nothing new (an unterminated last line that is still unterminated). */
  | { kind: "unchanged"; job: Job; bytesRead: number; filesRead: number }
  /** The main transcript disappeared before we opened it: not an error, nothing to save. */
  | { kind: "vanished"; job: Job }
  | { kind: "failed"; job: Job; path: string; error: string };

class TranscriptError extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

/** findProject walks up the tree with stats; thousands of sessions share a few dozen cwds. */
export type ProjectCache = Map<string, ProjectInfo>;

export function runJob(job: Job, rt: Runtime, projects: ProjectCache): JobResult {
  try {
    let read = readSession(job, job.saved, rt);
    // The main transcript was replaced or rewritten shorter: what the cursor knew came from
    // the old file, so start over (as the hooks do).
    if (read === "reset") read = readSession(job, null, rt);
    if (read === "reset" || read === "vanished") return { kind: "vanished", job };
    const { cursor, firstCwd, fromScratch, changed, bytesRead, filesRead, longLines } = read;
    collect(bytesRead);
    if (!changed) return { kind: "unchanged", job, bytesRead, filesRead };

    const state = cursor.extract;
    const known = fromScratch ? null : job.known;
    const cwd = firstCwd ?? known?.cwd ?? state.cwd ?? slugGuess(job.slug);
    const info = known ? { project: known.project, repo: known.repo } : cachedProject(cwd, projects);
    // A backfilled session was last active when its last line was written, not now.
    const at = state.lastAt ?? new Date(job.mtimeMs).toISOString();
    const record = buildRecord(state, {
      sessionId: job.sessionId,
      project: info.project,
      repo: info.repo,
      cwd,
      // The branch the session worked on (from its lines), not whatever is checked out today.
      gitBranch: null,
      transcriptPath: job.paths[0]!,
      home: rt.paths.home,
      now: at,
      maxDecisions: rt.config.max_decisions,
    });
    // Written before the store commits: after a crash the JSON may be ahead of the store
    // (the next run rewrites it), never behind.
    writeRecordJson(rt, record);
    return { kind: "saved", job, record, cursor, bytesRead, filesRead, longLines };
  } catch (err) {
    if (err instanceof TranscriptError) return { kind: "failed", job, path: err.path, error: err.message };
    return { kind: "failed", job, path: job.paths[0]!, error: errorText(err) };
  }
}

interface SessionRead {
  cursor: Cursor;
  firstCwd: string | undefined;
  fromScratch: boolean;
  changed: boolean;
  bytesRead: number;
  filesRead: number;
  longLines: number;
}

function readSession(job: Job, saved: Cursor | null, rt: Runtime): SessionRead | "reset" | "vanished" {
  // The job arrived by postMessage (a copy) or from getCursor (freshly parsed): ours to mutate.
  const cursor: Cursor = saved ?? { extract: emptyState(), files: {} };
  const state = cursor.extract;
  const main = job.paths[0]!;
  let firstCwd: string | undefined;
  let changed = false;
  let bytesRead = 0;
  let filesRead = 0;
  let longLines = 0;
  const options = { home: rt.paths.home }; // as the hooks pass it
  for (const path of job.paths) {
    const before: FileCursor | undefined = cursor.files[path];
    const isMain = path === main;
    let lines = 0;
    let objects = 0;
    let res;
    try {
      res = readAppended(path, before, (line) => {
        lines++;
        if (line.charCodeAt(0) === 123 /* { */) objects++;
        for (const entry of parseLine(line)) {
          // The cwd the session started in decides its project (later lines follow the Bash tool's cd).
          if (isMain && firstCwd === undefined && !entry.meta.sidechain && entry.meta.cwd) firstCwd = entry.meta.cwd;
          applyEntry(state, entry, rt.redact, options);
        }
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException)?.code === "ENOENT") {
        if (isMain) return "vanished";
        continue; // a subagent file removed meanwhile: the hooks skip it too
      }
      throw new TranscriptError(path, errorText(err));
    }
    if (res.fromStart && before && isMain && saved) return "reset";
    // A file of which not one line is a JSON object is not a transcript (binary, truncated
    // archive, wrong file): say so instead of recording an empty session.
    if (res.fromStart && lines > 0 && objects === 0) throw new TranscriptError(path, "not a JSONL transcript (no line is a JSON object)");
    cursor.files[path] = res.cursor;
    if (!before || res.fromStart || res.cursor.offset !== before.offset || res.cursor.ino !== before.ino) changed = true;
    if (res.bytesRead > 0) filesRead++;
    bytesRead += res.bytesRead;
    longLines += res.linesSkippedTooLong;
  }
  return { cursor, firstCwd, fromScratch: !saved, changed, bytesRead, filesRead, longLines };
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

/** `-home-me-src-shop` -> `/home/me/src/shop`: lossy (a `-` in a name becomes `/`), only for transcripts without any cwd. */
function slugGuess(slug: string): string {
  return slug.replace(/-/g, "/");
}
