// `session-recorder install` / `uninstall` through the binary: settings.json edited with
// backups, CLAUDE.md imports, --purge. (The pure module: test/install/settings.test.ts.)
import { describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IMPORT_LINES, parseSettings } from "../../src/install/settings.ts";
import pluginHooks from "../../plugin/hooks/hooks.json" with { type: "json" };
import { BIN } from "../support/paths.ts";
import { runBin } from "../support/spawn.ts";
import { sandbox } from "../support/tmp.ts";

const EVENTS = Object.keys(pluginHooks.hooks);
const userStop = { hooks: [{ type: "command", command: "notify-send done" }] };

describe("session-recorder install / uninstall (the binary)", () => {
  test("install, again, uninstall: backups, idempotent, the file byte-identical at the end", () => {
    const s = sandbox();
    const path = join(s.home, ".claude", "settings.json");
    mkdirSync(join(s.home, ".claude"), { recursive: true });
    const original = '{ "model": "opus", "hooks": { "Stop": [ { "hooks": [ { "type": "command", "command": "notify-send done" } ] } ] } }\n';
    writeFileSync(path, original);

    const first = runBin(["install"], { env: s.env });
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain(`hooks added to ${path}, calling ${BIN}`);
    const installed = parseSettings(readFileSync(path, "utf8")) as any;
    expect(installed.hooks.Stop[0]).toEqual(userStop);
    expect(installed.hooks.Stop[1].hooks[0].command).toBe(`"${BIN}" hook stop`);
    const backups = () => readdirSync(join(s.home, ".claude")).filter((f) => f.startsWith("settings.json.bak-"));
    expect(backups().length).toBe(1);
    expect(readFileSync(join(s.home, ".claude", backups()[0]!), "utf8")).toBe(original);

    const again = runBin(["install"], { env: s.env });
    expect(again).toMatchObject({ code: 0, stdout: `hooks already in ${path}: nothing changed\n` });
    expect(backups().length).toBe(1);

    const un = runBin(["uninstall"], { env: s.env });
    expect(un).toMatchObject({ code: 0, stderr: "" });
    expect(un.stdout).toContain(`${EVENTS.length} hook(s) removed from ${path}`);
    expect(readFileSync(path, "utf8")).toBe(original);
    expect(runBin(["uninstall"], { env: s.env }).stdout).toBe(`no session-recorder hooks in ${path}: nothing changed\n`);
  });

  test("settings that are not plain JSON are refused with one line, exit 1, and left alone", () => {
    const s = sandbox();
    const path = join(s.dir, "settings.json");
    const jsonc = '{\n  // keep me\n  "model": "opus"\n}\n';
    writeFileSync(path, jsonc);
    const r = runBin(["install", "--settings", path], { env: s.env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n").length).toBe(1);
    expect(r.stderr).toContain(`${path}: not valid JSON`);
    expect(r.stderr).toContain("comments are not JSON");
    expect(readFileSync(path, "utf8")).toBe(jsonc);
    expect(readdirSync(s.dir).filter((f) => f.includes(".bak-"))).toEqual([]);
  });

  test("a symlinked settings file is written through; --claude-md without a path uses ~/.claude/CLAUDE.md", () => {
    const s = sandbox();
    const real = join(s.dir, "dotfiles-settings.json");
    writeFileSync(real, "{}\n");
    mkdirSync(join(s.home, ".claude"), { recursive: true });
    const link = join(s.home, ".claude", "settings.json");
    symlinkSync(real, link);
    const r = runBin(["install", "--claude-md", "--settings", link], { env: s.env });
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(Object.keys(parseSettings(readFileSync(real, "utf8")).hooks as object)).toEqual(EVENTS);
    expect(readFileSync(join(s.home, ".claude", "CLAUDE.md"), "utf8")).toBe(IMPORT_LINES.join("\n") + "\n");
    expect(runBin(["uninstall", "--claude-md", "--settings", link], { env: s.env }).code).toBe(0);
    expect(readFileSync(real, "utf8")).toBe("{}\n");
    expect(readFileSync(join(s.home, ".claude", "CLAUDE.md"), "utf8")).toBe("");
  });

  test("--purge needs --yes without a terminal; with it, the data dir and the context files go", () => {
    const s = sandbox();
    const context = join(s.home, ".claude", "context");
    mkdirSync(context, { recursive: true });
    mkdirSync(s.data, { recursive: true });
    writeFileSync(join(s.data, "sessions.db"), "x");
    for (const f of ["last-session.md", "session-history.md", "session-status.md", "mine.md"]) writeFileSync(join(context, f), "x");

    const refused = runBin(["uninstall", "--purge"], { env: s.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("add --yes to confirm");
    expect(existsSync(join(s.data, "sessions.db"))).toBe(true);

    const r = runBin(["uninstall", "--purge", "--yes"], { env: s.env });
    expect(r.code).toBe(0);
    expect(existsSync(s.data)).toBe(false);
    expect(readdirSync(context)).toEqual(["mine.md"]);
  });

  test("--purge refuses a data dir that holds the home directory", () => {
    const s = sandbox();
    const r = runBin(["uninstall", "--purge", "--yes"], { env: { ...s.env, CLAUDE_PLUGIN_DATA: s.dir } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("refusing to purge");
    expect(existsSync(s.home)).toBe(true);
  });
});
