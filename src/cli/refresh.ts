// After the store changes outside a hook (import, forget, prune), the context
// files must say what the store now says: a forgotten session must not live on in
// last-session.md or session-history.md.
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "../runtime.ts";
import { writeHistory, writeLastSession, writeStatus } from "../context/write.ts";
import { historyMd, lastSessionMd } from "../context/markdown.ts";
import { projectKey } from "../paths.ts";
import { writeFileAtomic } from "../util/files.ts";

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
