// The manual install's pure module: our hooks merged into settings.json and taken out again,
// the CLAUDE.md imports (tables). Through the binary: test/cli/install.test.ts.
import { describe, expect, test } from "bun:test";
import {
  addImports,
  installHooks,
  isOurCommand,
  IMPORT_LINES,
  ourHooks,
  parseSettings,
  removeImports,
  SettingsError,
  shellQuote,
  uninstallHooks,
} from "../../src/install/settings.ts";
import pluginHooks from "../../plugin/hooks/hooks.json" with { type: "json" };

const bin = "/home/me/.local/bin/session-recorder";
const EVENTS = Object.keys(pluginHooks.hooks);
const userStop = { hooks: [{ type: "command", command: "notify-send done" }] };
const userStart = { matcher: "startup", hooks: [{ type: "command", command: "echo hello", timeout: 5 }] };
const ours = (settings: any, event: string) => (settings.hooks?.[event] ?? []).flatMap((g: any) => g.hooks).filter((h: any) => isOurCommand(h.command));

describe("installHooks", () => {
  test.each([
    ["no file yet", undefined],
    ["an empty file", ""],
    ["{}", "{}\n"],
    ["other keys", JSON.stringify({ model: "opus", permissions: { allow: ["Bash(ls)"] }, env: { A: "1" } }, null, 2) + "\n"],
    ["user hooks on the same events", JSON.stringify({ hooks: { Stop: [userStop], SessionStart: [userStart] } }, null, 2) + "\n"],
    ["user hooks on other events", JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "guard" }] }] } }, null, 2)],
    ["tab indentation", JSON.stringify({ model: "opus", hooks: { Stop: [userStop] } }, null, "\t") + "\n"],
    ["4 spaces and CRLF", (JSON.stringify({ model: "opus" }, null, 4) + "\n").replace(/\n/g, "\r\n")],
    [
      "an older install elsewhere",
      JSON.stringify(
        { hooks: { Stop: [userStop, { hooks: [{ type: "command", command: '"/old/place/session-recorder" hook stop', timeout: 10 }] }] } },
        null,
        2,
      ) + "\n",
    ],
  ])("%s: our hooks added once, everything else kept; a second install changes nothing; uninstall restores it", (_name, text) => {
    const before = parseSettings(text);
    const first = installHooks(text, bin);
    expect(first.changed).toBe(true);
    const after = parseSettings(first.text) as any;

    // Ours: exactly the plugin's hooks, calling the binary, once per event.
    for (const e of EVENTS) expect(ours(after, e)).toEqual(ourHooks(bin)[e]!.flatMap((g) => g.hooks));
    expect(ours(after, "SessionStart")[0].command).toBe(`"${bin}" hook session-start`);
    // Everything else: the same keys in the same order, user hook groups untouched and first.
    expect(Object.keys(after).filter((k) => k !== "hooks")).toEqual(Object.keys(before).filter((k) => k !== "hooks"));
    for (const [k, v] of Object.entries(before)) if (k !== "hooks") expect(after[k]).toEqual(v);
    for (const [event, groups] of Object.entries((before.hooks ?? {}) as Record<string, any[]>)) {
      const userGroups = groups.filter((g) => !g.hooks.some((h: any) => isOurCommand(h.command)));
      expect(after.hooks[event].slice(0, userGroups.length)).toEqual(userGroups);
    }
    // Layout: the file's indentation, line ends and final newline.
    if (text?.includes("\t")) expect(first.text).toContain('\n\t"hooks": {');
    if (text?.includes("\r\n")) expect(first.text).toContain('\r\n    "hooks": {\r\n');
    expect(first.text.endsWith("\n")).toBe(text === undefined || text === "" || text.endsWith("\n"));

    expect(installHooks(first.text, bin)).toEqual({ text: first.text, changed: false });

    const removed = uninstallHooks(first.text);
    expect(removed.removed).toBe(EVENTS.length);
    const older = (text ?? "").includes("/old/place/");
    if (text && !older) expect(removed.text).toBe(text); // standard layouts come back byte for byte
    if (!older) expect(parseSettings(removed.text)).toEqual(before);
  });

  test("a settings file laid out by hand comes back byte for byte when its backup is passed", () => {
    const text = '{ "model": "opus",\n  "hooks": { "Stop": [ { "hooks": [ { "type": "command", "command": "notify-send done" } ] } ] } }\n';
    const installed = installHooks(text, bin).text;
    expect(uninstallHooks(installed).text).not.toBe(text);
    expect(uninstallHooks(installed, ["{}", text]).text).toBe(text);
    // Changed since: the backup no longer describes it, so it is not used.
    const edited = JSON.stringify({ ...parseSettings(installed), theme: "dark" }, null, 2);
    expect(parseSettings(uninstallHooks(edited, [text]).text).theme).toBe("dark");
  });

  test("uninstall takes only our handlers: a user handler in the same group, user groups and other keys stay", () => {
    const installed = parseSettings(installHooks(JSON.stringify({ hooks: { Stop: [userStop] } }), bin).text) as any;
    installed.hooks.Stop[1].hooks.push({ type: "command", command: "say bye" });
    installed.hooks.Notification = [userStop];
    installed.theme = "dark";
    const out = uninstallHooks(JSON.stringify(installed, null, 2));
    expect(parseSettings(out.text)).toEqual({
      hooks: { Stop: [userStop, { hooks: [{ type: "command", command: "say bye" }] }], Notification: [userStop] },
      theme: "dark",
    });
    expect(uninstallHooks(out.text)).toEqual({ text: out.text, changed: false, removed: 0 });
  });

  test.each([
    ["not JSON", "{ model: opus }", /not valid JSON/],
    ["a JSONC line comment", '{\n  // my settings\n  "model": "opus"\n}\n', /comments are not JSON/],
    ["a JSONC block comment", '/* mine */\n{ "model": "opus" }', /comments are not JSON/],
    ["a trailing comma", '{ "model": "opus", }', /not valid JSON/],
    ["an array", "[]", /not a JSON object/],
    ["hooks that is not an object", '{ "hooks": [] }', /"hooks" is not an object/],
    ["an event that is not a list", '{ "hooks": { "Stop": {} } }', /"hooks.Stop" is not a list/],
  ])("refuses %s", (_name, text, error) => {
    expect(() => installHooks(text, bin)).toThrow(SettingsError);
    expect(() => installHooks(text, bin)).toThrow(error);
  });

  test.each([
    ['"/home/me/.local/bin/session-recorder" hook stop', true],
    ['"/a b/$x/session-recorder" hook session-start', true],
    ["session-recorder hook pre-compact", true],
    ["/usr/local/bin/session-recorder hook session-end", true],
    ['"${CLAUDE_PLUGIN_ROOT}/bin/session-recorder" hook stop', true],
    ["echo session-recorder hook stop", false],
    ['"/x/session-recorder-old" hook stop', false],
    ['"/x/session-recorder" context', false],
    ["/x/session-recorder hook stop; rm -rf ~", false],
    ["/x/my-session-recorder hook stop", false],
  ])("isOurCommand(%s) = %p", (command, want) => expect(isOurCommand(command)).toBe(want));

  test("paths are quoted for the shell, and still recognised as ours", () => {
    const odd = '/home/a "b"/$HOME/`x`/session-recorder';
    const command = ourHooks(odd).Stop![0]!.hooks as any;
    expect(command[0].command).toBe(`${shellQuote(odd)} hook stop`);
    expect(shellQuote(odd)).toBe('"/home/a \\"b\\"/\\$HOME/\\`x\\`/session-recorder"');
    expect(Bun.spawnSync(["sh", "-c", `printf %s ${shellQuote(odd)}`]).stdout.toString()).toBe(odd);
    expect(isOurCommand(command[0].command)).toBe(true);
  });
});

describe("CLAUDE.md imports", () => {
  const lines = IMPORT_LINES.join("\n") + "\n";
  test.each([
    [undefined, lines],
    ["", lines],
    ["# me\n", `# me\n${lines}`],
    ["# me", `# me\n${lines}`],
    [`# me\n${IMPORT_LINES[0]}\n`, `# me\n${IMPORT_LINES[0]}\n${IMPORT_LINES[1]}\n`],
  ])("addImports(%p) adds each line once", (text, want) => {
    const added = addImports(text);
    expect(added).toEqual({ text: want, changed: true });
    expect(addImports(added.text)).toEqual({ text: want, changed: false });
    expect(removeImports(want).text).toBe(text?.replace(/([^\n])$/, "$1\n").replace(IMPORT_LINES[0] + "\n", "") ?? "");
  });
});
