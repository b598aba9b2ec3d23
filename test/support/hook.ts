// What a hook run leaves behind, as Claude Code and the user see it: its stdout (the hook
// output contract) and the log.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

// The output contract itself is checked by hookOutputProblem (src/claude.ts, where the fact lives).

/** The context a SessionStart output injects ("" when none or unreadable). */
export function injectedContext(stdout: string): string {
  try {
    return stdout.trim() ? (JSON.parse(stdout).hookSpecificOutput?.additionalContext ?? "") : "";
  } catch {
    return "";
  }
}

/** The log of a data dir, with its rotated predecessor first. */
export function readLog(dataDir: string): string {
  const p = join(dataDir, "logs", "session-recorder.log");
  let text = "";
  for (const f of [`${p}.1`, p]) if (existsSync(f)) text += readFileSync(f, "utf8");
  return text;
}
