// Writing the markdown context files: globally in ~/.claude/context (what users
// import from CLAUDE.md) and per project in the data dir, each atomically.
import { join } from "node:path";
import { readdirSync, rmSync, statSync } from "node:fs";
import type { Runtime } from "../runtime.ts";
import type { SessionRecord } from "../record.ts";
import { projectKey } from "../paths.ts";
import { writeFileAtomic } from "../util/files.ts";
import { historyMd, lastSessionMd, statusMd } from "./markdown.ts";

export function writeLastSession(rt: Runtime, record: SessionRecord): void {
  const md = lastSessionMd(record, rt.config.max_files_shown, rt.config.max_decisions);
  writeFileAtomic(join(rt.paths.contextDir, "last-session.md"), md);
  writeFileAtomic(join(projectDir(rt, record.project), "last-session.md"), md);
}

export function writeHistory(rt: Runtime, project: string): void {
  const store = rt.store();
  const n = rt.config.history_sessions;
  writeFileAtomic(join(rt.paths.contextDir, "session-history.md"), historyMd(store.recent({ limit: n })));
  writeFileAtomic(join(projectDir(rt, project), "session-history.md"), historyMd(store.recent({ project, limit: n })));
}

export function writeStatus(rt: Runtime, project: string): void {
  const store = rt.store();
  const facts = {
    sessions: store.count(),
    projects: store.projectCount(),
    storageBytes: dirBytes(rt.paths.dataDir),
    dataDir: rt.paths.dataDir,
    runs: store.recentHookRuns(10),
  };
  const md = statusMd(facts);
  writeFileAtomic(join(rt.paths.contextDir, "session-status.md"), md);
  writeFileAtomic(join(projectDir(rt, project), "session-status.md"), md);
}

function projectDir(rt: Runtime, project: string): string {
  return join(rt.paths.projectsDir, projectKey(project));
}

/** Bytes under `dir`, one level of subfolders deep (sessions/, logs/, projects/*): enough for a status line. */
export function dirBytes(dir: string, depth = 2): number {
  let total = 0;
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isFile()) total += statSync(p).size;
      else if (e.isDirectory() && depth > 0) total += dirBytes(p, depth - 1);
    }
  } catch {}
  return total;
}

/**
 * After the store changes outside a hook (import, forget, prune), the context files must
 * say what the store now says: a forgotten session must not live on in last-session.md
 * or session-history.md.
 */
export function refreshContextFiles(rt: Runtime, projects: string[]): void {
  const store = rt.store();
  for (const project of new Set(projects)) {
    const own = store.recent({ project, limit: 1 })[0];
    if (own) {
      writeLastSession(rt, own);
      writeHistory(rt, project);
      writeStatus(rt, project);
    } else {
      rmSync(join(rt.paths.projectsDir, projectKey(project)), { recursive: true, force: true });
    }
  }
  // The global files last, so they reflect the newest session of all projects.
  const latest = store.recent({ limit: 1 })[0] ?? null;
  const ctx = rt.paths.contextDir;
  writeFileAtomic(join(ctx, "last-session.md"), lastSessionMd(latest, rt.config.max_files_shown, rt.config.max_decisions));
  writeFileAtomic(join(ctx, "session-history.md"), historyMd(store.recent({ limit: rt.config.history_sessions })));
}
