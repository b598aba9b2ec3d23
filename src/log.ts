// The recorder's log: one line per event in <data dir>/logs/session-recorder.log.
// Hooks must stay silent on stdout, so this file is where problems go.
import { appendFileSync, renameSync, statSync } from "node:fs";
import { ensurePrivateDir } from "./util/files.ts";
import type { Paths } from "./paths.ts";

const MAX_LOG_BYTES = 1_000_000;

export type Level = "info" | "warn" | "error" | "debug";

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
}

export function fileLogger(paths: Paths, verbose = false): Logger {
  return {
    log(level, message, fields) {
      if (level === "debug" && !verbose) return;
      const line = JSON.stringify({ at: new Date().toISOString(), level, pid: process.pid, message, ...fields }) + "\n";
      if (verbose) process.stderr.write(line);
      try {
        ensurePrivateDir(paths.logDir);
        rotateIfLarge(paths.log);
        appendFileSync(paths.log, line, { mode: 0o600 });
      } catch {
        // Nowhere left to report to (unwritable dir, full disk): never let logging fail a hook.
      }
    },
  };
}

function rotateIfLarge(path: string): void {
  try {
    if (statSync(path).size > MAX_LOG_BYTES) renameSync(path, `${path}.1`);
  } catch {}
}
