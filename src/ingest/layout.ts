// Where a session's transcripts are. The main file is `<slug>/<session_id>.jsonl`;
// its subagents wrote, depending on Claude Code's version:
//   2.1.x  <slug>/<session_id>/subagents/agent-*.jsonl, also nested (subagents/workflows/<wf>/...)
//   2.0.x  <slug>/agent-*.jsonl beside the sessions, lines carrying the parent's sessionId
//   1.0.x  isSidechain lines inside the main file (nothing to find here)
// Hooks and backfill both take the list from here, in this order, so that they read the
// same files the same way.
import { closeSync, openSync, readdirSync, readSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** A 2.0.x subagent file beside the sessions (its name also passes for a session id). */
export const AGENT_FILE = /^agent-[A-Za-z0-9_-]{1,100}\.jsonl$/;

/** Folders below `subagents/` are followed this deep (workflows/<wf>/ is two). */
const MAX_DEPTH = 4;
/** The parent's id is on the first line; a first line longer than this is not a subagent's. */
const HEAD_BYTES = 16 << 10;

/** The main transcript, then every subagent file, sorted by path. */
export function orderTranscripts(main: string, subagents: Iterable<string>): string[] {
  return [main, ...[...new Set(subagents)].filter((p) => p !== main).sort()];
}

/** 2.1.x: every `.jsonl` under `<slug>/<session_id>/subagents/`, nested folders included. */
export function nestedSubagents(main: string, sessionId: string): string[] {
  const out: string[] = [];
  walk(join(dirname(main), basename(main, ".jsonl") || sessionId, "subagents"), 0, out);
  return out;
}

function walk(dir: string, depth: number, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.isFile() && e.name.endsWith(".jsonl")) out.push(join(dir, e.name));
    else if (e.isDirectory() && depth < MAX_DEPTH) walk(join(dir, e.name), depth + 1, out);
  }
}

/** Versions before 2.1 wrote subagents beside the sessions: only their sessions pay for looking. */
export function writesAgentsBeside(version: string | undefined): boolean {
  return !!version && /^(?:0|1|2\.0)\./.test(version);
}

/** 2.0.x: the `agent-*.jsonl` files in the session's folder whose lines name it as their session. */
export function agentsBeside(main: string, sessionId: string): string[] {
  const dir = dirname(main);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => AGENT_FILE.test(n)).map((n) => join(dir, n)).filter((p) => agentParent(p) === sessionId);
}

/** The session a 2.0.x subagent file belongs to: the `sessionId` of its first line that has one. */
export function agentParent(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return /"sessionId":\s*"([A-Za-z0-9._-]{1,128})"/.exec(buf.toString("utf8", 0, n))?.[1] ?? null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
