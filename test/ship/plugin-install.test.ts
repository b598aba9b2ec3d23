// The plugin as users get it: the real Claude Code CLI adds this repo as a marketplace and
// installs the plugin (offline, throwaway HOME), from a copy without any local build, so
// the launcher must fetch the binary; a release server on 127.0.0.1 stands in for GitHub.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { cliEnv, claudeBin, hookErrors, injectedContexts, makeSandbox, runTurns, type Sandbox } from "../e2e/claude.ts";
import { latestUserText, startFakeApi, type FakeApi } from "../e2e/fake-api.ts";
import { ROOT } from "../support/paths.ts";
import { AS_LINUX_X64, startReleaseServer, type ReleaseServer } from "./release-server.ts";

let api: FakeApi;
let release: ReleaseServer;
let sbx: Sandbox;

// Timeouts are explicit: the bunfig.toml [test] timeout is not applied by bun 1.4.5.
beforeAll(async () => {
  [api, release] = await Promise.all([startFakeApi(), startReleaseServer()]);
  sbx = makeSandbox("sr-ship-");
}, 60_000);
afterAll(() => {
  api?.stop();
  release?.stop();
  sbx?.cleanup();
});

/** What the hooks see: the release URL goes through Claude Code's environment to the launcher. */
const hookEnv = () => ({ SESSION_RECORDER_BASE_URL: `${release.url}/good`, ...AS_LINUX_X64 });

function claude(args: string[]) {
  const r = Bun.spawnSync([claudeBin(), ...args], { cwd: sbx.project, env: cliEnv({ home: sbx.home, apiUrl: api.url, tmpDir: sbx.tmp, env: hookEnv() }) });
  return { code: r.exitCode, out: r.stdout.toString() + r.stderr.toString() };
}

async function session(turn: string) {
  const r = await runTurns({ home: sbx.home, cwd: sbx.project, apiUrl: api.url, turns: [turn], tmpDir: sbx.tmp, env: hookEnv() });
  expect(r.exitCode).toBe(0);
  expect(hookErrors(r)).toEqual([]);
  return r;
}

describe("plugin install through the real Claude Code CLI", () => {
  test("the marketplace and the plugin pass `claude plugin validate`", () => {
    for (const dir of [ROOT, join(ROOT, "plugin")]) {
      const r = claude(["plugin", "validate", dir]);
      expect(r.out).toContain("Validation passed");
      expect(r.code).toBe(0);
    }
  }, 30_000);

  test("marketplace add + plugin install; the first session fetches the binary, the next ones are recorded and told", async () => {
    // The marketplace as the repo has it, minus the local build: what a clone of a release tag holds.
    const market = join(sbx.root, "market");
    cpSync(join(ROOT, ".claude-plugin"), join(market, ".claude-plugin"), { recursive: true });
    cpSync(join(ROOT, "plugin"), join(market, "plugin"), { recursive: true, filter: (src) => !src.startsWith(join(ROOT, "plugin", "bin", "native")) });

    expect(claude(["plugin", "marketplace", "add", market])).toMatchObject({ code: 0 });
    expect(claude(["plugin", "install", "session-recorder@session-recorder"])).toMatchObject({ code: 0 });
    const cached = join(sbx.home, ".claude", "plugins", "cache", "session-recorder", "session-recorder", pkg.version, "bin");
    expect(readdirSync(cached)).toEqual(["session-recorder"]);

    // Session 1: SessionStart finds no binary, starts the download and says so; no hook fails.
    const first = await session("hello FIRST-MARK");
    const start = first.hookEvents.find((e) => e.subtype === "hook_response" && e.hook_event === "SessionStart");
    expect(JSON.stringify(start)).toContain("downloading its binary (first run)");

    const dataRoot = join(sbx.home, ".claude", "plugins", "data");
    const data = () => readdirSync(dataRoot).map((d) => join(dataRoot, d));
    const installed = () =>
      data()
        .map((d) => join(d, "bin", pkg.version, "session-recorder"))
        .find(existsSync);
    for (const end = Date.now() + 30_000; !installed(); await Bun.sleep(100)) if (Date.now() > end) throw new Error("the binary was never downloaded");
    expect(Bun.spawnSync([installed()!, "--version"]).stdout.toString().trim()).toBe(pkg.version);

    // Session 2 works and is recorded by the downloaded binary.
    const second = await session(`build the widget SHIP-MARK [[write:${sbx.project}/widget.txt|w]] [[say:Wrote widget.txt.]]`);
    const recordFile = data()
      .map((d) => join(d, "sessions", `${second.sessionId}.json`))
      .find(existsSync);
    expect(recordFile).toBeDefined();
    const record = JSON.parse(readFileSync(recordFile!, "utf8"));
    expect(record.working_on).toContain("SHIP-MARK");
    expect(record.files_modified).toEqual(["widget.txt"]);

    // Session 3 is told about it at startup.
    const from = api.requests.length;
    await session("what next? SHIP-AFTER");
    const i = api.requests.findIndex((b, idx) => idx >= from && latestUserText(b).includes("SHIP-AFTER"));
    expect(injectedContexts([api.requests[i]])[0]!.join("\n")).toContain("SHIP-MARK");
    // Claude Code made the data dir 0755 before our first hook; ours now, private, and doctor agrees.
    const doctor = Bun.spawnSync([installed()!, "doctor"], {
      cwd: sbx.project,
      env: { ...cliEnv({ home: sbx.home, apiUrl: api.url, tmpDir: sbx.tmp }), CLAUDE_PLUGIN_DATA: data()[0]! },
    });
    expect({ code: doctor.exitCode, out: doctor.stdout.toString() + doctor.stderr.toString() }).toMatchObject({ code: 0 });
    // The download happened once.
    expect(release.requests.filter((p) => p.endsWith(".tar.gz"))).toEqual(["/good/session-recorder-linux-x64.tar.gz"]);
  }, 240_000);
});
