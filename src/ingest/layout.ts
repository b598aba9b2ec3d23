// Where a session's transcripts are, found on disk: the main file, then its subagents'
// in the layouts src/claude.ts describes. Hooks and backfill both take the list from
// here, in this order, so that they read the same files the same way.
import { closeSync, type Dirent, openSync, readdirSync, readSync } from "node:fs";
import { dirname, join } from "node:path";
import { AGENT_FILE, agentParentIn, subagentsDir } from "../claude.ts";

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
  walk(subagentsDir(main, sessionId), 0, out);
  return out;
}

function walk(dir: string, depth: number, out: string[]): void {
  let entries: Dirent[];
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

/** 2.0.x: the `agent-*.jsonl` files in the session's folder whose lines name it as their session. */
export function agentsBeside(main: string, sessionId: string): string[] {
  const dir = dirname(main);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => AGENT_FILE.test(n))
    .map((n) => join(dir, n))
    .filter((p) => agentParent(p) === sessionId);
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
    return agentParentIn(buf.toString("utf8", 0, n));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
