// SessionEnd has about 1.5 s in total: one last incremental update (cheap, since
// Stop already read almost everything), nothing more.
import type { Runtime } from "../runtime.ts";
import type { HookInput } from "./input.ts";
import type { HookOutput } from "../claude.ts";
import { updateSession } from "./update.ts";

export function onSessionEnd(rt: Runtime, input: HookInput): HookOutput {
  updateSession(rt, input, { budgetMs: 700 });
  return null;
}
