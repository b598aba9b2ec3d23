// Find the transcripts Claude Code already wrote, without reading them: one readdir
// per project folder and one stat per file, so that an up-to-date store is confirmed
// in well under a second even with thousands of transcripts.
//
// Layout (src/claude.ts): <home>/.claude/projects/<slug>/<session_id>.jsonl, and the
// session's subagents where src/ingest/layout.ts finds them (never sessions of their own).
import { readdirSync, statSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { AGENT_FILE } from "../claude.ts";
import { SESSION_ID } from "../record.ts";
import { agentParent, nestedSubagents, orderTranscripts } from "../ingest/layout.ts";
import { errorText } from "../ingest/read.ts";

export interface TranscriptFile {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface SessionFiles {
  sessionId: string;
  slug: string;
  main: TranscriptFile;
  /** In the order the hooks read them (src/ingest/layout.ts). */
  subagents: TranscriptFile[];
  /** The newest mtime of its files: when the session was last active. */
  mtimeMs: number;
}

export interface Problem {
  path: string;
  error: string;
}

export interface Discovery {
  sessions: SessionFiles[];
  /** Entries that look like transcripts but cannot be indexed (not a file, not a session id, stat failed). */
  problems: Problem[];
}

/**
 * Every session under `dir` (only the `slug` folder when given). Throws ENOENT when
 * `dir` itself is missing, for the caller to say so; anything below it that cannot
 * be listed or stat'ed becomes a problem, never an exception.
 */
export function discover(dir: string, opts: { slug?: string } = {}): Discovery {
  const sessions: SessionFiles[] = [];
  const problems: Problem[] = [];
  const slugs = readdirSync(dir, { withFileTypes: true })
    .filter((d) => (opts.slug === undefined || d.name === opts.slug) && isDirLike(d, join(dir, d.name)))
    .map((d) => d.name)
    .sort();
  for (const slug of slugs) {
    const slugDir = join(dir, slug);
    let entries: Dirent[];
    try {
      entries = readdirSync(slugDir, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: slugDir, error: errorText(err) });
      continue;
    }
    // Session folders (subagents, tool results) sit beside the transcripts: note which exist, so
    // only those sessions pay for a readdir.
    const folders = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
    // 2.0.x subagents sit beside the sessions, named by their first line's sessionId.
    const beside = new Map<string, string[]>();
    for (const e of entries) {
      if (e.isDirectory() || !AGENT_FILE.test(e.name)) continue;
      const path = join(slugDir, e.name);
      const parent = agentParent(path);
      if (parent) beside.set(parent, [...(beside.get(parent) ?? []), path]);
    }
    for (const e of entries) {
      if (!e.name.endsWith(".jsonl") || e.isDirectory() || AGENT_FILE.test(e.name)) continue;
      const path = join(slugDir, e.name);
      const sessionId = e.name.slice(0, -".jsonl".length);
      if (!SESSION_ID.test(sessionId)) {
        problems.push({ path, error: "the file name is not a session id" });
        continue;
      }
      const main = statFile(path, problems);
      // An empty transcript holds nothing to index (a session opened and left at once).
      if (!main || main.size === 0) continue;
      const subagents: TranscriptFile[] = [];
      const found = [...(folders.has(sessionId) ? nestedSubagents(path, sessionId) : []), ...(beside.get(sessionId) ?? [])];
      for (const p of orderTranscripts(path, found).slice(1)) {
        const f = statFile(p, problems);
        if (f) subagents.push(f);
      }
      const mtimeMs = Math.max(main.mtimeMs, ...subagents.map((s) => s.mtimeMs));
      sessions.push({ sessionId, slug, main, subagents, mtimeMs });
    }
  }
  return { sessions, problems };
}

function statFile(path: string, problems: Problem[]): TranscriptFile | null {
  try {
    const st = statSync(path);
    if (!st.isFile()) {
      problems.push({ path, error: "not a regular file" });
      return null;
    }
    return { path, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  } catch (err) {
    // Gone between readdir and stat: a transcript being replaced. Nothing to report.
    if ((err as NodeJS.ErrnoException)?.code !== "ENOENT") problems.push({ path, error: errorText(err) });
    return null;
  }
}

/** A folder, or a symlink to one (people move ~/.claude/projects/<slug> around and link it back). */
function isDirLike(d: Dirent, path: string): boolean {
  if (d.isDirectory()) return true;
  if (!d.isSymbolicLink()) return false;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
