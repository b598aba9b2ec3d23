// From a session's extraction state to its record, with one set of rules for where
// the session belongs, whoever asks (a hook now, or backfill months later).
import { join } from "node:path";
import { buildRecord } from "../extract/record.ts";
import type { SessionRecord } from "../record.ts";
import type { ExtractState } from "../extract/state.ts";
import type { ProjectInfo } from "../project.ts";
import type { Paths } from "../paths.ts";
import { writeFileAtomic } from "../util/files.ts";
import { keepName } from "../privacy/keep.ts";
import type { Redactor } from "../privacy/redact.ts";

export interface RecordContext {
  sessionId: string;
  transcriptPath: string | null;
  /** Where to look when the transcript names no cwd yet (the hook's cwd; backfill's stored or guessed one). */
  fallbackCwd: string;
  /** A project already decided by an older cursor that predates `firstCwd`. */
  knownProject?: { project: string; repo: string } | null;
  /** The project (git root) of a directory: a cached lookup in backfill. */
  lookup: (cwd: string) => ProjectInfo;
  home: string;
  now: string;
  maxDecisions?: number;
  /** For the branch read from git (the transcript's branches were redacted as they entered). */
  redact: Redactor;
}

/**
 * The project is decided by the cwd the session started in (later lines follow the Bash
 * tool's `cd`); the branch is the one the session's lines name. Only a session with no
 * line yet takes the branch checked out now.
 */
export function recordOf(state: ExtractState, ctx: RecordContext): SessionRecord {
  const cwd = state.firstCwd ?? ctx.fallbackCwd;
  const info = !state.firstCwd && ctx.knownProject ? { ...ctx.knownProject, gitBranch: null } : ctx.lookup(cwd);
  return buildRecord(state, {
    sessionId: ctx.sessionId,
    project: info.project,
    repo: info.repo,
    cwd,
    gitBranch: state.gitBranch ?? (state.firstCwd || !info.gitBranch ? null : keepName(info.gitBranch, ctx.redact)),
    transcriptPath: ctx.transcriptPath,
    home: ctx.home,
    now: ctx.now,
    maxDecisions: ctx.maxDecisions,
  });
}

/** Parity with the original plugin: one JSON file per session, written exactly alike by hooks and backfill. */
export function writeRecordJson(paths: Paths, record: SessionRecord): void {
  writeFileAtomic(join(paths.sessionsDir, `${record.session_id}.json`), JSON.stringify(record, null, 2) + "\n");
}
