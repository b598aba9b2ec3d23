// What a backfill run has to do: which sessions are new, which grew, and which are
// unchanged, decided from the stored cursors without opening a single transcript.
import type { CursorSummary, Store } from "../store/sessions.ts";
import type { FileCursor } from "../transcript/reader.ts";
import type { SessionFiles } from "./discover.ts";
import type { Job } from "./job.ts";

export interface PlanOptions {
  maxSessions: number;
  /** Only transcripts modified since (epoch ms). */
  since?: number;
}

export interface Plan {
  jobs: Job[];
  beyondMax: number;
  foreign: number;
  unchanged: number;
}

export function planJobs(sessions: SessionFiles[], store: Store, opts: PlanOptions): Plan {
  const saved = store.cursorSummaries();
  // The store keeps max_sessions sessions: indexing older ones only feeds the next prune, and
  // the run after that would index them again. Newest first, by when the transcripts last changed.
  const max = opts.maxSessions;
  const counts = { beyondMax: 0, foreign: 0, unchanged: 0 };
  const byAge = [...sessions].sort((a, b) => b.mtimeMs - a.mtimeMs);
  const jobs: Job[] = [];
  for (const [rank, s] of byAge.entries()) {
    if (opts.since !== undefined && s.mtimeMs < opts.since) continue;
    const files = [s.main, ...s.subagents];
    const prev = saved.get(s.sessionId);
    if (!prev) {
      if (rank >= max) {
        counts.beyondMax++;
        continue;
      }
      jobs.push(
        job(
          s,
          null,
          files.reduce((n, f) => n + f.size, 0),
        ),
      );
      continue;
    }
    // Recorded by hooks that saw the transcript under another path (another HOME spelling):
    // reading it again under ours would count every turn twice.
    if (Object.keys(prev.files).length && !prev.files[s.main.path]) {
      counts.foreign++;
      continue;
    }
    // Recorded before the exchange archive existed: read it again from the start while the
    // transcript is still there (the record is rebuilt identically, the archive filled).
    if (!prev.archived) {
      jobs.push({
        ...job(
          s,
          prev,
          files.reduce((n, f) => n + f.size, 0),
        ),
        refill: true,
      });
      continue;
    }
    let bytes = 0;
    for (const f of files) {
      const c: FileCursor | undefined = prev.files[f.path];
      // Transcripts are append-only: same file (inode) read up to its size = nothing new.
      // (The cursor keeps no mtime; a rewrite in place is caught by its head hash when it is read.)
      if (c && c.ino === f.ino && c.offset === f.size) continue;
      bytes += c && c.ino === f.ino && c.offset < f.size ? f.size - c.offset : f.size;
    }
    if (bytes === 0) {
      counts.unchanged++;
      continue;
    }
    jobs.push(job(s, prev, bytes));
  }
  // Largest first: the big transcripts start at once and the small ones fill the gaps at the end.
  return { jobs: jobs.sort((a, b) => b.plannedBytes - a.plannedBytes), ...counts };

  function job(s: SessionFiles, prev: CursorSummary | null, plannedBytes: number): Job {
    return {
      sessionId: s.sessionId,
      paths: [s.main.path, ...s.subagents.map((f) => f.path)],
      // Loaded whole when the job is handed out (see take), with a fresh version.
      saved: null,
      version: prev?.version ?? 0,
      known: prev?.project ? { project: prev.project, repo: prev.repo ?? prev.project, cwd: prev.cwd ?? prev.project } : null,
      slug: s.slug,
      mtimeMs: s.mtimeMs,
      plannedBytes,
      attempt: 0,
    };
  }
}
