// Bring a session's record up to date at a hook: read what was appended to its
// transcripts since the last hook (src/ingest/), fold in what Claude Code hands the
// hook itself, and save record and cursor together.
import type { Runtime } from "../runtime.ts";
import type { HookInput } from "./input.ts";
import { applyEntry, emptyState, type ExtractState } from "../extract/state.ts";
import type { SessionRecord } from "../record.ts";
import { findProject } from "../project.ts";
import { readSession } from "../ingest/read.ts";
import { recordOf, writeRecordJson } from "../ingest/session.ts";
import type { Cursor } from "../store/save.ts";

export interface UpdateOptions {
  /** Reading budget in ms; what is left is read by the next hook. */
  budgetMs?: number;
  /** At Stop the final assistant message is not in the file yet: Claude Code hands it to us. */
  lastAssistantMessage?: string;
  /** A change to apply after reading (e.g. PostCompact's summary). */
  mutate?: (state: ExtractState) => void;
}

const MAX_RACES = 8;
// Every hook stays under 2 s even on a hostile transcript: reading stops after this, and
// saving what was read (record, archive and their indexes: up to ~40% of the reading time on
// a transcript of many short turns) fits in the rest. A huge transcript is caught up over the
// next few hooks.
const DEFAULT_BUDGET_MS = 1000;

export function updateSession(rt: Runtime, input: HookInput, opts: UpdateOptions = {}): SessionRecord {
  const store = rt.store();
  for (let attempt = 0; ; attempt++) {
    const saved = store.getCursor(input.session_id);
    const cursor = readTranscripts(rt, input, saved?.cursor ?? null, performance.now() + (opts.budgetMs ?? DEFAULT_BUDGET_MS));
    if (opts.lastAssistantMessage) noteLastAssistant(cursor.extract, opts.lastAssistantMessage, rt);
    opts.mutate?.(cursor.extract);
    const record = recordOf(cursor.extract, {
      sessionId: input.session_id,
      transcriptPath: input.transcript_path ?? null,
      fallbackCwd: input.cwd ?? process.cwd(),
      lookup: findProject,
      home: rt.paths.home,
      now: rt.now(),
      maxDecisions: rt.config.max_decisions,
      redact: rt.redact,
    });
    if (store.saveSession(record, cursor, saved?.version ?? 0)) {
      writeRecordJson(rt.paths, record);
      return record;
    }
    // Another hook of this session saved first: read again from its cursor.
    if (attempt >= MAX_RACES) throw new Error(`gave up after ${MAX_RACES} concurrent updates of session ${input.session_id}`);
  }
}

/** The final message is in the file only by the next hook; take it now (its decisions too: they dedupe). */
function noteLastAssistant(state: ExtractState, text: string, rt: Runtime): void {
  applyEntry(state, { kind: "assistant-text", text, meta: { sidechain: false } }, rt.redact);
}

function readTranscripts(rt: Runtime, input: HookInput, saved: Cursor | null, deadline: number): Cursor {
  if (!input.transcript_path) return saved ?? { extract: emptyState(), files: {} };
  const read = readSession(input.transcript_path, input.session_id, saved, { redact: rt.redact, home: rt.paths.home, deadline, dataDir: rt.paths.dataDir });
  if (!read.complete) rt.log.log("warn", "transcript read stopped at the time budget; the next hook continues", { path: input.transcript_path });
  if (read.longLines) rt.log.log("warn", "skipped over-long transcript lines", { path: input.transcript_path, count: read.longLines });
  for (const p of read.problems) rt.log.log("warn", "cannot read transcript", p);
  return read.cursor;
}
