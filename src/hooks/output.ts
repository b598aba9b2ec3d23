// What a hook may print. Claude Code drops JSON whose hookEventName does not match,
// and hookSpecificOutput is invalid for PreCompact, PostCompact and SessionEnd, so
// only SessionStart ever prints anything.
export type HookOutput = { hookSpecificOutput: { hookEventName: "SessionStart"; additionalContext: string } } | null;

export function sessionStartOutput(additionalContext: string): HookOutput {
  return additionalContext ? { hookSpecificOutput: { hookEventName: "SessionStart", additionalContext } } : null;
}
