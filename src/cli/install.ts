// `session-recorder install` / `uninstall`: the manual install, for a release binary used
// without the plugin. Our hooks go into ~/.claude/settings.json (the merge rules are in
// src/install/settings.ts); this file does the I/O: backups, atomic writes, the purge.
import { defineCommand, parseArgs, type ArgsDef } from "citty";
import { chmodSync, copyFileSync, constants, existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { settingsFile, userClaudeMd } from "../claude.ts";
import { resolvePaths } from "../paths.ts";
import { writeFileAtomic } from "../util/files.ts";
import { addImports, installHooks, pluginEnabled, removeImports, SettingsError, uninstallHooks, type Change } from "../install/settings.ts";
import { UserError } from "./errors.ts";

const args = {
  settings: { type: "string", description: "The settings file (default: ~/.claude/settings.json)", valueHint: "path" },
  "claude-md": {
    type: "string",
    description: "Also add (install) or remove (uninstall) the context imports in this CLAUDE.md (default: ~/.claude/CLAUDE.md)",
    valueHint: "path",
  },
} as const satisfies ArgsDef;

const uninstallArgs = {
  ...args,
  purge: { type: "boolean", description: "Also delete the data dir and ~/.claude/context/{last-session,session-history,session-status}.md" },
  yes: { type: "boolean", description: "Don't ask before --purge deletes" },
} as const satisfies ArgsDef;

/**
 * `--claude-md` takes an optional path. citty would read a following flag as that path
 * (`--claude-md --yes`), so the default is put in before it parses.
 */
function parse<T extends ArgsDef>(rawArgs: string[], def: T, home: string) {
  const fixed = rawArgs.flatMap((a, i) => (a === "--claude-md" && (rawArgs[i + 1] ?? "-").startsWith("-") ? [a, userClaudeMd(home)] : [a]));
  return parseArgs(fixed, def);
}

/** A symlinked settings.json (dotfiles) is written through, not replaced by a file. */
function target(path: string): string {
  const abs = resolve(path);
  return existsSync(abs) ? realpathSync(abs) : abs;
}

function read(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** Copy `path` to `<path>.bak-<timestamp>` (never over an existing file); returns the copy. */
function backup(path: string): string {
  const stamp = `${path}.bak-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  for (let n = 0; ; n++) {
    const copy = n ? `${stamp}-${n}` : stamp;
    if (existsSync(copy)) continue;
    copyFileSync(path, copy, constants.COPYFILE_EXCL);
    return copy;
  }
}

/** Write `change` to `path` if it changes anything, keeping the file's mode; backs up an existing file first. */
function apply(path: string, change: Change): string | undefined {
  if (!change.changed) return undefined;
  const existed = existsSync(path);
  const mode = existed ? statSync(path).mode & 0o777 : undefined;
  const copy = existed ? backup(path) : undefined;
  writeFileAtomic(path, change.text);
  if (mode !== undefined) chmodSync(path, mode);
  return copy;
}

function settingsChange<C extends Change>(path: string, make: (text: string | undefined) => C): C {
  try {
    return make(read(path));
  } catch (err) {
    if (err instanceof SettingsError) throw new UserError(`${path}: ${err.message}; nothing changed`);
    throw err;
  }
}

/** Backups of `path` made by install, newest first: the candidates for "the file as it was". */
function backups(path: string): string[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.bak-`;
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .sort()
    .reverse()
    .map((f) => readFileSync(join(dir, f), "utf8"));
}

const said = (_path: string, copy: string | undefined) => (copy ? ` (backup: ${copy})` : "");

export const installCommand = defineCommand({
  meta: { name: "install", description: "Manual install (without the plugin): add our hooks, calling this binary, to ~/.claude/settings.json" },
  args,
  run({ rawArgs }) {
    const paths = resolvePaths();
    const a = parse(rawArgs, args, paths.home);
    // Hooks call this very file; under `bun src/main.ts` that would be bun itself.
    if (!Bun.main.startsWith("/$bunfs/"))
      throw new UserError("install must be run by the compiled binary (npm run build, then plugin/bin/native/session-recorder install)");
    const bin = process.execPath;
    const settings = target(a.settings ?? settingsFile(paths.home));
    const change = settingsChange(settings, (t) => installHooks(t, bin));
    const copy = apply(settings, change);
    console.log(change.changed ? `hooks added to ${settings}, calling ${bin}${said(settings, copy)}` : `hooks already in ${settings}: nothing changed`);
    if (pluginEnabled(read(settings))) {
      console.log(
        "note: the session-recorder plugin is enabled too, so every hook would run twice: remove one (/plugin uninstall session-recorder, or session-recorder uninstall)",
      );
    }
    if (a["claude-md"] !== undefined) {
      const md = target(a["claude-md"]);
      const mdChange = addImports(read(md));
      const mdCopy = apply(md, mdChange);
      console.log(mdChange.changed ? `context imports added to ${md}${said(md, mdCopy)}` : `context imports already in ${md}: nothing changed`);
    }
  },
});

export const uninstallCommand = defineCommand({
  meta: { name: "uninstall", description: "Remove our hooks from ~/.claude/settings.json (nothing else); --purge also deletes the recorded data" },
  args: uninstallArgs,
  run({ rawArgs }) {
    const paths = resolvePaths();
    const a = parse(rawArgs, uninstallArgs, paths.home);
    const settings = target(a.settings ?? settingsFile(paths.home));
    const contextFiles = ["last-session.md", "session-history.md", "session-status.md"].map((f) => join(paths.contextDir, f));
    if (a.purge) {
      // A mis-set CLAUDE_PLUGIN_DATA must not take the home directory with it.
      const rel = relative(paths.dataDir, paths.home);
      if (resolve(paths.dataDir) === "/" || !rel.startsWith(".."))
        throw new UserError(`refusing to purge ${paths.dataDir}: it is / or contains your home directory`);
      if (!a.yes) {
        if (!process.stdin.isTTY) throw new UserError("--purge deletes the recorded sessions: add --yes to confirm", 2);
        const answer = prompt(`Delete ${paths.dataDir} and ${contextFiles.join(", ")}? [y/N]`);
        if (!/^y(es)?$/i.test(answer?.trim() ?? "")) throw new UserError("nothing deleted");
      }
    }
    if (existsSync(settings)) {
      const change = settingsChange(settings, (t) => uninstallHooks(t ?? "", backups(settings)));
      const copy = apply(settings, change);
      console.log(
        change.changed
          ? `${change.removed} hook(s) removed from ${settings}${said(settings, copy)}`
          : `no session-recorder hooks in ${settings}: nothing changed`,
      );
    } else {
      console.log(`${settings} does not exist: no hooks to remove`);
    }
    if (a["claude-md"] !== undefined) {
      const md = target(a["claude-md"]);
      const text = read(md);
      const mdChange = text === undefined ? { text: "", changed: false } : removeImports(text);
      const mdCopy = apply(md, mdChange);
      console.log(mdChange.changed ? `context imports removed from ${md}${said(md, mdCopy)}` : `no context imports in ${md}: nothing changed`);
    }
    if (a.purge) {
      for (const p of [paths.dataDir, ...contextFiles]) rmSync(p, { recursive: true, force: true });
      console.log(`deleted ${paths.dataDir} and the context files in ${paths.contextDir}`);
    }
  },
});
