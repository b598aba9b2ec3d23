// Private, atomic writes: modes from the first byte, no write through a planted symlink,
// no temp file left behind, stale temps swept.
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePrivateDir, refuseSymlink, sweepStaleTemps, trustSymlink, writeFileAtomic } from "../../src/util/files.ts";
import { tempDir } from "../support/tmp.ts";

const mode = (p: string) => statSync(p).mode & 0o777;

describe("writeFileAtomic", () => {
  test("a new file is 0600 in a 0700 dir made for it; nothing else is left there", () => {
    const dir = join(tempDir(), "a", "b");
    writeFileAtomic(join(dir, "f.md"), "one");
    expect(readFileSync(join(dir, "f.md"), "utf8")).toBe("one");
    expect([mode(dir), mode(join(dir, "f.md"))]).toEqual([0o700, 0o600]);
    expect(readdirSync(dir)).toEqual(["f.md"]);
  });

  test("replaces the content whole, also when the old file was readable by others", () => {
    const dir = tempDir();
    const p = join(dir, "f.md");
    writeFileSync(p, "old and longer", { mode: 0o644 });
    writeFileAtomic(p, "new", { fsync: true });
    expect([readFileSync(p, "utf8"), mode(p)]).toEqual(["new", 0o600]);
  });

  test("a symlink planted at the target is replaced, never written through", () => {
    const dir = tempDir();
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "keep me");
    symlinkSync(victim, join(dir, "f.md"));
    writeFileAtomic(join(dir, "f.md"), "ours");
    expect(readFileSync(victim, "utf8")).toBe("keep me");
    expect(readFileSync(join(dir, "f.md"), "utf8")).toBe("ours");
  });

  test("a planted symlinked dir is refused; one the user made trusted is followed", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "real"));
    symlinkSync(join(dir, "real"), join(dir, "link"));
    expect(() => writeFileAtomic(join(dir, "link", "f.md"), "x")).toThrow("refusing to follow the symlink");
    expect(existsSync(join(dir, "real", "f.md"))).toBe(false);
    trustSymlink(join(dir, "link"));
    writeFileAtomic(join(dir, "link", "f.md"), "x");
    expect(readFileSync(join(dir, "real", "f.md"), "utf8")).toBe("x");
  });
});

describe("ensurePrivateDir and refuseSymlink", () => {
  test("an open dir of ours is tightened to 0700", () => {
    const dir = join(tempDir(), "data");
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    ensurePrivateDir(dir);
    expect(mode(dir)).toBe(0o700);
  });

  test("a missing path is fine; a symlink is not", () => {
    const dir = tempDir();
    expect(() => refuseSymlink(join(dir, "nothing"))).not.toThrow();
    symlinkSync("/etc/hostname", join(dir, "l"));
    expect(() => refuseSymlink(join(dir, "l"))).toThrow();
  });
});

describe("sweepStaleTemps", () => {
  test("old temp files of killed writes go; fresh ones, other files and a missing dir are left alone", () => {
    const dir = tempDir();
    const old = new Date(Date.now() - 120_000);
    for (const name of [".a.md.1.x.tmp", ".b.md.2.y.tmp", "c.tmp", ".d.md"]) {
      writeFileSync(join(dir, name), "");
      utimesSync(join(dir, name), old, old);
    }
    writeFileSync(join(dir, ".fresh.md.3.z.tmp"), "");
    sweepStaleTemps(dir);
    expect(readdirSync(dir).sort()).toEqual([".d.md", ".fresh.md.3.z.tmp", "c.tmp"]);
    expect(() => sweepStaleTemps(join(dir, "missing"))).not.toThrow();
  });
});
