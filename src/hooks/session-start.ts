// SessionStart: give Claude back what it lost, by source.
//  compact        -> this session's own state, as PreCompact saw it
//  startup, clear -> the latest sessions of this project, plus related older ones
//  resume         -> a short pointer (Claude Code replays the conversation itself)
//  fork           -> the same for the session it was forked from: a new id whose
//                    conversation (copied into its own transcript) Claude already has
import type { Runtime } from "../runtime.ts";
import type { HookInput } from "./input.ts";
import { sessionStartOutput, type HookOutput } from "../claude.ts";
import { updateSession } from "./update.ts";
import { findProject } from "../project.ts";
import { renderCompactContext, renderForkNote, renderResumeNote, renderStartupContext, type RenderLimits } from "../context/render.ts";
import { writeHistory, writeStatus } from "../context/write.ts";
import { firstRunHint } from "./first-run.ts";
import { sweepStaleTemps } from "../util/files.ts";
import type { SessionRecord } from "../record.ts";

/** How many sessions of the project are shown before the related ones. */
const LAST_SESSIONS = 2;

export function onSessionStart(rt: Runtime, input: HookInput): HookOutput {
  const context = buildSessionStartContext(rt, input);
  const project = findProject(input.cwd ?? process.cwd()).project;
  writeHistory(rt, project);
  writeStatus(rt, project);
  // Once per session is often enough to clear what a killed write left behind.
  for (const dir of [rt.paths.sessionsDir, rt.paths.contextDir]) sweepStaleTemps(dir);
  return sessionStartOutput(context, input.source === "compact" ? null : backfillOffer(rt));
}

/** Right after installation: offer once to index the sessions Claude Code already has. */
function backfillOffer(rt: Runtime): string | null {
  try {
    return firstRunHint(rt.paths, rt.store());
  } catch (err) {
    rt.log.log("warn", "first-run hint failed", { error: String(err) });
    return null;
  }
}

/**
 * Also what `session-recorder context` prints: exactly what the hook would inject.
 * A preview reads only the store; it neither consumes the recovery state nor reads transcripts.
 */
export function buildSessionStartContext(rt: Runtime, input: HookInput, opts: { preview?: boolean } = {}): string {
  const lim = limits(rt);
  const store = rt.store();
  const id = input.session_id;
  switch (input.source) {
    case "compact": {
      // Only this session's own recovery state: never another session's.
      const record = opts.preview ? (store.peekRecovery(id) ?? store.getSession(id)) : (store.takeRecovery(id) ?? updateSession(rt, input));
      return record && (record.turn_count || record.files_modified.length) ? renderCompactContext(record, lim) : "";
    }
    case "resume":
      return renderResumeNote(store.getSession(id) ?? (opts.preview ? null : updateSession(rt, input)));
    case "fork": {
      const fork = store.getSession(id) ?? (opts.preview ? null : updateSession(rt, input));
      return renderForkNote(fork && forkParent(rt, fork));
    }
    default: {
      const { project } = findProject(input.cwd ?? process.cwd());
      return startupContext(rt, project, input.session_id, lim);
    }
  }
}

/** What a new session (startup, clear) in `project` is told; `live` is left out. Also the viewer's project page. */
export function startupContext(rt: Runtime, project: string, live: string, lim: RenderLimits): string {
  const store = rt.store();
  const last = store.recent({ project, limit: LAST_SESSIONS + 3, exclude: live }).filter(hasSubstance).slice(0, LAST_SESSIONS);
  if (!last.length) return "";
  // Related: older sessions of this project that match what it worked on last, by the full-text index.
  const related = store
    .search({ query: relatedQuery(last[0]!), project, exclude: [live, ...last.map((r) => r.session_id)], limit: rt.config.related_sessions_limit })
    .map((h) => h.record);
  return renderStartupContext(project, last, related, lim);
}

/**
 * A fork's transcript starts with copies of its parent's lines under the new id, and
 * names no parent: the parent is the session of the project (newest first) that shares
 * the longest run of first requests with it.
 */
function forkParent(rt: Runtime, fork: SessionRecord): SessionRecord | null {
  if (!fork.requests.length) return null;
  let best: SessionRecord | null = null;
  let bestShared = 0;
  for (const r of rt.store().recent({ project: fork.project, limit: 50, exclude: fork.session_id })) {
    let shared = 0;
    while (shared < r.requests.length && r.requests[shared] === fork.requests[shared]) shared++;
    if (shared > bestShared) (best = r), (bestShared = shared);
  }
  return best;
}

function relatedQuery(r: SessionRecord): string {
  const files = r.files_modified.slice(-5).map((f) => f.split("/").at(-1)!.replace(/\.[^.]+$/, ""));
  return [r.working_on, ...r.topics.slice(-3), ...files].join(" ");
}

/** A session that never got a request (opened and closed) is noise at startup. */
function hasSubstance(r: SessionRecord): boolean {
  return r.turn_count > 0 || r.files_modified.length > 0;
}

export function limits(rt: Runtime): RenderLimits {
  return { maxChars: rt.config.context_max_chars, maxDecisions: rt.config.max_decisions, maxFiles: rt.config.max_files_shown };
}
