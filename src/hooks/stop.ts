// Stop fires after every assistant turn: bring the record up to date, refresh the
// context files, keep the store within max_sessions. Prints nothing.
import { unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "../runtime.ts";
import type { HookInput } from "./input.ts";
import { updateSession } from "./update.ts";
import { writeHistory, writeLastSession } from "../context/write.ts";
import type { HookOutput } from "../claude.ts";

export function onStop(rt: Runtime, input: HookInput): HookOutput {
  const record = updateSession(rt, input, { lastAssistantMessage: input.last_assistant_message });
  writeLastSession(rt, record);
  writeHistory(rt, record.project);
  prune(rt, input.session_id);
  return null;
}

export function prune(rt: Runtime, live: string): void {
  const store = rt.store();
  if (store.count() <= rt.config.max_sessions) return;
  for (const id of store.prune(rt.config.max_sessions, live)) {
    try {
      unlinkSync(join(rt.paths.sessionsDir, `${id}.json`));
    } catch {}
  }
}
