// Bun allocates with mimalloc, which hands freed pages back to the OS as soon as it can.
// Backfill's readers allocate and free megabytes per transcript, so those pages were faulted
// in again at once: page faults and madvise calls (each a TLB flush on every core the
// process runs on) took a quarter of backfill's CPU time. With freed pages kept
// (MIMALLOC_PURGE_DELAY=-1; a delay of 0.1-2 s helped little) backfill ran 1.5-2x faster, for
// 50-70 MB more peak RSS. mimalloc reads its options once, when the process starts, so a
// long-running command starts itself again with the option set: execve keeps the pid and
// the open files, so callers (and their signals) see one process.

const OPTION = "MIMALLOC_PURGE_DELAY";

/** The argv that runs this program again: the compiled binary, or bun with its own flags and the script. */
export function selfArgv(execPath: string, execArgv: string[], main: string, args: string[]): string[] {
  // A compiled binary's modules live in its embedded file system, under /$bunfs/.
  return main.startsWith("/$bunfs/") ? [execPath, ...args] : [execPath, ...execArgv, main, ...args];
}

/**
 * Replaces this process with the same command, freed memory kept. Returns (and the command
 * runs as it is) when the option is set already (by an earlier start, or by the user) or
 * the runtime cannot exec.
 */
export function keepFreedMemory(): void {
  if (process.env[OPTION] !== undefined || typeof process.execve !== "function") return;
  try {
    process.execve(process.execPath, selfArgv(process.execPath, process.execArgv, Bun.main, process.argv.slice(2)), { ...process.env, [OPTION]: "-1" });
  } catch {
    // Not worth failing the command for: it runs, only slower.
  }
}
