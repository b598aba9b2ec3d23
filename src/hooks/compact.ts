// Compaction: PreCompact -> (summary request) -> SessionStart(compact) -> PostCompact.
// PreCompact saves this session's state for SessionStart(compact); PostCompact keeps
// the summary Claude Code wrote, the best summary of the session there is.
import type { Runtime } from "../runtime.ts";
import type { HookInput } from "./input.ts";
import type { HookOutput } from "../claude.ts";
import { updateSession } from "./update.ts";
import { writeLastSession } from "../context/write.ts";
import { LIMITS, summaryBody } from "../extract/state.ts";
import { keepText } from "../privacy/keep.ts";

export function onPreCompact(rt: Runtime, input: HookInput): HookOutput {
  // The Stop hooks keep the cursor current, so this reads the last turn or so. On a transcript
  // never read before (installed mid-session) it reads what the budget allows, like every hook:
  // saving the archive of what was read must fit in the same two seconds.
  const record = updateSession(rt, input);
  rt.store().saveRecovery(record, rt.now());
  writeLastSession(rt, record);
  return null;
}

export function onPostCompact(rt: Runtime, input: HookInput): HookOutput {
  const summary = input.compact_summary;
  updateSession(rt, input, {
    mutate: (state) => {
      if (summary) state.compactSummary = keepText(summaryBody(summary), rt.redact, LIMITS.summaryChars);
    },
  });
  return null;
}
