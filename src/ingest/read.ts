// The one read loop: bring a session's extraction state up to date with what its
// transcripts gained since the cursor. Hooks (every turn) and backfill (all sessions
// at once) both call it, so they read the same files with the same rules.
import { resolve } from "node:path";
import { readAppended, type FileCursor } from "../transcript/reader.ts";
import { parseLine } from "../transcript/entries.ts";
import { applyEntry, emptyState } from "../extract/state.ts";
import type { Redactor } from "../privacy/redact.ts";
import type { Cursor } from "../store/save.ts";
import { agentsBeside, nestedSubagents, orderTranscripts } from "./layout.ts";
import { writesAgentsBeside } from "../claude.ts";
import { BULK_READ_BYTES, normalJit } from "../util/jit.ts";

export interface ReadOptions {
  redact: Redactor;
  /** The user's home, for `~` in shell commands. */
  home?: string;
  /** Stop reading at this `performance.now()`; the next call goes on from the cursor. */
  deadline?: number;
  /** The subagent files found by the caller (backfill's discovery); else looked up here. */
  subagents?: string[];
  /** Our own data dir: never read as a transcript. */
  dataDir?: string;
}

export interface SessionRead {
  cursor: Cursor;
  /** Some file was new, grew, or was re-read from its start. */
  changed: boolean;
  /** False when the deadline stopped a read. */
  complete: boolean;
  /** The main transcript does not exist (yet: SessionStart(startup); or any more). */
  missing: boolean;
  bytesRead: number;
  filesRead: number;
  longLines: number;
  problems: { path: string; error: string }[];
}

export function readSession(main: string, sessionId: string, saved: Cursor | null, opts: ReadOptions): SessionRead {
  const first = readFrom(main, sessionId, saved, opts);
  // The main transcript was replaced or rewritten shorter: everything the cursor knew came from the old file.
  return first === "reset" ? (readFrom(main, sessionId, null, opts) as SessionRead) : first;
}

function readFrom(main: string, sessionId: string, saved: Cursor | null, opts: ReadOptions): SessionRead | "reset" {
  // `saved` was parsed for this call (from the store or a worker message): ours to change in place.
  const cursor: Cursor = saved ?? { extract: emptyState(), files: {} };
  const out: SessionRead = { cursor, changed: false, complete: true, missing: false, bytesRead: 0, filesRead: 0, longLines: 0, problems: [] };
  // Never read our own files as a transcript: that would hold SQLite's -shm mapped and
  // drop its locks when we close it (seen as SIGBUS in another hook).
  if (opts.dataDir && resolve(main).startsWith(resolve(opts.dataDir) + "/")) return { ...out, missing: true };
  const mainResult = readFile(main, false, cursor, opts, out);
  if (mainResult === "reset" && saved) return "reset";
  if (mainResult === "missing") out.missing = true;
  for (const path of subagentsOf(main, sessionId, cursor, opts)) readFile(path, true, cursor, opts, out);
  return out;
}

/** Subagent files: as discovered, else by layout; files read before stay on the list. */
function subagentsOf(main: string, sessionId: string, cursor: Cursor, opts: ReadOptions): string[] {
  const found = opts.subagents ?? [...nestedSubagents(main, sessionId), ...(writesAgentsBeside(cursor.extract.version) ? agentsBeside(main, sessionId) : [])];
  return orderTranscripts(main, [...found, ...Object.keys(cursor.files)]).slice(1);
}

function readFile(path: string, subagent: boolean, cursor: Cursor, opts: ReadOptions, out: SessionRead): "ok" | "reset" | "missing" | "failed" {
  const state = cursor.extract;
  const before: FileCursor | undefined = cursor.files[path];
  const parse = { sidechain: subagent };
  const extract = { home: opts.home };
  let res: ReturnType<typeof readAppended>;
  try {
    res = readAppended(
      path,
      before,
      (line) => {
        for (const entry of parseLine(line, parse)) applyEntry(state, entry, opts.redact, extract);
      },
      { deadline: opts.deadline, beforeRead: (bytes) => bytes > BULK_READ_BYTES && normalJit() },
    );
  } catch (err) {
    // Not there (yet, or any more): nothing to read, nothing to report.
    if ((err as NodeJS.ErrnoException)?.code === "ENOENT") return "missing";
    out.problems.push({ path, error: errorText(err) });
    return "failed";
  }
  if (res.fromStart && before && !subagent) return "reset";
  // A file of which not one line is a JSON object is not a transcript (binary, truncated
  // archive, wrong file): say so instead of recording an empty session.
  if (res.fromStart && res.linesRead > 0 && res.objectLines === 0) out.problems.push({ path, error: "not a JSONL transcript (no line is a JSON object)" });
  cursor.files[path] = res.cursor;
  if (!before || res.fromStart || res.cursor.offset !== before.offset || res.cursor.ino !== before.ino) out.changed = true;
  if (res.bytesRead > 0) out.filesRead++;
  out.bytesRead += res.bytesRead;
  out.longLines += res.linesSkippedTooLong;
  if (!res.complete) out.complete = false;
  return "ok";
}

export function errorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code && e.message ? e.message : String(e?.message ?? err);
}
