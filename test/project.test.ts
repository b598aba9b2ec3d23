// The project of a cwd: the git root found by walking up, its branch, and the main work
// tree shared by the repository's worktrees.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findProject } from "../src/project.ts";
import { fast } from "./support/timing.ts";
import { tempDir } from "./support/tmp.ts";

/** A repository at <tmp>/repo with HEAD as given, and a worktree of it at <tmp>/wt on branch "feat". */
function repos(head: string) {
  const dir = tempDir();
  const repo = join(dir, "repo");
  mkdirSync(join(repo, ".git", "worktrees", "wt"), { recursive: true });
  mkdirSync(join(repo, "src", "deep"), { recursive: true });
  writeFileSync(join(repo, ".git", "HEAD"), head);
  writeFileSync(join(repo, ".git", "worktrees", "wt", "HEAD"), "ref: refs/heads/feat\n");
  const wt = join(dir, "wt");
  mkdirSync(join(wt, "lib"), { recursive: true });
  writeFileSync(join(wt, ".git"), `gitdir: ${join(repo, ".git", "worktrees", "wt")}\n`);
  return { dir, repo, wt };
}

describe("findProject", () => {
  const cases: [string, string, (r: ReturnType<typeof repos>) => string, (r: ReturnType<typeof repos>) => [string, string | null, string]][] = [
    ["the repository root itself", "ref: refs/heads/main\n", (r) => r.repo, (r) => [r.repo, "main", r.repo]],
    ["a folder deep inside, walked up", "ref: refs/heads/fix/login\n", (r) => join(r.repo, "src", "deep"), (r) => [r.repo, "fix/login", r.repo]],
    ["a detached HEAD", "0123456789abcdef0123456789abcdef01234567\n", (r) => r.repo, (r) => [r.repo, "detached@01234567", r.repo]],
    ["an unreadable HEAD: no branch", "garbage\n", (r) => r.repo, (r) => [r.repo, null, r.repo]],
    ["a worktree: its own root and branch, the main work tree as repo", "ref: refs/heads/main\n", (r) => join(r.wt, "lib"), (r) => [r.wt, "feat", r.repo]],
    ["outside any repository: the cwd", "ref: refs/heads/main\n", (r) => r.dir, (r) => [r.dir, null, r.dir]],
  ];
  for (const [name, head, cwd, want] of cases) {
    test(name, () => {
      const r = repos(head);
      const p = findProject(cwd(r));
      expect([p.project, p.gitBranch, p.repo]).toEqual(want(r));
    });
  }
});

fast("a 100 KB cwd is not walked up one directory at a time", () => findProject("/a".repeat(50_000)));
