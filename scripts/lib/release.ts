// What a release is made of, shared by scripts/build-all.ts and the tests in test/ship/:
// the target table, the executable-header check, archives, SHA256SUMS, and the version
// that the committed launcher and plugin.json must carry.
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { $ } from "bun";

export const ROOT = join(import.meta.dir, "..", "..");

export type Os = "linux" | "darwin";
export type Arch = "x64" | "arm64";

export interface Target {
  os: Os;
  arch: Arch;
  /** `bun build --target` value; the runtime for it is fetched from npm (@oven/bun-<os>-<arch>). */
  bun: string;
}

/**
 * The release set. No Windows build: the plugin's hooks go through a POSIX sh launcher and
 * the manual install writes POSIX shell commands, our private-file guarantees rest on
 * umask/chmod, which NTFS ignores, and nothing here can run a Windows Claude Code to check
 * that its hooks work.
 */
export const TARGETS: readonly Target[] = [
  { os: "linux", arch: "x64", bun: "bun-linux-x64" },
  { os: "linux", arch: "arm64", bun: "bun-linux-arm64" },
  { os: "darwin", arch: "arm64", bun: "bun-darwin-arm64" },
  { os: "darwin", arch: "x64", bun: "bun-darwin-x64" },
];

export const assetName = (t: Pick<Target, "os" | "arch">): string => `session-recorder-${t.os}-${t.arch}`;

/** The target this machine would download, if it is one we ship. */
export function hostTarget(): Target | undefined {
  return TARGETS.find((t) => t.os === process.platform && t.arch === process.arch);
}

export interface BinaryInfo {
  format: "elf" | "macho" | "unknown";
  arch: Arch | "other";
  /** Mach-O only: has an LC_CODE_SIGNATURE load command (Apple Silicon kills unsigned binaries). */
  codeSigned: boolean;
}

const ELF_MACHINE: Record<number, Arch> = { 62: "x64", 183: "arm64" }; // EM_X86_64, EM_AARCH64
const MACHO_CPU: Record<number, Arch> = { 16777223: "x64", 16777228: "arm64" }; // CPU_TYPE_X86_64, CPU_TYPE_ARM64
const LC_CODE_SIGNATURE = 0x1d;

/** Reads the executable header: 64-bit little-endian ELF or Mach-O only (all we ship). */
export function inspectBinary(head: Uint8Array): BinaryInfo {
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length >= 20 && v.getUint32(0) === 0x7f454c46 && head[4] === 2 && head[5] === 1) {
    return { format: "elf", arch: ELF_MACHINE[v.getUint16(18, true)] ?? "other", codeSigned: false };
  }
  if (head.length >= 32 && v.getUint32(0, true) === 0xfeedfacf) {
    let codeSigned = false;
    const ncmds = v.getUint32(16, true);
    for (let i = 0, off = 32; i < ncmds && off + 8 <= head.length; i++) {
      if (v.getUint32(off, true) === LC_CODE_SIGNATURE) codeSigned = true;
      off += v.getUint32(off + 4, true) || head.length; // a zero cmdsize would loop forever
    }
    return { format: "macho", arch: MACHO_CPU[v.getUint32(4, true)] ?? "other", codeSigned };
  }
  return { format: "unknown", arch: "other", codeSigned: false };
}

/** Why `path` is not a runnable binary for `t`, or null when its header is right. */
export async function checkBinary(t: Target, path: string): Promise<string | null> {
  const file = Bun.file(path);
  // Mach-O load commands follow the 32-byte header; sizeofcmds (offset 20) says how far.
  const first = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  const cmds = first.length >= 24 ? new DataView(first.buffer).getUint32(20, true) : 0;
  const head = t.os === "darwin" && cmds + 32 > first.length ? new Uint8Array(await file.slice(0, cmds + 32).arrayBuffer()) : first;
  const info = inspectBinary(head);
  const want = t.os === "linux" ? "elf" : "macho";
  if (info.format !== want || info.arch !== t.arch) return `${basename(path)}: expected ${want} ${t.arch}, found ${info.format} ${info.arch}`;
  if (t.os === "darwin" && !info.codeSigned) return `${basename(path)}: no code signature (macOS would kill it)`;
  return null;
}

export async function sha256File(path: string): Promise<string> {
  const h = new Bun.CryptoHasher("sha256");
  for await (const chunk of Bun.file(path).stream()) h.update(chunk);
  return h.digest("hex");
}

/** `sha256sum` format (hash, two spaces, name), sorted by name: what install.sh and the launcher read. */
export async function writeSums(dir: string, names: string[]): Promise<string> {
  const lines = await Promise.all([...names].sort().map(async (n) => `${await sha256File(join(dir, n))}  ${n}\n`));
  const out = join(dir, "SHA256SUMS");
  writeFileSync(out, lines.join(""));
  return out;
}

/**
 * `<out>` = tar.gz holding the binary as `session-recorder`, plus README.md and LICENSE, at
 * the top level (install.sh and the launcher extract `session-recorder` by that name).
 * `level` 1 keeps the tests fast; releases use 9.
 */
export async function makeArchive(binary: string, out: string, level = 9): Promise<void> {
  const stage = mkdtempSync(join(tmpdir(), "sr-stage-"));
  try {
    copyFileSync(binary, join(stage, "session-recorder"));
    chmodSync(join(stage, "session-recorder"), 0o755);
    copyFileSync(join(ROOT, "README.md"), join(stage, "README.md"));
    copyFileSync(join(ROOT, "LICENSE"), join(stage, "LICENSE"));
    // COPYFILE_DISABLE: macOS tar would otherwise add ._* metadata files.
    await $`tar -cf - -C ${stage} session-recorder README.md LICENSE | gzip -n -${level} > ${out}`.env({ ...process.env, COPYFILE_DISABLE: "1" }).quiet();
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Files that carry the version besides package.json, and how to read and rewrite it there. */
const VERSIONED: { path: string; pattern: RegExp; render: (v: string) => string }[] = [
  { path: "plugin/bin/session-recorder", pattern: /^VERSION="([^"]*)"/m, render: (v) => `VERSION="${v}"` },
  { path: "plugin/.claude-plugin/plugin.json", pattern: /"version":\s*"([^"]*)"/, render: (v) => `"version": "${v}"` },
];

export function packageVersion(): string {
  return JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
}

/** Files whose version differs from package.json; with `fix`, rewrites them in place first. */
export function versionMismatches(fix = false): { path: string; found: string | undefined }[] {
  const want = packageVersion();
  const bad: { path: string; found: string | undefined }[] = [];
  for (const f of VERSIONED) {
    const file = join(ROOT, f.path);
    const text = readFileSync(file, "utf8");
    const found = f.pattern.exec(text)?.[1];
    if (found === want) continue;
    if (fix && found !== undefined) writeFileSync(file, text.replace(f.pattern, f.render(want)));
    else bad.push({ path: f.path, found });
  }
  return bad;
}
