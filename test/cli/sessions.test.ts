// `list` and `show` through the compiled binary, on a store filled by real hook runs.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBin } from "../support/spawn.ts";
import { sandbox } from "../support/tmp.ts";
import { jsonl, line } from "../support/transcript.ts";

function filled() {
  const sbx = sandbox({ branch: "feature/x" });
  const stop = (id: string, text: string, cwd = sbx.project) => {
    const t = join(sbx.transcripts, `${id}.jsonl`);
    writeFileSync(t, jsonl([line.user(text, { cwd, gitBranch: "feature/x" })]));
    expect(runBin(["hook", "stop"], { stdin: JSON.stringify({ session_id: id, transcript_path: t, cwd }), env: sbx.env }).code).toBe(0);
  };
  stop("aaaa1111-0000", "build the invoice generator");
  stop("aaaa2222-0000", "fix the invoice rounding bug");
  const other = join(sbx.dir, "other");
  mkdirSync(other);
  stop("bbbb3333-0000", "write the blog post about caching", other);
  return sbx;
}

describe("list", () => {
  test("this project by default, every project with --all, JSON with --json", () => {
    const sbx = filled();
    const here = runBin(["list"], { env: sbx.env, cwd: sbx.project });
    expect(here.code).toBe(0);
    expect(here.stdout).toContain("aaaa2222");
    expect(here.stdout).not.toContain("bbbb3333");
    expect(here.stdout.split("\n").every((l) => l.length <= 80)).toBe(true);
    const all = runBin(["list", "--all", "--json"], { env: sbx.env, cwd: sbx.project });
    const rows = JSON.parse(all.stdout);
    expect(rows.map((r: any) => r.session_id).sort()).toEqual(["aaaa1111-0000", "aaaa2222-0000", "bbbb3333-0000"]);
    for (const r of rows) for (const k of ["session_id", "project", "updated_at", "turn_count", "working_on"]) expect(r).toHaveProperty(k);
  });

  test("bad flags are usage errors (exit 2, one line)", () => {
    const sbx = filled();
    for (const args of [
      ["list", "--limit", "zero"],
      ["list", "--since", "yesterdayish"],
    ]) {
      const r = runBin(args, { env: sbx.env, cwd: sbx.project });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  test("an empty store says so, and exits 0", () => {
    const sbx = sandbox();
    const r = runBin(["list"], { env: sbx.env, cwd: sbx.project });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("no sessions recorded");
  });
});

describe("show", () => {
  test("by full id, unique prefix, --json and --md", () => {
    const sbx = filled();
    expect(runBin(["show", "aaaa1111-0000"], { env: sbx.env }).stdout).toContain("build the invoice generator");
    const r = runBin(["show", "bbbb"], { env: sbx.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("write the blog post about caching");
    expect(JSON.parse(runBin(["show", "aaaa1111", "--json"], { env: sbx.env }).stdout).git_branch).toBe("feature/x");
    expect(runBin(["show", "bbbb", "--md"], { env: sbx.env }).stdout).toContain("<session-recorder-data>");
  });

  test("an unknown or ambiguous id is a clear one-line error", () => {
    const sbx = filled();
    const unknown = runBin(["show", "zzzz"], { env: sbx.env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no session matches "zzzz"');
    const ambiguous = runBin(["show", "aaaa"], { env: sbx.env });
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain("ambiguous");
    expect(ambiguous.stderr.trim().split("\n")).toHaveLength(1);
    // LIKE wildcards in the prefix are literal characters, not patterns.
    expect(runBin(["show", "%"], { env: sbx.env }).stderr).toContain("no session matches");
  });
});
