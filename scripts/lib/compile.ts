// The flags of every compiled binary, the native one (scripts/build.ts) and the release set
// (scripts/build-all.ts): --bytecode needs ESM for top-level await; --minify + --bytecode halve
// start-up time; the JIT policy is explained in src/util/jit.ts. A compiled binary would by
// default load the .env and bunfig.toml of its working directory, which for a hook is the
// user's project: a `preload` there would run inside the hook (and could print on its stdout),
// a .env could move the data dir. Neither is ours to read.
import { HOOK_JIT_POLICY } from "../../src/util/jit.ts";

/**
 * What the binary is built from: the program, and backfill's reader thread as an entry point of
 * its own (src/backfill/pool.ts starts it), so that a reader loads the reading code only, not the
 * CLI, hooks, MCP server and viewer.
 */
export const ENTRY_POINTS = ["src/main.ts", "src/backfill/worker-entry.ts"];

export const COMPILE_FLAGS = [
  "--compile",
  "--minify",
  "--bytecode",
  "--format=esm",
  `--compile-jit-policy=${HOOK_JIT_POLICY}`,
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
];
