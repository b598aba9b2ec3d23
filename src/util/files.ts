// Private, atomic file writes. Everything we write may hold fragments of a
// transcript, so directories are 0700 and files 0600 from their first byte.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync, constants } from "node:fs";
import { dirname, join, basename } from "node:path";

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Write `data` to `path` so that readers see the old or the new content, never a
 * mix: a temp file beside it (created exclusively, 0600, so a planted symlink is
 * never followed), then rename over the target (rename replaces a symlink, it does
 * not write through it).
 */
export function writeFileAtomic(path: string, data: string, opts: { fsync?: boolean } = {}): void {
  const dir = dirname(path);
  ensurePrivateDir(dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
  try {
    writeSync(fd, data);
    if (opts.fsync) fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch {}
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    try { unlinkSync(tmp); } catch {}
    throw err;
  }
}
