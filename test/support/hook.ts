// What a hook run leaves behind, as Claude Code and the user see it: its stdout (the hook
// output contract) and the log.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Claude Code's cap on a hook's additionalContext and systemMessage. */
export const CLAUDE_CODE_OUTPUT_CAP = 10_000;

/**
 * What a hook may print: nothing, or (SessionStart only) one line of JSON with
 * {"hookSpecificOutput":{"hookEventName":"SessionStart","additionalContext":"..."}} and/or a
 * "systemMessage" for the user, every string at most `cap` characters. `event` is the
 * binary's name for it (session-start, stop...). Returns what is wrong, or null.
 */
export function hookStdoutProblem(event: string, stdout: string, cap = CLAUDE_CODE_OUTPUT_CAP): string | null {
  if (stdout === "") return null;
  if (event !== "session-start") return `stdout of ${event} must be empty, got ${JSON.stringify(stdout.slice(0, 120))}`;
  const body = stdout.endsWith("\n") ? stdout.slice(0, -1) : stdout;
  if (body.includes("\n")) return "stdout has more than one line";
  let out: any;
  try {
    out = JSON.parse(body);
  } catch {
    return `stdout is not JSON: ${JSON.stringify(stdout.slice(0, 120))}`;
  }
  if (!out || typeof out !== "object" || Array.isArray(out)) return "stdout JSON is not an object";
  const keys = Object.keys(out);
  if (!keys.length || keys.some((k) => k !== "hookSpecificOutput" && k !== "systemMessage")) return `unexpected stdout JSON keys: ${JSON.stringify(keys)}`;
  if ("systemMessage" in out && (typeof out.systemMessage !== "string" || !out.systemMessage || out.systemMessage.length > cap)) return `systemMessage is not a non-empty string of <= ${cap} chars`;
  if ("hookSpecificOutput" in out) {
    const h = out.hookSpecificOutput;
    if (!h || typeof h !== "object" || h.hookEventName !== "SessionStart") return "hookSpecificOutput.hookEventName is not SessionStart";
    if (Object.keys(h).some((k) => k !== "hookEventName" && k !== "additionalContext")) return `unexpected hookSpecificOutput keys: ${JSON.stringify(Object.keys(h))}`;
    if (typeof h.additionalContext !== "string") return "additionalContext is not a string";
    if (h.additionalContext.length > cap) return `additionalContext is ${h.additionalContext.length} chars (> ${cap})`;
  }
  return null;
}

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
