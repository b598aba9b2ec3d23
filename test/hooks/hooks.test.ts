// The compiled binary as Claude Code runs it: hook JSON on stdin, exit 0 always,
// stdout empty or valid hook JSON.
import { describe, expect, test } from "bun:test";
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES } from "../support/paths.ts";
import { runBin } from "../support/spawn.ts";
import { sandbox, type Sandbox } from "../support/tmp.ts";
import { injectedContext, readLog } from "../support/hook.ts";
import { jsonl, line } from "../support/transcript.ts";
import { hookOutputProblem } from "../../src/claude.ts";

type Sbx = Sandbox;

function hook(sbx: Sbx, event: string, input: Record<string, unknown>) {
  const r = runBin(["hook", event], { stdin: JSON.stringify({ cwd: sbx.project, ...input }), env: sbx.env, cwd: sbx.project });
  expect(r.code).toBe(0);
  // The output contract: nothing, or (SessionStart) one line of hook JSON within the cap.
  expect(hookOutputProblem(event, r.stdout)).toBeNull();
  return r;
}

/** Lines written without a cwd of their own were written in the sandbox's project, as Claude Code would. */
function transcript(sbx: Sbx, id: string, lines: string[]): string {
  const p = join(sbx.transcripts, `${id}.jsonl`);
  writeFileSync(p, jsonl(lines.map((l) => l.replaceAll('"cwd":"/p"', JSON.stringify({ cwd: sbx.project }).slice(1, -1)))));
  return p;
}

describe("hooks on recorded inputs", () => {
  for (const version of ["v2.1.197", "v2.1.330"]) {
    const dir = join(FIXTURES, "hook-inputs", version);
    for (const [file, event] of [
      ["SessionStart.startup.json", "session-start"],
      ["SessionStart.compact.json", "session-start"],
      ["SessionStart.clear.json", "session-start"],
      ["Stop.json", "stop"],
      ["PreCompact.manual.json", "pre-compact"],
      ["PostCompact.manual.json", "post-compact"],
      ["SessionEnd.other.json", "session-end"],
    ] as const) {
      if (!existsSync(join(dir, file))) continue;
      test(`${version} ${file}: exit 0, valid output`, () => {
        const sbx = sandbox();
        const { stdin } = JSON.parse(readFileSync(join(dir, file), "utf8"));
        // The recorded paths point at a machine we don't have: missing transcripts must be fine.
        hook(sbx, event, { ...stdin, cwd: sbx.project });
      });
    }
  }
});

describe("a session's life", () => {
  test("Stop records incrementally; startup in the same project gets it, another project does not", () => {
    const sbx = sandbox();
    const t = transcript(sbx, "sess-a", [
      line.user("add rate limiting to the upload API", { cwd: sbx.project }),
      line.toolUse("Write", { file_path: join(sbx.project, "src/limit.ts"), content: "x" }, { cwd: sbx.project }),
    ]);
    hook(sbx, "stop", {
      session_id: "sess-a",
      transcript_path: t,
      last_assistant_message: "Added a token bucket in src/limit.ts with 10 requests per second.",
    });
    appendFileSync(t, jsonl([line.user("now also cover the download API", { cwd: sbx.project })]));
    hook(sbx, "stop", { session_id: "sess-a", transcript_path: t, last_assistant_message: "Done." });
    const rec = JSON.parse(readFileSync(join(sbx.data, "sessions", "sess-a.json"), "utf8"));
    expect(rec.turn_count).toBe(2);
    expect(rec.files_modified).toEqual(["src/limit.ts"]);
    expect(rec.git_branch).toBe("main");
    expect(rec.decisions).toEqual(["Added a token bucket in src/limit.ts with 10 requests per second"]);

    const ctx = injectedContext(hook(sbx, "session-start", { session_id: "sess-b", source: "startup" }).stdout);
    expect(ctx).toContain("add rate limiting to the upload API");
    expect(ctx).toContain("src/limit.ts");
    expect(ctx).toContain("<session-recorder-data>");

    const other = join(sbx.dir, "other-project");
    mkdirSync(other);
    const r = runBin(["hook", "session-start"], { stdin: JSON.stringify({ session_id: "sess-c", cwd: other, source: "startup" }), env: sbx.env, cwd: other });
    expect(r.code).toBe(0);
    expect(injectedContext(r.stdout)).toBe("");
  });

  test("compaction: each session gets its own state back, even when compactions overlap", () => {
    const sbx = sandbox();
    const ta = transcript(sbx, "A", [line.user("session A works on the billing export", { cwd: sbx.project })]);
    const tb = transcript(sbx, "B", [line.user("session B works on the login page", { cwd: sbx.project })]);
    hook(sbx, "pre-compact", { session_id: "A", transcript_path: ta, trigger: "manual" });
    hook(sbx, "pre-compact", { session_id: "B", transcript_path: tb, trigger: "auto" });
    const ca = injectedContext(hook(sbx, "session-start", { session_id: "A", transcript_path: ta, source: "compact" }).stdout);
    const cb = injectedContext(hook(sbx, "session-start", { session_id: "B", transcript_path: tb, source: "compact" }).stdout);
    expect(ca).toContain("billing export");
    expect(ca).not.toContain("login page");
    expect(cb).toContain("login page");
    expect(cb).not.toContain("billing export");
    hook(sbx, "post-compact", {
      session_id: "A",
      transcript_path: ta,
      trigger: "manual",
      compact_summary: "<summary>1. Primary Request: billing CSV export</summary>",
    });
    const rec = JSON.parse(readFileSync(join(sbx.data, "sessions", "A.json"), "utf8"));
    expect(rec.compact_summary).toBe("1. Primary Request: billing CSV export");
  });

  test("a transcript rewritten shorter is re-read from the start", () => {
    const sbx = sandbox();
    const t = transcript(sbx, "S", [
      line.user("first request about caching"),
      line.user("second request about caching"),
      line.user("third request about caching"),
    ]);
    hook(sbx, "stop", { session_id: "S", transcript_path: t });
    writeFileSync(t, jsonl([line.user("only request about queues")]));
    hook(sbx, "stop", { session_id: "S", transcript_path: t });
    const rec = JSON.parse(readFileSync(join(sbx.data, "sessions", "S.json"), "utf8"));
    expect(rec.requests).toEqual(["only request about queues"]);
    expect(rec.turn_count).toBe(1);
  });

  test("first start after installation: the backfill offer is shown to the user once", () => {
    const sbx = sandbox();
    transcript(sbx, "old-1", [line.user("work done before the plugin was installed")]);
    transcript(sbx, "old-2", [line.user("more work from last month")]);
    const first = JSON.parse(hook(sbx, "session-start", { session_id: "n1", source: "startup" }).stdout);
    expect(first.systemMessage).toBe("session-recorder: 2 past sessions can be indexed: run `session-recorder backfill`");
    expect(first.hookSpecificOutput).toBeUndefined();
    expect(hook(sbx, "session-start", { session_id: "n2", source: "startup" }).stdout).toBe("");
  });

  test("resume gets a short note, not a copy of the session", () => {
    const sbx = sandbox();
    const t = transcript(sbx, "R", [line.user("migrate the users table to the new schema")]);
    hook(sbx, "stop", { session_id: "R", transcript_path: t });
    const ctx = injectedContext(hook(sbx, "session-start", { session_id: "R", transcript_path: t, source: "resume" }).stdout);
    expect(ctx).toContain("resumed session");
    expect(ctx.length).toBeLessThan(400);
  });

  test("context files are written, private, globally and per project", () => {
    const sbx = sandbox();
    const t = transcript(sbx, "F", [line.user("write the context files please")]);
    hook(sbx, "stop", { session_id: "F", transcript_path: t });
    hook(sbx, "session-start", { session_id: "G", source: "startup" });
    const ctxDir = join(sbx.home, ".claude", "context");
    for (const f of ["last-session.md", "session-history.md", "session-status.md"]) {
      expect(statSync(join(ctxDir, f)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(ctxDir, "last-session.md"), "utf8")).toContain("write the context files please");
    expect(statSync(sbx.data).mode & 0o777).toBe(0o700);
    expect(statSync(join(sbx.data, "sessions.db")).mode & 0o777).toBe(0o600);
    const projects = readdirSync(join(sbx.data, "projects"));
    expect(projects.length).toBe(1);
    expect(readdirSync(join(sbx.data, "projects", projects[0]!)).sort()).toEqual(["last-session.md", "session-history.md", "session-status.md"]);
  });

  test("a big session's context stays within the configured budget", () => {
    const sbx = sandbox();
    const lines = [];
    for (let i = 0; i < 60; i++) {
      lines.push(line.user(`request number ${i} ` + "lorem ipsum ".repeat(60), { cwd: sbx.project }));
      lines.push(line.toolUse("Write", { file_path: join(sbx.project, `src/module${i}/file${i}.ts`), content: "" }, { cwd: sbx.project }));
      lines.push(line.assistantText(`Changed the handler in src/module${i}/file${i}.ts to validate input ` + "and more ".repeat(30)));
    }
    const t = transcript(sbx, "BIG", lines);
    mkdirSync(sbx.data, { recursive: true });
    writeFileSync(join(sbx.data, "config.json"), JSON.stringify({ max_decisions: 50, max_files_shown: 200, context_max_chars: 3000 }));
    hook(sbx, "pre-compact", { session_id: "BIG", transcript_path: t });
    const ctx = injectedContext(hook(sbx, "session-start", { session_id: "BIG", transcript_path: t, source: "compact" }).stdout);
    expect(ctx.length).toBeLessThanOrEqual(3000);
    expect(ctx).toContain("</session-recorder-data>");
  });
});

describe("fail open", () => {
  const bad: [string, string][] = [
    ["empty stdin", ""],
    ["not JSON", "hello {"],
    ["JSON array", "[1,2]"],
    ["no session_id", JSON.stringify({ cwd: "/tmp" })],
    ["path traversal in session_id", JSON.stringify({ session_id: "../../escape", transcript_path: "/etc/passwd" })],
    ["slash in session_id", JSON.stringify({ session_id: "a/b" })],
    ["binary garbage", "\u0000\u00ff\ufffe{{{"],
  ];
  for (const [name, stdin] of bad) {
    test(`${name}: exit 0, no stdout, a log line`, () => {
      const sbx = sandbox();
      const r = runBin(["hook", "stop"], { stdin, env: sbx.env });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("");
      expect(readLog(sbx.data)).toContain("hook stop failed");
      expect(existsSync(join(sbx.dir, "escape"))).toBe(false);
    });
  }

  test("the project's .env and bunfig.toml are not read: no preload runs in the hook, the data dir stays", () => {
    const sbx = sandbox();
    // As hooks installed in settings.json run: no CLAUDE_PLUGIN_DATA, so the data dir comes from HOME.
    const { CLAUDE_PLUGIN_DATA: _, ...env } = sbx.env;
    const moved = join(sbx.dir, "moved-by-dotenv");
    writeFileSync(join(sbx.project, ".env"), `CLAUDE_PLUGIN_DATA=${moved}\n`);
    writeFileSync(join(sbx.project, "bunfig.toml"), 'preload = ["./preload.ts"]\n');
    writeFileSync(join(sbx.project, "preload.ts"), 'console.log("the project\'s preload ran");\n');
    const t = transcript(sbx, "E", [line.user("a request in a project with its own bun settings")]);
    for (const [event, source] of [
      ["stop", undefined],
      ["session-start", "startup"],
    ] as const) {
      const r = runBin(["hook", event], { stdin: JSON.stringify({ session_id: "E", transcript_path: t, cwd: sbx.project, source }), env, cwd: sbx.project });
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain("preload ran");
      expect(hookOutputProblem(event, r.stdout)).toBeNull();
    }
    expect(existsSync(moved)).toBe(false);
    expect(existsSync(join(sbx.home, ".claude", "session-recorder", "sessions.db"))).toBe(true);
  });

  test("unknown event: exit 0, logged", () => {
    const sbx = sandbox();
    const r = runBin(["hook", "bogus"], { stdin: "{}", env: sbx.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readLog(sbx.data)).toContain("unknown hook event");
  });

  test("transcript path is a directory: exit 0, logged", () => {
    const sbx = sandbox();
    const r = runBin(["hook", "stop"], { stdin: JSON.stringify({ session_id: "D", transcript_path: sbx.dir, cwd: sbx.project }), env: sbx.env });
    expect(r.code).toBe(0);
    expect(readLog(sbx.data)).toContain("cannot read transcript");
  });

  test("unwritable data dir: exit 0, nothing on stdout", () => {
    const sbx = sandbox();
    mkdirSync(sbx.data, { recursive: true });
    writeFileSync(join(sbx.data, "sessions.db"), "this is not a database".repeat(100));
    chmodSync(sbx.data, 0o500);
    const t = transcript(sbx, "U", [line.user("a request that cannot be stored")]);
    for (const ev of ["stop", "session-start", "pre-compact"]) {
      const r = runBin(["hook", ev], { stdin: JSON.stringify({ session_id: "U", transcript_path: t, cwd: sbx.project, source: "startup" }), env: sbx.env });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("");
    }
    chmodSync(sbx.data, 0o700);
  });

  test("symlinks planted in the data dir are never written through", () => {
    const sbx = sandbox();
    const outside = join(sbx.dir, "outside");
    mkdirSync(outside);
    writeFileSync(join(outside, "victim.txt"), "precious\n");
    mkdirSync(join(sbx.data, "logs"), { recursive: true });
    symlinkSync(outside, join(sbx.data, "sessions"));
    symlinkSync(join(outside, "victim.txt"), join(sbx.data, "logs", "session-recorder.log"));
    const t = transcript(sbx, "L", [line.user("a request worth recording")]);
    const r = runBin(["hook", "stop"], { stdin: JSON.stringify({ session_id: "L", transcript_path: t, cwd: sbx.project }), env: sbx.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readdirSync(outside)).toEqual(["victim.txt"]);
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("precious\n");
  });

  test("config: extra redaction patterns apply; a built-in one can be switched off; a bad regex is refused", () => {
    const sbx = sandbox();
    mkdirSync(sbx.data, { recursive: true });
    const jwt = ["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", "c2lnbmF0dXJlLXNpZ25hdHVyZQ"].join(".");
    writeFileSync(join(sbx.data, "config.json"), JSON.stringify({ redact_patterns: [{ kind: "employee-id", regex: "EMP-\\d{6}" }], redact_disable: ["jwt"] }));
    const t = transcript(sbx, "X", [line.user(`look up EMP-123456 with ${jwt}`)]);
    hook(sbx, "stop", { session_id: "X", transcript_path: t });
    const rec = readFileSync(join(sbx.data, "sessions", "X.json"), "utf8");
    expect(rec).toContain("[REDACTED:employee-id]");
    expect(rec).toContain(jwt);
    writeFileSync(join(sbx.data, "config.json"), JSON.stringify({ redact_patterns: [{ kind: "bad", regex: "(" }] }));
    const check = runBin(["config", "--check"], { env: sbx.env });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("invalid regex");
  });

  test("invalid config: the hook still works with defaults, and the problem is logged", () => {
    const sbx = sandbox();
    mkdirSync(sbx.data, { recursive: true });
    writeFileSync(join(sbx.data, "config.json"), JSON.stringify({ max_sessions: "lots", max_decisions: 2 }));
    const t = transcript(sbx, "C", [line.user("configure the thing properly")]);
    hook(sbx, "stop", { session_id: "C", transcript_path: t });
    expect(existsSync(join(sbx.data, "sessions", "C.json"))).toBe(true);
    expect(readLog(sbx.data)).toContain('\\"max_sessions\\" = \\"lots\\" is invalid');
  });
});

test("max_decisions caps the stored record's decisions (newest kept)", () => {
  const sbx = sandbox();
  mkdirSync(sbx.data, { recursive: true });
  writeFileSync(join(sbx.data, "config.json"), JSON.stringify({ max_decisions: 2 }));
  const t = transcript(sbx, "M", [
    line.user("tune the service timeouts"),
    line.assistantText("Changed the read timeout in api.ts from 5s to 10s."),
    line.assistantText("Changed the write timeout in api.ts from 5s to 20s."),
    line.assistantText("Changed the idle timeout in api.ts from 60s to 90s."),
  ]);
  hook(sbx, "stop", { session_id: "M", transcript_path: t });
  const rec = JSON.parse(readFileSync(join(sbx.data, "sessions", "M.json"), "utf8"));
  expect(rec.decisions).toEqual(["Changed the write timeout in api.ts from 5s to 20s", "Changed the idle timeout in api.ts from 60s to 90s"]);
});
