// install.sh run the way users run it (`curl ... | sh -s -- <options>`: the script on stdin)
// against a release served on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { ROOT } from "../support/paths.ts";
import { tempDir } from "../support/tmp.ts";
import { AS_LINUX_X64, ASSET, startReleaseServer, type ReleaseServer } from "./release-server.ts";

const SCRIPT = readFileSync(join(ROOT, "install.sh"));
let server: ReleaseServer;

// Timeouts are explicit: the bunfig.toml [test] timeout is not applied by bun 1.4.5.
beforeAll(async () => {
  server = await startReleaseServer(); // builds the release assets on first use
}, 60_000);
afterAll(() => server?.stop());

/** Async: the release server runs in this process and must keep answering meanwhile. */
async function installSh(args: string[], env: Record<string, string> = {}, home = tempDir("sr-inst-")) {
  const proc = Bun.spawn(["sh", "-s", "--", ...args], {
    stdin: SCRIPT,
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, SESSION_RECORDER_BASE_URL: `${server.url}/good`, ...AS_LINUX_X64, ...env },
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr, home, target: join(home, ".local", "bin", "session-recorder") };
}

describe("install.sh", () => {
  test("installs the binary to ~/.local/bin, which then runs; says the dir is not on PATH", async () => {
    const r = await installSh([]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`installed session-recorder ${pkg.version} at ${r.target}`);
    expect(r.stdout).toContain(`${join(r.home, ".local", "bin")} is not on your PATH`);
    expect(Bun.spawnSync([r.target, "--version"]).stdout.toString().trim()).toBe(pkg.version);
    expect(statSync(r.target).mode & 0o777).toBe(0o755);
  }, 30_000);

  test("a second run with the same version is a no-op and says so, without downloading the archive", async () => {
    const first = await installSh([]);
    expect(first.code).toBe(0);
    const before = statSync(first.target);
    const from = server.requests.length;
    const again = await installSh([], {}, first.home);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${pkg.version} is already installed at ${first.target}: nothing to do`);
    expect(server.requests.slice(from)).toEqual(["/good/SHA256SUMS"]);
    const after = statSync(first.target);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  }, 30_000);

  test("--prefix DIR installs DIR/bin/session-recorder; no PATH note when DIR/bin is on PATH", async () => {
    const prefix = tempDir("sr-prefix-");
    const r = await installSh(["--prefix", prefix], { PATH: `${join(prefix, "bin")}:${process.env.PATH}` });
    expect(r.code).toBe(0);
    expect(existsSync(join(prefix, "bin", "session-recorder"))).toBe(true);
    expect(existsSync(r.target)).toBe(false);
    expect(r.stdout).not.toContain("not on your PATH");
  }, 30_000);

  test("a checksum mismatch is refused and nothing is installed", async () => {
    const r = await installSh([], { SESSION_RECORDER_BASE_URL: `${server.url}/bad` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`checksum mismatch for ${ASSET}.tar.gz`);
    expect(r.stderr).toContain("nothing installed");
    expect(existsSync(join(r.home, ".local", "bin"))).toBe(false);
  }, 30_000);

  test.each([
    [{ SESSION_RECORDER_OS: "FreeBSD" }, "unsupported OS: FreeBSD"],
    [{ SESSION_RECORDER_ARCH: "i686" }, "unsupported CPU architecture: i686"],
  ])(
    "an unsupported platform gets a clear error before any download (%o)",
    async (env, message) => {
      const from = server.requests.length;
      const r = await installSh([], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(message);
      expect(server.requests.length).toBe(from);
      expect(existsSync(r.target)).toBe(false);
    },
    30_000,
  );

  test("a missing release is a clear error", async () => {
    const r = await installSh(["--version", "9.9.9"], { SESSION_RECORDER_BASE_URL: `${server.url}/v9.9.9` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`download failed: ${server.url}/v9.9.9/SHA256SUMS`);
  }, 30_000);

  test("--version X installs X, and refuses a download that is another version", async () => {
    expect((await installSh(["--version", `v${pkg.version}`])).code).toBe(0);
    const wrong = await installSh(["--version", "9.9.9"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`asked for 9.9.9 but the download is ${pkg.version}: nothing installed`);
    expect(existsSync(wrong.target)).toBe(false);
  }, 30_000);

  test("on Apple Silicon under Rosetta it fetches the arm64 build", async () => {
    // A fake `sysctl` that answers like macOS does for a translated process.
    const bin = tempDir("sr-fakebin-");
    writeFileSync(join(bin, "sysctl"), '#!/bin/sh\n[ "$2" = sysctl.proc_translated ] && echo 1\n');
    chmodSync(join(bin, "sysctl"), 0o755);
    const r = await installSh([], { SESSION_RECORDER_OS: "Darwin", SESSION_RECORDER_ARCH: "x86_64", PATH: `${bin}:${process.env.PATH}` });
    // The stand-in release has no darwin builds: the point is which one was asked for.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("session-recorder-darwin-arm64.tar.gz");
  }, 30_000);

  test("--wire-hooks runs `session-recorder install`: settings.json calls the installed binary", async () => {
    const r = await installSh(["--wire-hooks"]);
    expect(r.code).toBe(0);
    const settings = JSON.parse(readFileSync(join(r.home, ".claude", "settings.json"), "utf8"));
    expect(settings.hooks.SessionStart[0].hooks[0].command).toBe(`"${r.target}" hook session-start`);
  }, 30_000);

  test("unknown options are refused", async () => {
    const r = await installSh(["--frobnicate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown option: --frobnicate");
  }, 30_000);
});

describe("shell scripts", () => {
  const shellcheck = Bun.which("shellcheck");
  test.skipIf(!shellcheck)(
    "install.sh and the plugin launcher are shellcheck-clean (POSIX sh)",
    () => {
      const r = Bun.spawnSync(["shellcheck", "--shell=sh", join(ROOT, "install.sh"), join(ROOT, "plugin", "bin", "session-recorder")]);
      expect(r.stdout.toString() + r.stderr.toString()).toBe("");
      expect(r.exitCode).toBe(0);
    },
    30_000,
  );
  if (!shellcheck) console.warn("skipped the shellcheck test: shellcheck is not installed (apt-get install shellcheck)");
});
