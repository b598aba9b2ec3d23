#!/usr/bin/env bun
// session-recorder: memory for Claude Code. `hook <event>` is the hot path and is
// dispatched before the CLI framework loads: it must never print usage or errors
// to stdout, where Claude Code would read them.
import { runHook } from "./hooks/run.ts";
import { normalJit } from "./util/jit.ts";

// Everything we create holds transcript fragments: private from the first byte
// (this also covers SQLite's own -wal and -shm files).
process.umask(0o077);

const argv = process.argv.slice(2);
if (argv[0] === "hook") {
  await runHook(argv[1] ?? "");
} else {
  // The binary starts with a reluctant JIT (scripts/build.ts): right for a hook, which is mostly
  // run-once code; commands that run long (backfill, the MCP server, the viewer) want it normal.
  normalJit();
  const { runCli } = await import("./cli/main.ts");
  await runCli(argv);
}
