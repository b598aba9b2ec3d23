/**
 * Drive the real, pinned Claude Code CLI headless against the fake API (see fake-api.ts).
 *
 * Isolation: the CLI is NOT run under `unshare --net`. The fake API lives in the test
 * process, outside any namespace the CLI would get, so it would be unreachable. Offline
 * behaviour rests on ANTHROPIC_BASE_URL=127.0.0.1 plus the env flags below that switch off
 * telemetry, error reporting, auto-update and other non-essential traffic. For a hard
 * guarantee, put the whole test run in the namespace instead:
 *   unshare --net sh -c 'ip link set lo up && node_modules/.bin/bun test test/e2e'
 */

import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../support/paths.ts";
import { projectSlug, tempDir } from "../support/tmp.ts";

const REPO_ROOT = ROOT;

/**
 * The Claude Code versions the e2e runs against: the pinned one (`@anthropic-ai/claude-code`)
 * and the newest we checked (`claude-code-next`, an npm alias). Both packages name their
 * command `claude`, so `node_modules/.bin/claude` may be either: each is found in its own
 * package instead.
 */
export const CLAUDE_VERSIONS = [
  { name: "2.1.330", dir: join("@anthropic-ai", "claude-code") },
  { name: "2.1.332", dir: "claude-code-next" },
] as const;
export type ClaudeVersion = (typeof CLAUDE_VERSIONS)[number]["name"];

/** Path of one of the pinned CLIs (a devDependency), never whatever `claude` is on PATH. */
export function claudeBin(version: ClaudeVersion = CLAUDE_VERSIONS[0].name): string {
  const pkg = CLAUDE_VERSIONS.find((v) => v.name === version)!;
  const bin = join(REPO_ROOT, "node_modules", pkg.dir, "bin", "claude.exe");
  if (!existsSync(bin)) {
    throw new Error(
      `Claude Code CLI ${version} not found at ${bin}. Run \`npm install\` in ${REPO_ROOT} ` +
        "(package.json pins it; the native binary comes from an optional dependency).",
    );
  }
  return bin;
}

export interface Sandbox {
  root: string;
  /** Throwaway HOME: ~/.claude, ~/.claude.json and plugin data all land here. */
  home: string;
  /** A project directory to use as the CLI's cwd. */
  project: string;
  /**
   * TMPDIR for the CLI, so its scratch files ($TMPDIR/claude-<uid>/, background-task
   * output) and its messaging socket ($TMPDIR/cc-socks/<pid>.sock) stay in the sandbox.
   * Keep it short: a unix socket path must fit in 108 bytes.
   */
  tmp: string;
  /** ~/.claude/projects/<slug> for a given cwd (default: `project`). */
  projectStateDir(cwd?: string): string;
  cleanup(): void;
}

/**
 * A fresh HOME and project dir. Nothing needs to be pre-seeded: in -p / stream-json mode
 * the CLI skips onboarding and the workspace trust dialog, and creates ~/.claude.json
 * itself on first run.
 */
export function makeSandbox(prefix = "sr-e2e-"): Sandbox {
  const root = tempDir(prefix);
  const home = join(root, "home");
  const project = join(root, "project");
  const tmp = join(root, "tmp");
  for (const d of [home, project, tmp]) mkdirSync(d, { recursive: true });
  return {
    root,
    home,
    project,
    tmp,
    projectStateDir: (cwd = project) => join(home, ".claude", "projects", projectSlug(cwd)),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface RunTurnsOptions {
  home: string;
  cwd: string;
  apiUrl: string;
  pluginDir?: string;
  /** One user message per turn; slash commands (`/compact`, `/clear`) work as turns. */
  turns: string[];
  /** Session id to pass as `--resume`. */
  resume?: string;
  /** Which pinned CLI (default: the first of CLAUDE_VERSIONS). */
  version?: ClaudeVersion;
  extraArgs?: string[];
  /** Added last: overrides the defaults below. */
  env?: Record<string, string>;
  /** Kill the CLI after this long (default 60 s). */
  timeoutMs?: number;
  /** TMPDIR for the CLI (default: the OS temp dir). */
  tmpDir?: string;
}

export interface RunResult {
  /** Session id at the end of the run (after a `/clear` this is the new one). */
  sessionId: string;
  /** Every distinct session id seen on stdout, in order of appearance. */
  sessionIds: string[];
  /** Parsed stream-json stdout lines. */
  lines: any[];
  /** The `system` hook_started / hook_response lines from --include-hook-events. */
  hookEvents: any[];
  /** Every `result` line: one per turn, plus one per background-task notification turn. */
  results: any[];
  stderr: string;
  exitCode: number;
}

/**
 * Env for the CLI. Deliberately not inherited from the test process: a CLAUDE_* or
 * ANTHROPIC_* variable from the developer's shell (or a parent Claude Code session) would
 * change what the CLI does.
 */
export function cliEnv(opts: Pick<RunTurnsOptions, "home" | "apiUrl" | "env" | "tmpDir">): Record<string, string> {
  return {
    // node_modules/.bin first so hooks of the plugin under test can call `bun`.
    PATH: `${join(REPO_ROOT, "node_modules", ".bin")}:${process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin"}`,
    HOME: opts.home,
    TMPDIR: opts.tmpDir ?? tmpdir(),
    LANG: "C.UTF-8",
    ANTHROPIC_BASE_URL: opts.apiUrl,
    ANTHROPIC_API_KEY: "fake",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    DISABLE_AUTOUPDATER: "1",
    // As root, --dangerously-skip-permissions is refused without it.
    IS_SANDBOX: "1",
    // 2.1.330 offers no task-list tool to its default model (claude-opus-5-5); with tasks
    // v2 off and todo tools opted in, TodoWrite comes back (as a deferred tool, which can
    // still be called directly), so `[[todo:...]]` directives work.
    CLAUDE_CODE_ENABLE_TASKS: "false",
    CLAUDE_CODE_ENABLE_TODO_TOOLS: "1",
    ...opts.env,
  };
}

function tail(lines: any[]): string {
  return lines
    .slice(-5)
    .map((l) => JSON.stringify(l).slice(0, 500))
    .join("\n");
}

function userLine(text: string): string {
  return (
    JSON.stringify({
      type: "user",
      message: { role: "user", content: [{ type: "text", text }] },
      parent_tool_use_id: null,
      session_id: "",
    }) + "\n"
  );
}

/**
 * Run one CLI process in stream-json mode and feed it `turns`, one per `result` line.
 * stdin must stay open until the last result: a CLI whose stdin closes at once runs nothing.
 */
export async function runTurns(opts: RunTurnsOptions): Promise<RunResult> {
  if (opts.turns.length === 0) throw new Error("runTurns: at least one turn is needed");
  const args = [
    claudeBin(opts.version),
    "-p",
    "--input-format",
    "stream-json",
    "--output-format",
    "stream-json",
    "--verbose",
    "--include-hook-events",
    "--dangerously-skip-permissions",
    ...(opts.pluginDir ? ["--plugin-dir", opts.pluginDir] : []),
    ...(opts.resume ? ["--resume", opts.resume] : []),
    ...(opts.extraArgs ?? []),
  ];
  const proc = Bun.spawn(args, {
    cwd: opts.cwd,
    env: cliEnv(opts),
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });

  const timeoutMs = opts.timeoutMs ?? 60_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill("SIGKILL");
  }, timeoutMs);

  const stderrText = new Response(proc.stderr).text();
  const lines: any[] = [];
  const results: any[] = [];
  let next = 0;
  let stdinOpen = true;
  // A background subagent ends its turn at once (first `result`); when it finishes, the
  // CLI runs one more turn for the task notification (a second `result`). Waiting for
  // that keeps one turn per step; the timeout bounds the wait if it never comes.
  let backgroundTasks = 0;
  const sendNext = (): void => {
    if (!stdinOpen) return;
    const turn = opts.turns[next++];
    if (turn === undefined) {
      stdinOpen = false;
      proc.stdin.end();
      return;
    }
    proc.stdin.write(userLine(turn));
    proc.stdin.flush();
  };

  try {
    sendNext();
    const decoder = new TextDecoder();
    let buf = "";
    for await (const chunk of proc.stdout) {
      buf += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const raw = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!raw) continue;
        let line: any;
        try {
          line = JSON.parse(raw);
        } catch {
          line = { type: "unparsed", raw };
        }
        lines.push(line);
        if (line?.type === "system" && line.subtype === "background_tasks_changed") {
          backgroundTasks = Array.isArray(line.tasks) ? line.tasks.length : 0;
        }
        if (line?.type === "result") {
          results.push(line);
          if (backgroundTasks === 0) sendNext();
        }
      }
    }
  } catch (err) {
    // Writing to stdin of a CLI that already died: the exit code and stderr tell why.
    if (!timedOut) lines.push({ type: "harness_error", error: String(err) });
  }

  const exitCode = await proc.exited;
  clearTimeout(timer);
  const stderr = await stderrText;
  if (timedOut) {
    throw new Error(
      `claude timed out after ${timeoutMs} ms (sent ${Math.min(next, opts.turns.length)}/${opts.turns.length} turns, ` +
        `got ${results.length} result line(s)).\n` +
        `stderr:\n${stderr}\nlast stdout lines:\n${tail(lines)}`,
    );
  }
  if (next <= opts.turns.length) {
    throw new Error(
      `claude exited with code ${exitCode} before finishing: sent ${next}/${opts.turns.length} turns, ` +
        `got ${results.length} result line(s).\nstderr:\n${stderr}\nlast stdout lines:\n${tail(lines)}`,
    );
  }

  const sessionIds: string[] = [];
  for (const l of lines) {
    const id = l?.session_id;
    if (typeof id === "string" && id && !sessionIds.includes(id)) sessionIds.push(id);
  }
  const last = results[results.length - 1];
  return {
    sessionId: typeof last?.session_id === "string" ? last.session_id : (sessionIds.at(-1) ?? ""),
    sessionIds,
    lines,
    hookEvents: lines.filter((l) => l?.type === "system" && (l.subtype === "hook_started" || l.subtype === "hook_response")),
    results,
    stderr,
    exitCode,
  };
}

/**
 * Hook runs that went wrong, from the --include-hook-events stream: outcome other than
 * success, a non-zero exit code, or anything on stderr. Stricter than Claude Code, which
 * calls exit 0 + stderr a success: a plugin's hooks should be silent. Output JSON that
 * fails validation (e.g. a wrong hookEventName) shows up as outcome "error" with exit
 * code 0. 2.1.330 reports no events at all for PreCompact, PostCompact and SessionEnd:
 * check those through their effects.
 */
export function hookErrors(result: Pick<RunResult, "hookEvents">): any[] {
  return result.hookEvents.filter(
    (e) =>
      e?.subtype === "hook_response" &&
      (e.outcome !== "success" || (typeof e.exit_code === "number" && e.exit_code !== 0) || (typeof e.stderr === "string" && e.stderr.trim() !== "")),
  );
}

export const CONTEXT_PREFIX = "SessionStart hook additional context: ";

function textsOf(content: unknown): string[] {
  if (typeof content === "string") return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((b: any) => (b?.type === "text" && typeof b.text === "string" ? [b.text] : []));
}

/**
 * What SessionStart hooks told the model, per logged API request (same indexes as
 * `requests`). Each entry is the text after one `SessionStart hook additional context: `
 * prefix, up to the next such prefix or the end of its text block.
 *
 * Where 2.1.330 puts it: in a `{"role":"system"}` entry of `messages` (not the top-level
 * `system` prompt). That entry joins several reminders with blank lines, e.g.
 * "SessionStart hook additional context: <ctx>\n\n# Environment\n..." after startup/clear,
 * or "...knowledge cutoff...\n\nSessionStart hook additional context: <ctx>\n\nToday's
 * date is ..." after compaction. Contexts of several hooks are joined with "\n" under one
 * prefix. A context may itself contain blank lines, so the end cannot be found exactly:
 * assert with `toContain`, not equality. Older versions used a <system-reminder> in a
 * user message; all of messages and the system prompt are searched to cover both.
 */
export function injectedContexts(requests: any[]): string[][] {
  return requests.map((body) => {
    const texts = [...textsOf(body?.system)];
    for (const m of Array.isArray(body?.messages) ? body.messages : []) texts.push(...textsOf(m?.content));
    return texts.flatMap((t) => t.split(CONTEXT_PREFIX).slice(1));
  });
}
