// Forgetting sessions for real (`forget`, `prune` and the viewer): the record, its
// full-text entry, cursor and recovery state in the store, its JSON file, and the
// context files that named it.
import { unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "../runtime.ts";
import type { SessionRecord } from "../record.ts";
import { refreshContextFiles } from "../context/write.ts";

/** Every session of a project, for `forget --project` and the viewer. */
export function projectSessions(rt: Runtime, project: string): SessionRecord[] {
  return rt.store().recent({ project, limit: 10_000_000 });
}

/** The deletion itself, confirmed already (also the viewer's forget): store, JSON files, context files. */
export function forgetSessions(rt: Runtime, doomed: Pick<SessionRecord, "session_id" | "project">[]): void {
  if (!doomed.length) return;
  rt.store().forgetForGood(doomed.map((r) => r.session_id));
  for (const r of doomed) {
    try {
      unlinkSync(join(rt.paths.sessionsDir, `${r.session_id}.json`));
    } catch {}
  }
  refreshContextFiles(
    rt,
    doomed.map((r) => r.project),
  );
}
