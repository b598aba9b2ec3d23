// Compaction: PreCompact -> (summary request) -> SessionStart(compact) -> PostCompact.
// PreCompact saves this session's state for SessionStart(compact); PostCompact keeps
// the summary Claude Code wrote, the best summary of the session there is.
import type { Runtime } from "../runtime.ts";
import type { HookInput } from "./input.ts";
import type { HookOutput } from "./output.ts";
import { updateSession } from "./update.ts";
import { writeLastSession } from "../context/write.ts";
import { LIMITS, summaryBody } from "../extract/state.ts";
import { keepText } from "../privacy/keep.ts";

export function onPreCompact(rt: Runtime, input: HookInput): HookOutput {
  // The state handed back after the compaction should be complete: more time to read (the hook has 30 s).
  const record = updateSession(rt, input, { budgetMs: 8000 });
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
