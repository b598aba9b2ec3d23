// Private, atomic file writes. Everything we write may hold fragments of a
// transcript, so directories are 0700 and files 0600 from their first byte.
import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync, constants } from "node:fs";
import { dirname, join, basename } from "node:path";

/**
 * The user may make the data dir or ~/.claude/context a symlink (dotfile managers do);
 * a symlink found anywhere else we write was planted, and is never followed.
 */
const trustedLinks = new Set<string>();
export function trustSymlink(dir: string): void {
  trustedLinks.add(dir);
}

/**
 * The directory exists and is ours alone. One that someone else made for us (Claude Code
 * creates `${CLAUDE_PLUGIN_DATA}` with 0755 before our first hook) is tightened when we
 * own it; one owned by another user is left for `doctor` to report.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  refuseSymlink(dir);
  const st = statSync(dir);
  if (st.mode & 0o077 && st.uid === process.getuid?.()) chmodSync(dir, 0o700);
}

export function refuseSymlink(path: string): void {
  try {
    if (!trustedLinks.has(path) && lstatSync(path).isSymbolicLink()) throw new Error(`refusing to follow the symlink ${path}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException)?.code !== "ENOENT") throw err;
  }
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
    try {
      unlinkSync(tmp);
    } catch {}
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {}
    throw err;
  }
}

/** Temp files of writes that were killed before their rename (writeFileAtomic's `.name.pid.rand.tmp`). */
export function sweepStaleTemps(dir: string, olderThanMs = 60_000): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const cutoff = Date.now() - olderThanMs;
  for (const name of names) {
    if (!name.startsWith(".") || !name.endsWith(".tmp")) continue;
    try {
      const p = join(dir, name);
      if (lstatSync(p).mtimeMs < cutoff) unlinkSync(p);
    } catch {}
  }
}
