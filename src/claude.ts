// Claude Code's side of the contract, as observed on the real CLI: the hook events we
// answer and what each may print, the size cap on what a hook prints, where transcripts
// live, and how subagents are laid out. Facts only, no I/O (ingest/ and backfill/ read
// the files). Each is stated here once; the rest of the code imports it.
import { basename, dirname, join, resolve } from "node:path";

// ---------------------------------------------------------------- hook events

/**
 * Our hooks, by the word on our command line (`session-recorder hook <word>`): Claude Code's
 * event name, and the `timeout` (seconds) plugin/hooks/hooks.json asks it for (it kills the
 * hook after that; SessionEnd has about 1.5 s in total whatever we ask).
 */
export const HOOKS = {
  "session-start": { event: "SessionStart", timeoutS: 10 },
  stop: { event: "Stop", timeoutS: 10 },
  "pre-compact": { event: "PreCompact", timeoutS: 30 },
  "post-compact": { event: "PostCompact", timeoutS: 10 },
  "session-end": { event: "SessionEnd", timeoutS: 2 },
} as const;

export type HookEvent = keyof typeof HOOKS;
export const HOOK_EVENTS = Object.keys(HOOKS) as HookEvent[];

export const isHookEvent = (s: string): s is HookEvent => Object.hasOwn(HOOKS, s);

// ---------------------------------------------------------------- hook output

/** Claude Code moves any hook output string longer than this to a file and shows a preview instead. */
export const HOOK_OUTPUT_MAX_CHARS = 10_000;

/** Our cap on injected context: a margin under HOOK_OUTPUT_MAX_CHARS, so a preview never replaces it. */
export const CONTEXT_HARD_CAP = 9500;

/**
 * What a hook may print. Claude Code drops JSON whose hookEventName does not match, and
 * hookSpecificOutput is invalid for PreCompact, PostCompact and SessionEnd (PreCompact's
 * plain stdout would even join the compaction prompt), so only SessionStart ever prints:
 * context for Claude, and now and then a line for the user (systemMessage, which the
 * model does not see).
 */
export type HookOutput = {
  systemMessage?: string;
  hookSpecificOutput?: { hookEventName: (typeof HOOKS)["session-start"]["event"]; additionalContext: string };
} | null;

export function sessionStartOutput(additionalContext: string, systemMessage?: string | null): HookOutput {
  if (!additionalContext && !systemMessage) return null;
  return {
    ...(systemMessage ? { systemMessage } : {}),
    ...(additionalContext ? { hookSpecificOutput: { hookEventName: HOOKS["session-start"].event, additionalContext } } : {}),
  };
}

/**
 * What is wrong with a hook's stdout, or null: the contract above, checked from outside
 * (tests, stress). Nothing, or (session-start only) one line of JSON holding
 * hookSpecificOutput and/or a non-empty systemMessage, every string within its cap.
 */
export function hookOutputProblem(event: string, stdout: string): string | null {
  if (stdout === "") return null;
  if (event !== "session-start") return `stdout of ${event} must be empty, got ${JSON.stringify(stdout.slice(0, 120))}`;
  const body = stdout.endsWith("\n") ? stdout.slice(0, -1) : stdout;
  if (body.includes("\n")) return "stdout has more than one line";
  let out: Record<string, unknown> | null;
  try {
    out = JSON.parse(body);
  } catch {
    return `stdout is not JSON: ${JSON.stringify(stdout.slice(0, 120))}`;
  }
  if (!out || typeof out !== "object" || Array.isArray(out)) return "stdout JSON is not an object";
  const keys = Object.keys(out);
  if (!keys.length || keys.some((k) => k !== "hookSpecificOutput" && k !== "systemMessage")) return `unexpected stdout JSON keys: ${JSON.stringify(keys)}`;
  if ("systemMessage" in out && (typeof out.systemMessage !== "string" || !out.systemMessage || out.systemMessage.length > HOOK_OUTPUT_MAX_CHARS)) {
    return `systemMessage is not a non-empty string of <= ${HOOK_OUTPUT_MAX_CHARS} chars`;
  }
  if ("hookSpecificOutput" in out) {
    const h = out.hookSpecificOutput as Record<string, unknown> | null;
    if (!h || typeof h !== "object" || h.hookEventName !== HOOKS["session-start"].event)
      return `hookSpecificOutput.hookEventName is not ${HOOKS["session-start"].event}`;
    if (Object.keys(h).some((k) => k !== "hookEventName" && k !== "additionalContext"))
      return `unexpected hookSpecificOutput keys: ${JSON.stringify(Object.keys(h))}`;
    if (typeof h.additionalContext !== "string") return "additionalContext is not a string";
    if (h.additionalContext.length > CONTEXT_HARD_CAP) return `additionalContext is ${h.additionalContext.length} chars (> ${CONTEXT_HARD_CAP})`;
  }
  return null;
}

// ---------------------------------------------------------------- files and folders

/** `~/.claude`: Claude Code's own folder. */
export const claudeDir = (home: string) => join(home, ".claude");
/**
 * Where Claude Code keeps transcripts, `<this>/<project slug>/<session_id>.jsonl`: the same
 * string it hands the hooks as `transcript_path`'s prefix.
 */
export const transcriptsDir = (home: string) => join(home, ".claude", "projects");
/** The user's settings, where a manual install puts our hooks. */
export const settingsFile = (home: string) => join(home, ".claude", "settings.json");
/** The user's own CLAUDE.md, loaded into every session. */
export const userClaudeMd = (home: string) => join(home, ".claude", "CLAUDE.md");
/** The plugins Claude Code has installed. */
export const installedPluginsFile = (home: string) => join(home, ".claude", "plugins", "installed_plugins.json");
/** Where `$CLAUDE_PLUGIN_DATA` folders live: one `<plugin>-<marketplace>/` each, kept across updates. */
export const pluginDataRoot = (home: string) => join(home, ".claude", "plugins", "data");

/** Claude Code's folder name for a project: the absolute path with every non-alphanumeric character replaced by `-`. */
export function projectSlug(path: string): string {
  return resolve(path).replace(/[^A-Za-z0-9]/g, "-");
}

/** `-home-me-src-shop` -> `/home/me/src/shop`: lossy (a `-` in a name becomes `/`), only for transcripts without any cwd. */
export function slugGuess(slug: string): string {
  return slug.replace(/-/g, "/");
}

// ---------------------------------------------------------------- subagents
// Where a session's subagents wrote, by Claude Code's version:
//   2.1.x  <slug>/<session_id>/subagents/agent-*.jsonl, also nested (subagents/workflows/<wf>/...)
//   2.0.x  <slug>/agent-*.jsonl beside the sessions, lines carrying the parent's sessionId
//   1.0.x  isSidechain lines inside the main file
// A subagent is never a session of its own.

/** A 2.0.x subagent file beside the sessions (its name also passes for a session id). */
export const AGENT_FILE = /^agent-[A-Za-z0-9_-]{1,100}\.jsonl$/;

/** 2.1.x: the folder of a session's subagent transcripts, `<slug>/<session_id>/subagents/`. */
export function subagentsDir(main: string, sessionId: string): string {
  return join(dirname(main), basename(main, ".jsonl") || sessionId, "subagents");
}

/** Versions before 2.1 wrote subagents beside the sessions. */
export function writesAgentsBeside(version: string | undefined): boolean {
  return !!version && /^(?:0|1|2\.0)\./.test(version);
}

/** The session a 2.0.x subagent file belongs to: the `sessionId` of its first lines (`head`), or null. */
export function agentParentIn(head: string): string | null {
  return /"sessionId":\s*"([A-Za-z0-9._-]{1,128})"/.exec(head)?.[1] ?? null;
}
