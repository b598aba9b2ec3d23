// The commands through the binary: --version, --help, config, context, status, doctor,
// export/import, forget and prune, on stores filled by real hook runs.
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, ROOT } from "../support/paths.ts";
import { runBin } from "../support/spawn.ts";
import { sandbox } from "../support/tmp.ts";
import { jsonl, line } from "../support/transcript.ts";

function filled() {
  const sbx = sandbox();
  const other = join(sbx.dir, "other");
  mkdirSync(other);
  const stop = (id: string, text: string, cwd = sbx.project) => {
    const t = join(sbx.transcripts, `${id}.jsonl`);
    writeFileSync(t, jsonl([line.user(text, { cwd }), line.toolUse("Write", { file_path: join(cwd, `${id}.ts`), content: "" }, { cwd })]));
    expect(runBin(["hook", "stop"], { stdin: JSON.stringify({ session_id: id, transcript_path: t, cwd }), env: sbx.env }).code).toBe(0);
  };
  stop("keep-1111", "build the search page");
  stop("gone-2222", "rotate the secret signing keys for zebracorn");
  stop("else-3333", "write the blog post", other);
  expect(runBin(["hook", "session-start"], { stdin: JSON.stringify({ session_id: "new", cwd: sbx.project, source: "startup" }), env: sbx.env }).code).toBe(0);
  return { sbx, other };
}

const run = (sbx: ReturnType<typeof sandbox>, args: string[], cwd?: string) => runBin(args, { env: sbx.env, cwd: cwd ?? sbx.project });

describe("--version, --help, config, context", () => {
  test("--version and --help", () => {
    const v = runBin(["--version"]);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    const h = runBin(["--help"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("hook");
  });

  test("config shows sources; config --check fails on a bad file with one clear line", () => {
    const sbx = sandbox();
    mkdirSync(sbx.data, { recursive: true });
    writeFileSync(join(sbx.data, "config.json"), JSON.stringify({ max_sessions: 50 }));
    const ok = runBin(["config", "--check"], { env: sbx.env });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/max_sessions\s+50\s+\(config\.json\)/);
    expect(ok.stdout).toMatch(/max_decisions\s+5\s+\(default\)/);
    writeFileSync(join(sbx.data, "config.json"), "{ nope");
    const bad = runBin(["config", "--check"], { env: sbx.env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("not valid JSON");
  });

  test("context prints what startup would inject", () => {
    const sbx = sandbox();
    const t = join(sbx.transcripts, "P.jsonl");
    writeFileSync(t, jsonl([line.user("document the public API", { cwd: sbx.project })]));
    expect(runBin(["hook", "stop"], { stdin: JSON.stringify({ session_id: "P", transcript_path: t, cwd: sbx.project }), env: sbx.env }).code).toBe(0);
    const r = runBin(["context"], { env: sbx.env, cwd: sbx.project });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("document the public API");
    const bad = runBin(["context", "--source", "nope"], { env: sbx.env, cwd: sbx.project });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n").length).toBe(1);
  });

  test("the binary exists (built by npm test)", () => expect(existsSync(BIN)).toBe(true));
});

describe("status", () => {
  test("counts, storage, hook timings and injection sizes", () => {
    const { sbx } = filled();
    const s = JSON.parse(run(sbx, ["status", "--json"]).stdout);
    expect(s.sessions).toBe(3);
    expect(s.projects).toBe(2);
    expect(s.storage_bytes).toBeGreaterThan(0);
    expect(s.hook_timings_ms.stop.runs).toBe(3);
    expect(s.recent_injections[0].chars).toBeGreaterThan(100);
    expect(s.recent_injections[0].est_tokens).toBe(Math.ceil(s.recent_injections[0].chars / 4));
    const human = run(sbx, ["status"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/sessions\s+3 in 2 projects/);
  });

  test("an empty store (no HOME/.claude at all) is fine", () => {
    const sbx = sandbox();
    const r = run(sbx, ["status"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no hook has run yet");
  });
});

describe("doctor", () => {
  test("healthy when wired in settings.json and everything is private", () => {
    const { sbx } = filled();
    mkdirSync(join(sbx.home, ".claude"), { recursive: true });
    writeFileSync(
      join(sbx.home, ".claude", "settings.json"),
      JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: "command", command: '"/usr/local/bin/session-recorder" hook stop' }] }] } }),
    );
    const r = run(sbx, ["doctor"]);
    expect(r.stdout).toContain("integrity_check ok");
    expect(r.code).toBe(0);
  });

  test("not wired, loose permissions and a bad config: exit 1 with a fix per problem", () => {
    const { sbx } = filled();
    chmodSync(join(sbx.data, "sessions.db"), 0o644);
    writeFileSync(join(sbx.data, "config.json"), '{"max_sessions": -1}');
    const r = run(sbx, ["doctor"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("no hooks wired");
    expect(r.stdout).toContain("readable by others");
    expect(r.stdout).toContain('"max_sessions"');
    expect(r.stdout.match(/fix:/g)!.length).toBeGreaterThanOrEqual(3);
    expect(r.stderr.trim()).toBe("session-recorder: 3 problems found");
  });

  test("a corrupt store: every command says so in one line, and doctor explains it", () => {
    const { sbx } = filled();
    writeFileSync(join(sbx.data, "sessions.db"), "garbage ".repeat(1000));
    for (const f of ["sessions.db-wal", "sessions.db-shm"]) if (existsSync(join(sbx.data, f))) writeFileSync(join(sbx.data, f), "");
    const list = run(sbx, ["list"]);
    expect(list.code).toBe(1);
    expect(list.stderr.trim().split("\n")).toHaveLength(1);
    expect(list.stderr).toContain("cannot open the store");
    expect(list.stderr).toContain("doctor");
    const doc = run(sbx, ["doctor"]);
    expect(doc.code).toBe(1);
    expect(doc.stdout).toMatch(/store .* (cannot be opened|is damaged)/);
    expect(doc.stdout).toContain("move it aside");
    // And a hook still exits 0, silently.
    const hook = runBin(["hook", "stop"], { stdin: JSON.stringify({ session_id: "x", cwd: sbx.project }), env: sbx.env });
    expect(hook.code).toBe(0);
    expect(hook.stdout).toBe("");
  });
});

describe("export and import", () => {
  test("a round trip to another machine, in json and jsonl; md is readable", () => {
    const { sbx } = filled();
    const json = run(sbx, ["export"]).stdout;
    expect(JSON.parse(json)).toHaveLength(3);
    const file = join(sbx.dir, "out.jsonl");
    expect(run(sbx, ["export", "--format", "jsonl", "--out", file]).code).toBe(0);
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(3);
    expect(run(sbx, ["export", "--format", "md"]).stdout).toContain("# Session keep-1111");

    const fresh = sandbox();
    const r = run(fresh, ["import", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("3 new");
    expect(JSON.parse(run(fresh, ["list", "--all", "--json"]).stdout)).toHaveLength(3);
    expect(JSON.parse(run(fresh, ["search", "zebracorn", "--all", "--json"]).stdout)[0].session_id).toBe("gone-2222");
    // Again: nothing new; an older copy never overwrites a newer record.
    expect(run(fresh, ["import", file]).stderr).toContain("0 new, 0 updated, 3 kept");
  });

  test("a truncated or invalid file is rejected with the line and reason, and nothing is written", () => {
    const { sbx } = filled();
    const lines = run(sbx, ["export", "--format", "jsonl"]).stdout.trim().split("\n");
    const fresh = sandbox();
    const bad = (name: string, text: string) => {
      const f = join(fresh.dir, name);
      writeFileSync(f, text);
      return run(fresh, ["import", f]);
    };
    const truncated = bad("t.jsonl", lines.join("\n").slice(0, -40));
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toContain("t.jsonl:3: not valid JSON");
    const invalid = JSON.parse(lines[1]!);
    invalid.turn_count = "many";
    const wrong = bad("w.jsonl", [lines[0], JSON.stringify(invalid), lines[2]].join("\n"));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("line 2: turn_count");
    const traversal = JSON.parse(lines[0]!);
    traversal.session_id = "../../etc/x";
    expect(bad("p.json", JSON.stringify([traversal])).stderr).toContain("record 1: session_id");
    expect(bad("e.json", "").stderr).toContain("empty file");
    expect(run(fresh, ["import", join(fresh.dir, "missing.json")]).stderr).toContain("no such file");
    expect(run(fresh, ["list", "--all", "--json"]).stdout.trim()).toBe("[]");
  });
});

describe("forget and prune", () => {
  test("forget <prefix> removes the record, its index entry, JSON file and context mentions", () => {
    const { sbx } = filled();
    expect(run(sbx, ["forget", "gone"]).code).toBe(2); // not a TTY, no --yes
    const r = run(sbx, ["forget", "gone", "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("deleted 1 session");
    expect(JSON.parse(run(sbx, ["search", "zebracorn", "--all", "--json"]).stdout)).toEqual([]);
    expect(existsSync(join(sbx.data, "sessions", "gone-2222.json"))).toBe(false);
    const ctx = join(sbx.home, ".claude", "context");
    for (const f of readdirSync(ctx)) expect(readFileSync(join(ctx, f), "utf8")).not.toContain("zebracorn");
    for (const p of readdirSync(join(sbx.data, "projects")))
      for (const f of readdirSync(join(sbx.data, "projects", p))) expect(readFileSync(join(sbx.data, "projects", p, f), "utf8")).not.toContain("zebracorn");
    // Not left behind in the database file either.
    expect(readFileSync(join(sbx.data, "sessions.db")).includes("zebracorn")).toBe(false);
  });

  test("forget --project and --before; bad usage is exit 2", () => {
    const { sbx, other } = filled();
    expect(run(sbx, ["forget", "--project", other, "--yes"]).stderr).toContain("deleted 1 session");
    expect(JSON.parse(run(sbx, ["list", "--all", "--json"]).stdout)).toHaveLength(2);
    expect(run(sbx, ["forget", "--before", "2000-01-01", "--yes"]).stderr).toContain("nothing to delete");
    expect(run(sbx, ["forget", "--before", "2999-01-01", "--yes"]).stderr).toContain("deleted 2 sessions");
    expect(run(sbx, ["forget"]).code).toBe(2);
    expect(run(sbx, ["forget", "abc", "--project", "/x"]).code).toBe(2);
    expect(run(sbx, ["forget", "nope", "--yes"]).code).toBe(1);
  });

  test("prune keeps the newest", () => {
    const { sbx } = filled();
    expect(run(sbx, ["prune", "--keep", "1", "--yes"]).stderr).toContain("deleted 2 sessions");
    expect(JSON.parse(run(sbx, ["list", "--all", "--json"]).stdout).map((r: any) => r.session_id)).toEqual(["else-3333"]);
  });
});
