// The user-facing CLI. Errors are one line on stderr (a stack trace only with --verbose).
import { defineCommand, renderUsage, runCommand, type CommandDef } from "citty";
import { useColor } from "./format.ts";
import { VERSION } from "../version.ts";
import { HOOK_EVENTS } from "../claude.ts";
import { UserError } from "./errors.ts";
import { configCommand } from "./config.ts";
import { contextCommand } from "./context.ts";
import { listCommand, showCommand } from "./sessions.ts";
import { searchCommand } from "./search.ts";
import { installCommand, uninstallCommand } from "./install.ts";
import { mcpCommand } from "./mcp.ts";
import { backfillCommand } from "./backfill.ts";
import { statusCommand } from "./status.ts";
import { doctorCommand } from "./doctor.ts";
import { exportCommand, importCommand } from "./transfer.ts";
import { forgetCommand, pruneCommand } from "./forget.ts";
import { uiCommand } from "./ui.ts";

const hookCommand = defineCommand({
  meta: { name: "hook", description: `Run a Claude Code hook (reads the hook JSON on stdin): ${HOOK_EVENTS.join(", ")}` },
  args: { event: { type: "positional", required: true, description: HOOK_EVENTS.join(" | ") } },
  // Dispatched in src/main.ts before this CLI loads; listed here for --help.
  run() {},
});

export const mainCommand = defineCommand({
  meta: { name: "session-recorder", version: VERSION, description: "Memory for Claude Code that survives the end of a session and context compaction" },
  // One command per line: the order of --help.
  subCommands: {
    list: listCommand,
    show: showCommand,
    search: searchCommand,
    backfill: backfillCommand,
    context: contextCommand,
    status: statusCommand,
    doctor: doctorCommand,
    export: exportCommand,
    import: importCommand,
    forget: forgetCommand,
    prune: pruneCommand,
    config: configCommand,
    ui: uiCommand,
    mcp: mcpCommand,
    install: installCommand,
    uninstall: uninstallCommand,
    hook: hookCommand,
  },
});

export async function runCli(argv: string[]): Promise<void> {
  const verbose = argv.includes("--verbose");
  const args = argv.filter((a) => a !== "--verbose");
  try {
    if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
      console.log(VERSION);
      return;
    }
    if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
      const [cmd, parent] = await resolveForHelp(args);
      const text = await renderUsage(cmd, parent);
      // citty colours unconditionally; pipes and NO_COLOR get plain text.
      console.log(useColor() ? text : text.replace(/\x1b\[[0-9;]*m/g, ""));
      return;
    }
    await runCommand(mainCommand, { rawArgs: args });
  } catch (err) {
    const usage = (err as { name?: string })?.name === "CLIError" || (err instanceof UserError && err.exitCode === 2);
    const message = err instanceof Error ? err.message : String(err);
    console.error(`session-recorder: ${message}${usage ? " (see --help)" : ""}`);
    if (verbose && err instanceof Error && err.stack) console.error(err.stack);
    process.exit(err instanceof UserError ? err.exitCode : usage ? 2 : 1);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: citty types each command by its own args; help walks them all.
type AnyCommand = CommandDef<any>;

async function resolveForHelp(args: string[]): Promise<[AnyCommand, AnyCommand | undefined]> {
  const name = args.find((a) => !a.startsWith("-"));
  const subs = (await mainCommand.subCommands) as Record<string, AnyCommand> | undefined;
  const sub = name ? subs?.[name] : undefined;
  return sub ? [sub, mainCommand] : [mainCommand, undefined];
}
