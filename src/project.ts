// The project a session belongs to: the git root of its cwd (found by walking up,
// not by spawning git: hooks run every turn), else the cwd itself.
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export interface ProjectInfo {
  project: string;
  /** The branch checked out now, when the project is a git work tree. */
  gitBranch: string | null;
  /** The main work tree of the repository: the same for all its worktrees (else = project). */
  repo: string;
}

export function findProject(cwd: string): ProjectInfo {
  // No real directory is that long; walking up one from it would take seconds.
  if (cwd.length > 4096) return { project: resolve(cwd), gitBranch: null, repo: resolve(cwd) };
  let dir = resolve(cwd);
  for (;;) {
    const gitPath = join(dir, ".git");
    const kind = statKind(gitPath);
    if (kind === "dir") return { project: dir, gitBranch: readBranch(gitPath), repo: dir };
    if (kind === "file") {
      const gitDir = gitDirFromFile(gitPath, dir);
      return { project: dir, gitBranch: readBranch(gitDir), repo: mainWorktree(gitDir) ?? dir };
    }
    const parent = dirname(dir);
    if (parent === dir) return { project: resolve(cwd), gitBranch: null, repo: resolve(cwd) };
    dir = parent;
  }
}

/** `/repo/.git/worktrees/name` -> `/repo` (what `git rev-parse --git-common-dir` would say, less a process). */
function mainWorktree(gitDir: string | null): string | null {
  const m = gitDir ? /^(.*)\/\.git\/worktrees\/[^/]+\/?$/.exec(gitDir) : null;
  return m ? m[1]! : null;
}

function statKind(p: string): "dir" | "file" | null {
  try {
    const st = statSync(p);
    return st.isDirectory() ? "dir" : st.isFile() ? "file" : null;
  } catch {
    return null;
  }
}

/** A worktree's `.git` is a file: `gitdir: /repo/.git/worktrees/name`. */
function gitDirFromFile(gitFile: string, dir: string): string | null {
  try {
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitFile, "utf8"));
    return m ? resolve(dir, m[1]!.trim()) : null;
  } catch {
    return null;
  }
}

function readBranch(gitDir: string | null): string | null {
  if (!gitDir) return null;
  try {
    const head = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
    const m = /^ref:\s*refs\/heads\/(.+)$/.exec(head);
    if (m) return m[1]!;
    return /^[0-9a-f]{7,}$/.test(head) ? `detached@${head.slice(0, 8)}` : null;
  } catch {
    return null;
  }
}
