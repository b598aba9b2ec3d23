// The recorder's log: one line per event in <data dir>/logs/session-recorder.log.
// Hooks must stay silent on stdout, so this file is where problems go.
import { closeSync, constants, openSync, renameSync, statSync, writeSync } from "node:fs";
import { ensurePrivateDir } from "./util/files.ts";
import type { Paths } from "./paths.ts";
import { keepText } from "./privacy/keep.ts";
import { redactDefault } from "./privacy/redact.ts";

const MAX_LOG_BYTES = 1_000_000;

export type Level = "info" | "warn" | "error" | "debug";

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
}

export function fileLogger(paths: Paths, verbose = false): Logger {
  return {
    log(level, message, fields) {
      if (level === "debug" && !verbose) return;
      // An error message can quote its input (a transcript line, a hook field): the log is a stored text too.
      const line = keepText(JSON.stringify({ at: new Date().toISOString(), level, pid: process.pid, message, ...fields }), redactDefault) + "\n";
      if (verbose) process.stderr.write(line);
      try {
        ensurePrivateDir(paths.logDir);
        rotateIfLarge(paths.log);
        // O_NOFOLLOW: a symlink planted as the log file is not written through.
        const fd = openSync(paths.log, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o600);
        try {
          writeSync(fd, line);
        } finally {
          closeSync(fd);
        }
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
