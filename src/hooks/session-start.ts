// SessionStart: give Claude back what it lost (src/context/gather.ts says what, by
// source), refresh the context files, and offer the backfill once.
import type { Runtime } from "../runtime.ts";
import type { HookInput } from "./input.ts";
import { sessionStartOutput, type HookOutput } from "../claude.ts";
import { updateSession } from "./update.ts";
import { findProject } from "../project.ts";
import { buildSessionStartContext } from "../context/gather.ts";
import { writeHistory, writeStatus } from "../context/write.ts";
import { firstRunHint } from "./first-run.ts";
import { sweepStaleTemps } from "../util/files.ts";

export function onSessionStart(rt: Runtime, input: HookInput): HookOutput {
  const project = findProject(input.cwd ?? process.cwd()).project;
  const context = buildSessionStartContext(rt, input, project, { update: () => updateSession(rt, input) });
  writeHistory(rt, project);
  writeStatus(rt, project);
  // Once per session is often enough to clear what a killed write left behind.
  for (const dir of [rt.paths.sessionsDir, rt.paths.contextDir]) sweepStaleTemps(dir);
  return sessionStartOutput(context, input.source === "compact" ? null : backfillOffer(rt));
}

/** Right after installation: offer once to index the sessions Claude Code already has. */
function backfillOffer(rt: Runtime): string | null {
  try {
    return firstRunHint(rt.paths, rt.store());
  } catch (err) {
    rt.log.log("warn", "first-run hint failed", { error: String(err) });
    return null;
  }
}
