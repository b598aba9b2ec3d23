// Throwaway dirs. Under `bun test` each one lives under the run's root (test/preload.ts sets
// SR_TEST_ROOT and removes it at the end); elsewhere (bench, stress) under the system temp
// dir, and the caller removes it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectSlug, transcriptsDir } from "../../src/claude.ts";

/** A new empty dir; resolved, since Claude Code records the real path of a cwd. */
export function tempDir(prefix = "sr-"): string {
  return realpathSync(mkdtempSync(join(process.env.SR_TEST_ROOT ?? tmpdir(), prefix)));
}

export { projectSlug } from "../../src/claude.ts";

export interface Sandbox {
  dir: string;
  home: string;
  /** CLAUDE_PLUGIN_DATA (created by the binary on first use). */
  data: string;
  /** A git work tree (only .git/HEAD): it has a root and a branch. */
  project: string;
  /** ~/.claude/projects/<slug of project>: where Claude Code writes its transcripts. */
  transcripts: string;
  env: Record<string, string>;
  remove(): void;
}

export interface SandboxOptions {
  branch?: string;
  /** Build it in this dir rather than a new temp dir. */
  dir?: string;
  /**
   * An environment of PATH, LANG and the sandbox's own HOME, CLAUDE_PLUGIN_DATA and TMPDIR
   * only: nothing of the caller's leaks in. Default: the caller's, with HOME and the data dir replaced.
   */
  isolated?: boolean;
}

/** A home, a data dir and a project, in one dir: what a hook needs to run as in a real session. */
export function sandbox(opts: SandboxOptions = {}): Sandbox {
  const dir = opts.dir ?? tempDir("sr-sbx-");
  const home = join(dir, "home");
  const data = join(dir, "data");
  const project = join(dir, "proj");
  mkdirSync(join(project, ".git"), { recursive: true });
  writeFileSync(join(project, ".git", "HEAD"), `ref: refs/heads/${opts.branch ?? "main"}\n`);
  const transcripts = join(transcriptsDir(home), projectSlug(project));
  mkdirSync(transcripts, { recursive: true });
  let env: Record<string, string>;
  if (opts.isolated) {
    const tmp = join(dir, "tmp");
    mkdirSync(tmp, { recursive: true });
    env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, CLAUDE_PLUGIN_DATA: data, TMPDIR: tmp, LANG: "C.UTF-8" };
  } else env = { ...(process.env as Record<string, string>), HOME: home, CLAUDE_PLUGIN_DATA: data };
  return { dir, home, data, project, transcripts, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
