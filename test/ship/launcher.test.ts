// The plugin's launcher (plugin/bin/session-recorder): which binary it runs, the background
// download on first use, and what hooks print meanwhile.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { versionMismatches } from "../../scripts/lib/release.ts";
import { ROOT } from "../support/paths.ts";
import { tempDir } from "../support/tmp.ts";
import { AS_LINUX_X64, startReleaseServer, type ReleaseServer } from "./release-server.ts";

const LAUNCHER = join(ROOT, "plugin", "bin", "session-recorder");
const HOOK_INPUT = JSON.stringify({ session_id: "s1", transcript_path: "/nonexistent.jsonl", cwd: "/tmp", hook_event_name: "SessionStart", source: "startup" });
let server: ReleaseServer;

// Timeouts are explicit: the bunfig.toml [test] timeout is not applied by bun 1.4.5.
beforeAll(async () => {
  server = await startReleaseServer(); // builds the release assets on first use
}, 60_000);
afterAll(() => server?.stop());

/** A plugin folder holding only the launcher (as installed from the marketplace), and its data dir. */
function plugin(base = "good") {
  const dir = tempDir("sr-plug-");
  mkdirSync(join(dir, "plugin", "bin"), { recursive: true });
  const launcher = join(dir, "plugin", "bin", "session-recorder");
  copyFileSync(LAUNCHER, launcher);
  chmodSync(launcher, 0o755);
  const data = join(dir, "data");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: join(dir, "home"),
    CLAUDE_PLUGIN_DATA: data,
    SESSION_RECORDER_BASE_URL: `${server.url}/${base}`,
    ...AS_LINUX_X64,
  };
  const bindir = join(data, "bin");
  return { dir, launcher, data, env, bindir, installed: join(bindir, pkg.version, "session-recorder"), lock: join(bindir, `.fetch-${pkg.version}.lock`) };
}

/** Async: the release server runs in this process and must keep answering meanwhile. */
async function run(p: ReturnType<typeof plugin>, args: string[], env: Record<string, string> = {}) {
  const started = performance.now();
  const proc = Bun.spawn([p.launcher, ...args], { stdin: new TextEncoder().encode(HOOK_INPUT), stdout: "pipe", stderr: "pipe", env: { ...p.env, ...env } });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr, ms: performance.now() - started };
}

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

const message = (stdout: string): string => {
  const lines = stdout.trim().split("\n");
  expect(lines.length).toBe(1);
  const out = JSON.parse(lines[0]!);
  expect(Object.keys(out)).toEqual(["systemMessage"]);
  return out.systemMessage;
};

describe("plugin launcher", () => {
  test("its version, plugin.json's and package.json's are the same", () => {
    expect(versionMismatches()).toEqual([]);
    expect(readFileSync(LAUNCHER, "utf8")).toContain(`VERSION="${pkg.version}"`);
  }, 30_000);

  test("runs a local build in bin/native first, with all arguments", async () => {
    const p = plugin();
    mkdirSync(join(p.dir, "plugin", "bin", "native"));
    writeFileSync(join(p.dir, "plugin", "bin", "native", "session-recorder"), '#!/bin/sh\necho "native $*"\n');
    chmodSync(join(p.dir, "plugin", "bin", "native", "session-recorder"), 0o755);
    const r = await run(p, ["context", "--source", "a b"]);
    expect(r).toMatchObject({ code: 0, stdout: "native context --source a b\n", stderr: "" });
    expect(existsSync(p.bindir)).toBe(false);
  }, 30_000);

  test("first use: session-start says it is downloading and returns at once; the download lands, later calls run it", async () => {
    const p = plugin("slow/good");
    const first = await run(p, ["hook", "session-start"]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe("");
    expect(message(first.stdout)).toBe("session-recorder: downloading its binary (first run); memory starts with the next session");
    // Each asset is served 2 s late: the hook was done long before the download.
    expect(first.ms).toBeLessThan(1000);
    expect(existsSync(p.lock)).toBe(true);
    expect(statSync(p.data).mode & 0o777).toBe(0o700);
    // Meanwhile: other hooks and a second session-start say nothing, and start no second download.
    for (const event of ["stop", "session-start", "session-end"]) expect(await run(p, ["hook", event])).toMatchObject({ code: 0, stdout: "", stderr: "" });
    await until("the downloaded binary", () => existsSync(p.installed) && !existsSync(p.lock));
    expect(server.requests.filter((r) => r.startsWith("/slow/good/") && r.endsWith(".tar.gz")).length).toBe(1);

    expect(await run(p, ["--version"])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const hook = await run(p, ["hook", "session-start"]);
    expect(hook).toMatchObject({ code: 0, stderr: "" });
    if (hook.stdout.trim()) expect(JSON.parse(hook.stdout).hookSpecificOutput.hookEventName).toBe("SessionStart");
  }, 30_000);

  test("a command other than a hook, while the binary is missing, fails with a clear line", async () => {
    const p = plugin();
    mkdirSync(p.lock, { recursive: true }); // a download in progress
    const r = await run(p, ["list"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`the binary is not installed yet (expected at ${p.installed})`);
  }, 30_000);

  test("a failed download (bad checksum): nothing installed, one fix-it message naming the manual install, no retry for an hour", async () => {
    const p = plugin("bad");
    expect(message((await run(p, ["hook", "session-start"])).stdout)).toContain("downloading");
    await until("the download to fail", () => existsSync(join(p.bindir, `.fetch-${pkg.version}.failed`)) && !existsSync(p.lock));
    expect(existsSync(p.installed)).toBe(false);
    const from = server.requests.length;
    const fixit = message((await run(p, ["hook", "session-start"])).stdout);
    expect(fixit).toContain("could not download its binary for linux-x64 (checksum mismatch for session-recorder-linux-x64.tar.gz)");
    expect(fixit).toContain("install.sh | sh -s -- --wire-hooks");
    expect(await run(p, ["hook", "session-start"])).toMatchObject({ code: 0, stdout: "" });
    expect(await run(p, ["hook", "stop"])).toMatchObject({ code: 0, stdout: "" });
    expect(server.requests.length).toBe(from);
  }, 30_000);

  test("an unsupported platform: a fix-it message once, no download", async () => {
    const p = plugin();
    const from = server.requests.length;
    const first = await run(p, ["hook", "session-start"], { SESSION_RECORDER_OS: "FreeBSD" });
    expect(first.code).toBe(0);
    expect(message(first.stdout)).toContain("no prebuilt binary for FreeBSD x86_64. Build it from source and install it by hand");
    expect(await run(p, ["hook", "session-start"], { SESSION_RECORDER_OS: "FreeBSD" })).toMatchObject({ code: 0, stdout: "" });
    await Bun.sleep(200);
    expect(server.requests.length).toBe(from);
  }, 30_000);
});
