// What a hook may print. Claude Code drops JSON whose hookEventName does not match,
// and hookSpecificOutput is invalid for PreCompact, PostCompact and SessionEnd, so
// only SessionStart ever prints anything: context for Claude, and now and then a
// line for the user (systemMessage, which the model does not see).
export type HookOutput = {
  systemMessage?: string;
  hookSpecificOutput?: { hookEventName: "SessionStart"; additionalContext: string };
} | null;

export function sessionStartOutput(additionalContext: string, systemMessage?: string | null): HookOutput {
  if (!additionalContext && !systemMessage) return null;
  return {
    ...(systemMessage ? { systemMessage } : {}),
    ...(additionalContext ? { hookSpecificOutput: { hookEventName: "SessionStart" as const, additionalContext } } : {}),
  };
}
