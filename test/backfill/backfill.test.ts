// `backfill` through the compiled binary (its worker threads start the reader module the
// binary embeds as a second entry point: only the binary tests that), on generated
// ~/.claude/projects trees.
import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { appendFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN } from "../support/paths.ts";
import { runBin } from "../support/spawn.ts";
import { sandbox, tempDir } from "../support/tmp.ts";
import { jsonl, line, writeTranscript } from "../support/transcript.ts";
import { projectSlug } from "../../src/claude.ts";

type Sbx = ReturnType<typeof sandbox>;

interface Summary {
  found: boolean;
  sessions: number;
  unchanged: number;
  failed: number;
  foreign: number;
  filesRead: number;
  bytesRead: number;
  workers: number;
  interrupted: boolean;
}

function backfill(sbx: Sbx, args: string[] = [], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const r = runBin(["backfill", "--json", ...args], { env: opts.env ?? sbx.env, cwd: opts.cwd ?? sbx.dir });
  expect(r.code).toBe(0);
  return { ...r, summary: JSON.parse(r.stdout) as Summary };
}

function slugDir(sbx: Sbx, project: string): string {
  const dir = join(sbx.home, ".claude", "projects", projectSlug(project));
  mkdirSync(dir, { recursive: true });
  return dir;
}

function record(data: string, id: string) {
  return JSON.parse(readFileSync(join(data, "sessions", `${id}.json`), "utf8"));
}

function db(data: string) {
  return new Database(join(data, "sessions.db"), { readonly: true });
}

/** Session `main-1` in the sandbox's git project (started in a subdirectory) with one subagent; `other-1` in a folder that no longer exists. */
function twoSessions(sbx: Sbx) {
  const p = sbx.project;
  const sub = join(p, "packages", "api");
  mkdirSync(sub, { recursive: true });
  const dir = slugDir(sbx, sub);
  const main = join(dir, "main-1.jsonl");
  writeFileSync(
    main,
    jsonl([
      line.user("add rate limiting to the upload API", { cwd: sub }),
      line.toolUse("Write", { file_path: join(p, "src/limit.ts"), content: "x" }, { cwd: sub }),
      line.toolUse("Task", { prompt: "write the tests" }, { cwd: sub }),
      line.assistantText("Added a token bucket in src/limit.ts with 10 requests per second.", { cwd: sub }),
      line.user("now also cover the download API", { cwd: sub }),
      line.toolUse("Edit", { file_path: join(p, "src/download.ts"), old_string: "a", new_string: "b" }, { cwd: sub }),
      // The Bash tool cd'd away: the session still belongs to the project it started in.
      line.assistantText("Done: the download API is limited too.", { cwd: join(sbx.dir, "elsewhere") }),
    ]),
  );
  const subDir = join(dir, "main-1", "subagents");
  mkdirSync(subDir, { recursive: true });
  writeFileSync(
    join(subDir, "agent-a1.jsonl"),
    jsonl([
      line.user("write the tests", { cwd: sub, isSidechain: true }),
      line.toolUse("Write", { file_path: join(p, "test/limit.test.ts"), content: "t" }, { cwd: sub, isSidechain: true }),
      line.assistantText("Tests written.", { cwd: sub, isSidechain: true }),
    ]),
  );
  const gone = join(sbx.dir, "deleted-project");
  const other = join(slugDir(sbx, gone), "other-1.jsonl");
  writeFileSync(other, jsonl([line.user("write the release notes", { cwd: gone }), line.assistantText("Wrote NOTES.md.", { cwd: gone })]));
  return { main, other, sub, gone };
}

describe("backfill", () => {
  test("main and subagent transcripts become the records the hooks would make", () => {
    const sbx = sandbox();
    const t = twoSessions(sbx);
    // Worker threads even for this little (by default it would be read on the main thread).
    const r = backfill(sbx, ["--workers", "2"]);
    expect(r.summary).toMatchObject({ found: true, sessions: 2, unchanged: 0, failed: 0, filesRead: 3, workers: 2 });
    expect(r.stderr).toMatch(/^backfilled 2 sessions \([\d.]+ MB\) in [\d.]+ s; 0 unchanged\n$/);
    // Read by the threads, not by the main thread after they failed to start.
    const log = join(sbx.data, "logs", "session-recorder.log");
    expect(existsSync(log) ? readFileSync(log, "utf8") : "").not.toContain("reader thread failed");

    const a = record(sbx.data, "main-1");
    expect(a.project).toBe(sbx.project); // the git root of the first line's cwd
    expect(a.cwd).toBe(join(sbx.dir, "elsewhere")); // the last one, as the hooks record it
    expect(a.turn_count).toBe(2);
    expect(a.files_modified).toEqual(["src/limit.ts", "src/download.ts", "test/limit.test.ts"]);
    expect(a.git_branch).toBe("main");
    expect(a.transcript_path).toBe(t.main);
    const times = (p: string) =>
      readFileSync(p, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).timestamp as string);
    // Backfilled: the times of the transcripts (the subagent's last line is the session's last), not of the run.
    expect(a.started_at).toBe(times(t.main)[0]!);
    expect(a.updated_at).toBe(times(join(t.main, "..", "main-1", "subagents", "agent-a1.jsonl")).at(-1)!);
    expect(a.updated_at > times(t.main).at(-1)!).toBe(true);
    const b = record(sbx.data, "other-1");
    expect(b.project).toBe(t.gone); // no longer on disk: the cwd itself
    expect(b.turn_count).toBe(1);

    // The hooks, on the same files (another data dir), record the same session.
    const hookData = join(sbx.dir, "hook-data");
    const env = { ...sbx.env, CLAUDE_PLUGIN_DATA: hookData };
    const h = runBin(["hook", "stop"], {
      stdin: JSON.stringify({ session_id: "main-1", transcript_path: t.main, cwd: t.sub, last_assistant_message: "Done: the download API is limited too." }),
      env,
      cwd: t.sub,
    });
    expect(h.code).toBe(0);
    const fromHook = record(hookData, "main-1");
    for (const k of [
      "project",
      "repo",
      "cwd",
      "git_branch",
      "turn_count",
      "working_on",
      "requests",
      "decisions",
      "files_modified",
      "last_assistant_response",
      "started_at",
      "todos",
    ])
      expect([k, a[k]]).toEqual([k, fromHook[k]]);
  });

  test("files written by Bash (quotes, heredocs, cd, ~): backfill and the hooks record the same", () => {
    const sbx = sandbox();
    const p = sbx.project;
    const main = join(slugDir(sbx, p), "bash-1.jsonl");
    const bash = (command: string, cwd = p) => line.toolUse("Bash", { command }, { cwd });
    writeFileSync(
      main,
      jsonl([
        line.user("set up the tooling", { cwd: p }),
        bash(`git commit -m "$(cat <<'EOF'\nfix: a > b\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nEOF\n)"`),
        bash(`python3 -c "import sys; print(len(sys.argv) > 1)" > out/check.txt`),
        bash(`cat > ~/.config/tool.json <<'EOF'\n{"limit": "x > 1e-6"}\nEOF`),
        bash(`cd web && npm test 2>&1 | tee ../logs/test.log`),
        bash(`cp ~/Library/Mission\\ Control/bg.png assets/`, join(p, "web")),
        line.assistantText("Done.", { cwd: p }),
      ]),
    );
    const r = backfill(sbx, ["--workers", "2"]);
    expect(r.summary).toMatchObject({ sessions: 1, failed: 0 });
    const a = record(sbx.data, "bash-1");
    expect(a.files_modified).toEqual(["out/check.txt", "~/.config/tool.json", "logs/test.log", "web/assets"]);
    const hookData = join(sbx.dir, "hook-data");
    const h = runBin(["hook", "stop"], {
      stdin: JSON.stringify({ session_id: "bash-1", transcript_path: main, cwd: p, last_assistant_message: "Done." }),
      env: { ...sbx.env, CLAUDE_PLUGIN_DATA: hookData },
      cwd: p,
    });
    expect(h.code).toBe(0);
    expect(record(hookData, "bash-1").files_modified).toEqual(a.files_modified);
  });

  test("a second run reads nothing and changes nothing", () => {
    const sbx = sandbox();
    twoSessions(sbx);
    backfill(sbx);
    const before = db(sbx.data).query("SELECT session_id, record FROM sessions ORDER BY session_id").all();
    const again = backfill(sbx);
    expect(again.summary).toMatchObject({ sessions: 0, unchanged: 2, filesRead: 0, bytesRead: 0, workers: 0 });
    expect(again.stderr).toContain("backfilled 0 sessions (0.0 MB)");
    expect(db(sbx.data).query("SELECT session_id, record FROM sessions ORDER BY session_id").all()).toEqual(before);
  });

  test("a transcript that grew: only the appended bytes are read", () => {
    const sbx = sandbox();
    const t = twoSessions(sbx);
    backfill(sbx);
    const tail = jsonl([line.user("and document the limits", { cwd: t.sub }), line.assistantText("Documented in README.md.", { cwd: t.sub })]);
    appendFileSync(t.main, tail);
    const r = backfill(sbx);
    expect(r.summary).toMatchObject({ sessions: 1, unchanged: 1, filesRead: 1, bytesRead: Buffer.byteLength(tail) });
    const a = record(sbx.data, "main-1");
    expect(a.turn_count).toBe(3);
    expect(a.last_user_request).toBe("and document the limits");
    expect(a.files_modified).toContain("test/limit.test.ts"); // kept from the first run's subagent
    expect(a.project).toBe(sbx.project);
  });

  test("a later Stop hook of a backfilled session continues from its cursor", () => {
    const sbx = sandbox();
    const t = twoSessions(sbx);
    backfill(sbx);
    const version = (db(sbx.data).query("SELECT version FROM cursors WHERE session_id = 'main-1'").get() as { version: number }).version;
    appendFileSync(t.main, jsonl([line.user("one more thing: log the rejections", { cwd: t.sub })]));
    const h = runBin(["hook", "stop"], {
      stdin: JSON.stringify({ session_id: "main-1", transcript_path: t.main, cwd: t.sub, last_assistant_message: "Logged." }),
      env: sbx.env,
      cwd: t.sub,
    });
    expect(h.code).toBe(0);
    const a = record(sbx.data, "main-1");
    expect(a.turn_count).toBe(3); // 2 backfilled + 1: nothing counted twice
    expect(a.files_modified).toEqual(["src/limit.ts", "src/download.ts", "test/limit.test.ts"]);
    expect((db(sbx.data).query("SELECT version FROM cursors WHERE session_id = 'main-1'").get() as { version: number }).version).toBe(version + 1);
    // And backfill after the hook: nothing left to read.
    expect(backfill(sbx).summary).toMatchObject({ sessions: 0, unchanged: 2, bytesRead: 0 });
  });

  test("sessions the hooks recorded are left alone, also under another spelling of the path", () => {
    const sbx = sandbox();
    const t = twoSessions(sbx);
    const stop = (id: string, path: string) =>
      expect(runBin(["hook", "stop"], { stdin: JSON.stringify({ session_id: id, transcript_path: path, cwd: t.sub }), env: sbx.env, cwd: t.sub }).code).toBe(0);
    stop("main-1", t.main);
    // Claude Code saw other-1's folder through a symlink: the hooks' cursor is keyed by that path.
    const link = join(sbx.dir, "linked-projects");
    symlinkSync(join(t.other, ".."), link);
    stop("other-1", join(link, "other-1.jsonl"));
    const r = backfill(sbx);
    expect(r.summary).toMatchObject({ sessions: 0, unchanged: 1, foreign: 1, bytesRead: 0 });
    expect(r.stderr).toContain("1 already recorded by the hooks under another path");
    expect(record(sbx.data, "other-1").turn_count).toBe(1);
  });

  test("unreadable and corrupt transcripts are skipped and counted; the rest is indexed", () => {
    const sbx = sandbox();
    twoSessions(sbx);
    const dir = slugDir(sbx, sbx.project);
    writeFileSync(join(dir, "garbage-1.jsonl"), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 251).map((b) => (b === 123 ? 0 : b))));
    expect(Bun.spawnSync(["mkfifo", join(dir, "fifo-1.jsonl")]).exitCode).toBe(0);
    const r = backfill(sbx);
    expect(r.summary).toMatchObject({ sessions: 2, failed: 2 });
    expect(r.stderr).toContain("garbage-1.jsonl: not a JSONL transcript");
    expect(r.stderr).toContain("fifo-1.jsonl: not a regular file");
    expect(r.stderr).toContain("warning: 2 transcripts could not be indexed");
    expect(existsSync(join(sbx.data, "sessions", "garbage-1.json"))).toBe(false);
    // Reported again next time (nothing was saved for them), the good ones are not re-read.
    expect(backfill(sbx).summary).toMatchObject({ sessions: 0, unchanged: 2, failed: 2 });
  });

  test("--since and --project pick transcripts by mtime and by project folder", () => {
    const sbx = sandbox();
    const t = twoSessions(sbx);
    const old = new Date(Date.now() - 30 * 86_400_000);
    utimesSync(t.other, old, old);
    const since = backfill(sbx, ["--since", "7d"]);
    expect(since.summary).toMatchObject({ sessions: 1 });
    expect(existsSync(join(sbx.data, "sessions", "other-1.json"))).toBe(false);

    const sbx2 = sandbox();
    const t2 = twoSessions(sbx2);
    // A relative path is taken from the current directory.
    const only = backfill(sbx2, ["--project", "deleted-project"], { cwd: sbx2.dir });
    expect(only.summary).toMatchObject({ sessions: 1 });
    expect(record(sbx2.data, "other-1").project).toBe(t2.gone);
    expect(existsSync(join(sbx2.data, "sessions", "main-1.json"))).toBe(false);

    for (const args of [
      ["--since", "lately"],
      ["--workers", "lots"],
    ]) {
      const bad = runBin(["backfill", ...args], { env: sbx.env });
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  test("no projects folder: one clear line, exit 0", () => {
    const sbx = sandbox();
    const home = join(sbx.dir, "empty-home");
    mkdirSync(home);
    const r = runBin(["backfill"], { env: { ...sbx.env, HOME: home } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`no transcripts found at ${join(home, ".claude", "projects")}\n`);
    expect(r.stdout).toBe("");
  });

  test("interrupted (Ctrl-C, then kill -9): the store stays consistent and the next run finishes the job", async () => {
    const sbx = sandbox();
    const dir = slugDir(sbx, sbx.project);
    // Enough that each run commits many batches (64 sessions each) before it is done: the first
    // one must be seen, and the signal sent, well before the end.
    const n = 600;
    for (let i = 0; i < n; i++) writeTranscript(join(dir, `big-${i}.jsonl`), 300_000, { sessionId: `big-${i}`, cwd: sbx.project });
    const dbPath = join(sbx.data, "sessions.db");
    const saved = () => {
      if (!existsSync(dbPath)) return 0;
      try {
        const d = new Database(dbPath, { readonly: true });
        const c = (d.query("SELECT count(*) AS n FROM cursors").get() as { n: number }).n;
        d.close();
        return c;
      } catch {
        return 0; // being created
      }
    };
    const consistent = () => {
      const d = db(sbx.data);
      const c = d
        .query(
          "SELECT (SELECT count(*) FROM sessions) AS s, (SELECT count(*) FROM cursors) AS c, (SELECT count(*) FROM sessions WHERE session_id NOT IN (SELECT session_id FROM cursors)) AS orphans",
        )
        .get() as { s: number; c: number; orphans: number };
      d.close();
      expect(c.s).toBe(c.c);
      expect(c.orphans).toBe(0);
      return c.s;
    };
    /** Start a run and interrupt it with `signal` as soon as it has committed a batch. */
    const interrupt = async (signal: "SIGINT" | "SIGKILL") => {
      const before = saved();
      const proc = Bun.spawn([BIN, "backfill", "--workers", "1"], { env: sbx.env, stdout: "ignore", stderr: "pipe" });
      while (proc.exitCode === null && saved() === before) await Bun.sleep(2);
      expect(proc.exitCode).toBeNull(); // still running: the signal interrupts it
      proc.kill(signal);
      const code = await proc.exited;
      return { code, stderr: await new Response(proc.stderr).text() };
    };

    const int = await interrupt("SIGINT");
    expect(int.code).toBe(130);
    expect(int.stderr).toContain("interrupted: what was read is saved; run `session-recorder backfill` again to continue");
    const afterInt = consistent();
    expect(afterInt).toBeGreaterThan(0);
    expect(afterInt).toBeLessThan(n); // it really was interrupted

    await interrupt("SIGKILL");
    const afterKill = consistent();
    expect(afterKill).toBeLessThan(n);

    const rest = backfill(sbx);
    expect(rest.summary.sessions).toBe(n - afterKill);
    expect(rest.summary.unchanged).toBe(afterKill);
    const turns = (data: string) => db(data).query("SELECT session_id, turn_count, record FROM sessions ORDER BY session_id").all();
    const clean = join(sbx.dir, "clean-data");
    backfill(sbx, [], { env: { ...sbx.env, CLAUDE_PLUGIN_DATA: clean } });
    expect(turns(sbx.data)).toEqual(turns(clean));
  }, 60_000);

  test.skipIf(process.platform !== "linux")("runs with the allocator keeping freed pages: the command restarts itself once, same pid", async () => {
    const sbx = sandbox();
    const dir = slugDir(sbx, sbx.project);
    for (let i = 0; i < 40; i++) writeTranscript(join(dir, `m-${i}.jsonl`), 500_000, { sessionId: `m-${i}`, cwd: sbx.project });
    const env: Record<string, string> = { ...sbx.env };
    delete env.MIMALLOC_PURGE_DELAY;
    const proc = Bun.spawn([BIN, "backfill", "--json"], { env, stdout: "pipe", stderr: "pipe" });
    let environ: string[] = [];
    while (proc.exitCode === null && !environ.includes("MIMALLOC_PURGE_DELAY=-1")) {
      try {
        environ = readFileSync(`/proc/${proc.pid}/environ`, "latin1").split("\0");
      } catch {}
      await Bun.sleep(1);
    }
    expect(await proc.exited).toBe(0);
    expect(environ).toContain("MIMALLOC_PURGE_DELAY=-1");
    expect(environ).toContain(`CLAUDE_PLUGIN_DATA=${sbx.data}`);
    expect((JSON.parse(await new Response(proc.stdout).text()) as Summary).sessions).toBe(40);
  });
});

describe("backfill on a terminal", () => {
  const tmux = Bun.which("tmux");
  if (!tmux) console.warn("skipping the terminal test: tmux is not installed (apt-get install tmux)");
  test.skipIf(!tmux)("a progress line while it runs, then only the summary; NO_COLOR drops the colour", async () => {
    const sbx = sandbox();
    const dir = slugDir(sbx, sbx.project);
    for (let i = 0; i < 30; i++) writeTranscript(join(dir, `t-${i}.jsonl`), 1_000_000, { sessionId: `t-${i}`, cwd: sbx.project });
    const env: Record<string, string> = { ...sbx.env };
    delete env.NO_COLOR;
    const sock = `sr-test-${process.pid}`;
    const raw = join(tempDir(), "pane.raw");
    const tm = (...args: string[]) => Bun.spawnSync([tmux!, "-L", sock, "-f", "/dev/null", ...args], { env });
    const screenOf = async (marker: string) => {
      let screen = "";
      for (let i = 0; i < 300 && !screen.includes(`\n${marker}`); i++) {
        await Bun.sleep(50);
        screen = tm("capture-pane", "-p", "-t", "bf").stdout.toString();
      }
      return screen;
    };
    try {
      // A 100-column pane, so that the whole progress line fits; the raw stream goes to a file.
      expect(tm("new-session", "-d", "-x", "100", "-y", "20", "-s", "bf", "sh").exitCode).toBe(0);
      tm("pipe-pane", "-t", "bf", "-o", `cat >> '${raw}'`);
      tm("send-keys", "-t", "bf", `clear; '${BIN}' backfill --workers 1; echo __DONE1__`, "Enter");
      const screen = await screenOf("__DONE1__");
      const colour = readFileSync(raw, "utf8");
      // It was drawn, in place, in colour...
      expect(colour).toMatch(/\r\x1b\[36m[█░]{20}\x1b\[0m +\d+\/30 files +[\d.]+\/[\d.]+ MB +\d+ MB\/s +ETA/);
      // ...and erased: the screen holds the command, the summary, and nothing of the bar.
      const rows = screen.split("\n").filter((l) => l.trim());
      const at = rows.findIndex((l) => l.includes("backfilled 30 sessions"));
      expect(at).toBeGreaterThan(-1);
      expect(rows[at]).toMatch(/^backfilled 30 sessions \([\d.]+ MB\) in [\d.]+ s; 0 unchanged\s*$/);
      expect(rows[at + 1]).toBe("__DONE1__");
      expect(screen).not.toMatch(/[█░]|MB\/s|ETA|\x1b/);

      const fresh = join(sbx.dir, "data-no-color");
      tm("send-keys", "-t", "bf", `clear; NO_COLOR=1 CLAUDE_PLUGIN_DATA='${fresh}' '${BIN}' backfill --workers 1; echo __DONE2__`, "Enter");
      const plain = await screenOf("__DONE2__");
      const stream = readFileSync(raw, "utf8").slice(colour.length);
      expect(stream).toMatch(/\r[█░]{20} +\d+\/30 files/);
      expect(stream).not.toContain("\x1b[36m");
      expect(plain).toMatch(/(?:^|\n)backfilled 30 sessions \([\d.]+ MB\) in [\d.]+ s; 0 unchanged\s*\n__DONE2__/);
    } finally {
      tm("kill-server");
    }
  });
});
