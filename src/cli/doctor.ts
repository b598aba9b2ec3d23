// `session-recorder doctor`: is everything in place? One line per check; every
// problem comes with the command or step that fixes it. Exit 0 healthy, 1 otherwise.
import { defineCommand } from "citty";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { installedPluginsFile, settingsFile, transcriptsDir } from "../claude.ts";
import { resolvePaths, type Paths } from "../paths.ts";
import { loadConfig } from "../config.ts";
import { checkIntegrity, SCHEMA_VERSION } from "../store/open.ts";
import { VERSION } from "../version.ts";
import { bold, dim } from "./format.ts";
import { UserError } from "./errors.ts";

interface Check {
  label: string;
  level: "ok" | "warn" | "fail";
  fix?: string;
}

export const doctorCommand = defineCommand({
  meta: { name: "doctor", description: "Check the installation, the data dir, the store and the config; print a fix for each problem" },
  args: { json: { type: "boolean", description: "Print JSON" } },
  run({ args }) {
    const paths = resolvePaths();
    const checks = [versionCheck(), ...wiringChecks(paths), dataDirCheck(paths), storeCheck(paths), ...configChecks(paths), transcriptsCheck(paths)];
    if (args.json) console.log(JSON.stringify(checks, null, 2));
    else {
      for (const c of checks) {
        console.log(`${c.level === "ok" ? "✓" : c.level === "warn" ? "!" : "✗"} ${c.label}`);
        if (c.fix) console.log(`  ${dim("fix:")} ${c.fix}`);
      }
    }
    const failed = checks.filter((c) => c.level === "fail").length;
    if (failed) throw new UserError(`${failed} problem${failed === 1 ? "" : "s"} found`);
    if (!args.json) console.log(bold("healthy"));
  },
});

function versionCheck(): Check {
  return { label: `session-recorder ${VERSION} (${process.platform}-${process.arch}) at ${process.execPath}`, level: "ok" };
}

/** Hooks come from the plugin or from settings.json; both at once means every hook runs twice. */
function wiringChecks(paths: Paths): Check[] {
  const plugin = pluginInstalled(paths.home);
  const settings = settingsHooks(settingsFile(paths.home));
  if (settings.error)
    return [
      {
        label: `~/.claude/settings.json is not valid JSON (${settings.error})`,
        level: "fail",
        fix: "repair the file; Claude Code ignores a settings file it cannot parse",
      },
    ];
  if (plugin && settings.wired)
    return [
      {
        label: "hooks are wired twice: by the plugin and in ~/.claude/settings.json",
        level: "warn",
        fix: "remove one: `session-recorder uninstall` (settings.json) or `claude plugin uninstall session-recorder`",
      },
    ];
  if (plugin) return [{ label: "hooks wired by the Claude Code plugin", level: "ok" }];
  if (settings.wired) return [{ label: "hooks wired in ~/.claude/settings.json", level: "ok" }];
  return [
    {
      label: "no hooks wired: Claude Code will not record sessions",
      level: "fail",
      fix: "`claude plugin install session-recorder@session-recorder`, or `session-recorder install`",
    },
  ];
}

function pluginInstalled(home: string): boolean {
  for (const f of [installedPluginsFile(home), settingsFile(home)]) {
    try {
      if (/"session-recorder@[^"]*"/.test(readFileSync(f, "utf8"))) return true;
    } catch {}
  }
  return !!process.env.CLAUDE_PLUGIN_ROOT;
}

function settingsHooks(file: string): { wired: boolean; error?: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return { wired: false };
  }
  try {
    const hooks = (JSON.parse(text) as { hooks?: unknown }).hooks;
    return { wired: commandsOf(hooks).some((c) => /session-recorder["']?\s+hook\s+(session-start|stop)\b/.test(c)) };
  } catch (err) {
    return { wired: false, error: (err as Error).message };
  }
}

/** Every `command` string anywhere under the hooks object. */
function commandsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(commandsOf);
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => (k === "command" && typeof x === "string" ? [x] : commandsOf(x)));
  return [];
}

function dataDirCheck(paths: Paths): Check {
  const dir = paths.dataDir;
  if (!existsSync(dir)) return { label: `data dir ${dir} does not exist yet (it is created by the first hook)`, level: "warn" };
  const loose: string[] = [];
  const walk = (p: string, depth: number) => {
    const st = statSync(p);
    if (st.mode & 0o077) loose.push(p);
    if (st.isDirectory() && depth > 0) for (const e of readdirSync(p)) walk(join(p, e), depth - 1);
  };
  try {
    walk(dir, 3);
  } catch (err) {
    return { label: `data dir ${dir} cannot be read: ${(err as Error).message}`, level: "fail", fix: `check its owner and permissions: ls -la "${dir}"` };
  }
  if (statSync(dir).uid !== process.getuid?.()) return { label: `data dir ${dir} belongs to another user`, level: "fail", fix: `chown -R "$USER" "${dir}"` };
  if (loose.length)
    return { label: `${loose.length} path(s) in the data dir are readable by others, e.g. ${loose[0]}`, level: "fail", fix: `chmod -R go-rwx "${dir}"` };
  return { label: `data dir ${dir} is private (0700/0600)`, level: "ok" };
}

function storeCheck(paths: Paths): Check {
  if (!existsSync(paths.db)) return { label: "no store yet (created by the first hook)", level: "warn" };
  const r = checkIntegrity(paths.db);
  if ("damage" in r) return { label: `store ${paths.db} is damaged: ${r.damage.slice(0, 200)}`, level: "fail", fix: corruptFix(paths) };
  if ("error" in r) return { label: `store ${paths.db} cannot be opened: ${r.error}`, level: "fail", fix: corruptFix(paths) };
  if (r.schema > SCHEMA_VERSION)
    return { label: `store schema v${r.schema} is newer than this binary understands (v${SCHEMA_VERSION})`, level: "fail", fix: "upgrade session-recorder" };
  return { label: `store ok: ${r.sessions} sessions, schema v${r.schema}, integrity_check ok`, level: "ok" };
}

const corruptFix = (paths: Paths) =>
  `move it aside (mv "${paths.db}" "${paths.db}.broken"); the next hook starts a new store, and \`session-recorder backfill\` re-indexes past transcripts`;

function configChecks(paths: Paths): Check[] {
  const loaded = loadConfig(paths.config);
  if (!loaded.errors.length) return [{ label: existsSync(paths.config) ? `config ${paths.config} is valid` : "no config.json: defaults in use", level: "ok" }];
  return loaded.errors.map((e) => ({
    label: `config: ${e}`,
    level: "fail" as const,
    fix: `edit ${paths.config} (see \`session-recorder config\` for the keys)`,
  }));
}

function transcriptsCheck(paths: Paths): Check {
  const dir = transcriptsDir(paths.home);
  if (!existsSync(dir)) return { label: `no Claude Code transcripts at ${dir} yet`, level: "warn", fix: "run Claude Code once; transcripts appear there" };
  return { label: `Claude Code transcripts at ${dir}`, level: "ok" };
}
