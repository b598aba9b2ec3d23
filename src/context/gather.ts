// What SessionStart injects, by source: gathered from the store, then rendered.
//  compact        -> this session's own state, as PreCompact saw it
//  startup, clear -> the latest sessions of this project, plus related older ones
//  resume         -> a short pointer (Claude Code replays the conversation itself)
//  fork           -> the same for the session it was forked from: a new id whose
//                    conversation (copied into its own transcript) Claude already has
// The hook, `session-recorder context` and the viewer all take it from here, so what
// they show is what Claude is told.
import type { Runtime } from "../runtime.ts";
import type { SessionRecord } from "../record.ts";
import type { Store } from "../store/sessions.ts";
import { renderCompactContext, renderForkNote, renderResumeNote, renderStartupContext, type RenderLimits } from "./render.ts";

/** How many sessions of the project are shown before the related ones. */
const LAST_SESSIONS = 2;

/** The part of SessionStart's input the context depends on. */
export interface StartRequest {
  session_id: string;
  source?: string;
}

/**
 * Where a record the store lacks comes from: the hook reads the session's transcript
 * (`update`); a preview reads only the store, and neither consumes the recovery state.
 */
export type Reader = { preview: true } | { update: () => SessionRecord | null };

/** `project`: what a startup or clear context is about (the project of the session's cwd). */
export function buildSessionStartContext(rt: Runtime, input: StartRequest, project: string, reader: Reader): string {
  const lim = limits(rt);
  const store = rt.store();
  const id = input.session_id;
  const update = "update" in reader ? reader.update : null;
  switch (input.source) {
    case "compact": {
      // Only this session's own recovery state: never another session's.
      const record = update ? (store.takeRecovery(id) ?? update()) : (store.peekRecovery(id) ?? store.getSession(id));
      return record && (record.turn_count || record.files_modified.length) ? renderCompactContext(record, lim) : "";
    }
    case "resume":
      return renderResumeNote(store.getSession(id) ?? (update ? update() : null));
    case "fork": {
      const fork = store.getSession(id) ?? (update ? update() : null);
      return renderForkNote(fork && forkParent(rt, fork));
    }
    default:
      return startupContext(rt, project, input.session_id, lim);
  }
}

/** What a new session (startup, clear) in `project` is told; `live` is left out. Also the viewer's project page. */
export function startupContext(rt: Runtime, project: string, live: string, lim: RenderLimits): string {
  const store = rt.store();
  const last = store
    .recent({ project, limit: LAST_SESSIONS + 3, exclude: live })
    .filter(hasSubstance)
    .slice(0, LAST_SESSIONS);
  if (!last.length) return "";
  const related = relatedSessions(store, last[0]!, [live, ...last.map((r) => r.session_id)], rt.config.related_sessions_limit);
  return renderStartupContext(project, last, related, lim);
}

/**
 * Older sessions of `last`'s project that match what it worked on, by the full-text index.
 * Not a question: whole words (prefixes of ~20 words cost ~30 ms at 500,000 turns); coordination
 * reads up to 20 archives (~10 ms with long sessions) and the look for sessions holding it across
 * turns counts every word (~30 ms at 10,000 sessions), paid by every startup, for a query that is a
 * task, topics and file names.
 */
export function relatedSessions(store: Store, last: SessionRecord, exclude: string[], limit: number): SessionRecord[] {
  return store.search({ query: relatedQuery(last), project: last.project, exclude, limit, question: false }).map((h) => h.record);
}

/** The render limits the user's config sets. */
export function limits(rt: Runtime): RenderLimits {
  return { maxChars: rt.config.context_max_chars, maxDecisions: rt.config.max_decisions, maxFiles: rt.config.max_files_shown };
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
  const files = r.files_modified.slice(-5).map((f) =>
    f
      .split("/")
      .at(-1)!
      .replace(/\.[^.]+$/, ""),
  );
  return [r.working_on, ...r.topics.slice(-3), ...files].join(" ");
}

/** A session that never got a request (opened and closed) is noise at startup. */
function hasSubstance(r: SessionRecord): boolean {
  return r.turn_count > 0 || r.files_modified.length > 0;
}
