// Backfill's reader thread (src/backfill/pool.ts starts it). An entry point of its own, in the
// compiled binary too (scripts/lib/compile.ts): a reader loads the reading code, not the CLI,
// hooks, MCP server and viewer. The process's umask is the main thread's (src/main.ts).
import { serveWorker } from "./worker.ts";
import { normalJit } from "../util/jit.ts";

// It reads megabytes in loops: the normal JIT policy, as every command but a hook has.
normalJit();
serveWorker();
