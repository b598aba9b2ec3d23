// Bring a session's record up to date: read what was appended to its transcript
// (and its subagents' transcripts) since the last hook, fold it into the stored
// extraction state, and save record and cursor together.
import { keepName } from "../privacy/keep.ts";
import { readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Runtime } from "../runtime.ts";
import type { HookInput } from "./input.ts";
import { parseLine } from "../transcript/entries.ts";
import { readAppended, type FileCursor } from "../transcript/reader.ts";
import { applyEntry, emptyState, type ExtractState } from "../extract/state.ts";
import { buildRecord, type SessionRecord } from "../extract/record.ts";
import { findProject } from "../project.ts";
import type { Cursor } from "../store/sessions.ts";
import { writeFileAtomic } from "../util/files.ts";

export interface UpdateOptions {
  /** Reading budget in ms; what is left is read by the next hook. */
  budgetMs?: number;
  /** At Stop the final assistant message is not in the file yet: Claude Code hands it to us. */
  lastAssistantMessage?: string;
  /** A change to apply after reading (e.g. PostCompact's summary). */
  mutate?: (state: ExtractState) => void;
}

const MAX_RACES = 8;
// About 400 MB of first parse at the measured rate: every hook stays under 2 s even on a
// hostile transcript, and a huge one is caught up over the next few hooks.
const DEFAULT_BUDGET_MS = 1200;

export function updateSession(rt: Runtime, input: HookInput, opts: UpdateOptions = {}): SessionRecord {
  const store = rt.store();
  for (let attempt = 0; ; attempt++) {
    const saved = store.getCursor(input.session_id);
    const cursor = readTranscripts(rt, input, saved?.cursor, performance.now() + (opts.budgetMs ?? DEFAULT_BUDGET_MS));
    if (opts.lastAssistantMessage) noteLastAssistant(cursor.extract, opts.lastAssistantMessage, rt);
    opts.mutate?.(cursor.extract);
    const cwd = input.cwd ?? cursor.extract.cwd ?? process.cwd();
    const { project, gitBranch, repo } = findProject(cwd);
    const record = buildRecord(cursor.extract, {
      sessionId: input.session_id,
      project,
      repo,
      cwd,
      gitBranch: gitBranch === null ? null : keepName(gitBranch, rt.redact),
      transcriptPath: input.transcript_path ?? null,
      home: rt.paths.home,
      now: rt.now(),
      maxDecisions: rt.config.max_decisions,
    });
    if (store.saveSession(record, cursor, saved?.version ?? 0)) {
      writeRecordJson(rt, record);
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

function readTranscripts(rt: Runtime, input: HookInput, saved: Cursor | undefined, deadline: number): Cursor {
  // `saved` was just parsed from the store for this attempt: ours to change in place.
  const cursor: Cursor = saved ?? { extract: emptyState(), files: {} };
  const main = input.transcript_path;
  // Never read our own files as a transcript: that would hold SQLite's -shm mapped and
  // drop its locks when we close it (seen as SIGBUS in another hook).
  if (!main || resolve(main).startsWith(resolve(rt.paths.dataDir) + "/")) return cursor;
  const paths = [main, ...subagentTranscripts(main, input.session_id)];
  for (const path of paths) {
    const result = readOne(rt, path, cursor, deadline);
    // The main transcript was replaced or rewritten shorter: everything we knew came from the old file.
    if (result === "reset" && path === main && saved) return readTranscripts(rt, input, undefined, deadline);
  }
  return cursor;
}

function readOne(rt: Runtime, path: string, cursor: Cursor, deadline: number): "ok" | "reset" | "missing" {
  const state = cursor.extract;
  const before: FileCursor | undefined = cursor.files[path];
  try {
    const res = readAppended(path, before, (line) => {
      for (const entry of parseLine(line)) applyEntry(state, entry, rt.redact);
    }, deadline);
    cursor.files[path] = res.cursor;
    if (!res.complete) rt.log.log("warn", "transcript read stopped at the time budget; the next hook continues", { path, offset: res.cursor.offset });
    if (res.linesSkippedTooLong) rt.log.log("warn", "skipped over-long transcript lines", { path, count: res.linesSkippedTooLong });
    return res.fromStart && before ? "reset" : "ok";
  } catch (err: any) {
    // At SessionStart(startup) the transcript does not exist yet; anything else is worth a line.
    if (err?.code !== "ENOENT") rt.log.log("warn", "cannot read transcript", { path, error: String(err?.message ?? err) });
    return "missing";
  }
}

/**
 * Subagents write to `<dir>/<session_id>/subagents/agent-*.jsonl` beside the session's transcript.
 * Exported for backfill, whose cursors must be keyed by exactly these paths, in this order.
 */
export function subagentTranscripts(main: string, sessionId: string): string[] {
  const dir = join(dirname(main), basename(main, ".jsonl") || sessionId, "subagents");
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".jsonl"))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** Exported for backfill: its records must be written exactly as the hooks write them. */
export function writeRecordJson(rt: Runtime, record: SessionRecord): void {
  writeFileAtomic(join(rt.paths.sessionsDir, `${record.session_id}.json`), JSON.stringify(record, null, 2) + "\n");
}
