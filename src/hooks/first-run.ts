// The first-run offer: right after installation the store is empty while
// ~/.claude/projects may hold months of sessions. SessionStart tells the user once
// (as a systemMessage, which only the user sees) that `backfill` can index them.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Paths } from "../paths.ts";
import type { Store } from "../store/sessions.ts";
import { writeFileAtomic } from "../util/files.ts";
import { transcriptsDir } from "../claude.ts";

/** Marker in the data dir: the hint was shown; it is not shown again. */
export const HINT_MARKER = "backfill-hint-shown";
/** Project folders looked into, at most: a hook must stay fast even on a huge projects dir. */
const MAX_DIRS = 200;
/** Transcripts counted, at most ("5000+"). */
const MAX_COUNT = 5000;

/**
 * The line to show once, or null. Costs one COUNT on the store when it has sessions
 * (the usual case, well under 2 ms); only with an empty store does it list the
 * projects dir, bounded by MAX_DIRS folders and MAX_COUNT transcripts. Showing it
 * writes the marker, so it is offered once per data dir.
 */
export function firstRunHint(paths: Paths, store: Store): string | null {
  if (store.count() > 0) return null;
  const marker = join(paths.dataDir, HINT_MARKER);
  if (existsSync(marker)) return null;
  const { count: n, capped } = countTranscripts(transcriptsDir(paths.home));
  if (n === 0) return null;
  try {
    writeFileAtomic(marker, `${new Date().toISOString()}\n`);
  } catch {
    // Unwritable data dir: the hook's own save fails too and is logged there; the hint may repeat.
  }
  const count = capped ? `${n}+` : String(n);
  return `session-recorder: ${count} past session${n === 1 ? "" : "s"} can be indexed: run \`session-recorder backfill\``;
}

/** Main transcripts (`<slug>/<id>.jsonl`, not subagents'); `capped` when the walk stopped early. */
export function countTranscripts(dir: string): { count: number; capped: boolean } {
  let slugs: string[];
  try {
    slugs = readdirSync(dir);
  } catch {
    return { count: 0, capped: false };
  }
  let count = 0;
  for (const slug of slugs.slice(0, MAX_DIRS)) {
    let names: string[];
    try {
      names = readdirSync(join(dir, slug));
    } catch {
      continue; // a stray file, or unreadable
    }
    for (const name of names) if (name.endsWith(".jsonl") && ++count >= MAX_COUNT) return { count, capped: true };
  }
  return { count, capped: slugs.length > MAX_DIRS };
}
