// Executable headers: the parser on made-up headers and on the host build, and the release
// set in dist/ when `npm run build:all` has made it (it checks the same itself).
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TARGETS, assetName, checkBinary, hostTarget, inspectBinary, sha256File, ROOT } from "../../scripts/lib/release.ts";
import { BIN } from "../support/paths.ts";

function elf(machine: number): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
  new DataView(b.buffer).setUint16(18, machine, true);
  return b;
}

function macho(cpu: number, commands: number[]): Uint8Array {
  const b = new Uint8Array(32 + commands.length * 16);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0xfeedfacf, true);
  v.setUint32(4, cpu, true);
  v.setUint32(16, commands.length, true);
  v.setUint32(20, commands.length * 16, true);
  commands.forEach((c, i) => {
    v.setUint32(32 + i * 16, c, true);
    v.setUint32(36 + i * 16, 16, true);
  });
  return b;
}

describe("inspectBinary", () => {
  test.each([
    ["ELF x86-64", elf(62), { format: "elf", arch: "x64", codeSigned: false }],
    ["ELF aarch64", elf(183), { format: "elf", arch: "arm64", codeSigned: false }],
    ["ELF riscv", elf(243), { format: "elf", arch: "other", codeSigned: false }],
    ["Mach-O arm64, signed", macho(0x0100000c, [0x19, 0x1d]), { format: "macho", arch: "arm64", codeSigned: true }],
    ["Mach-O x86_64, unsigned", macho(0x01000007, [0x19, 0x2]), { format: "macho", arch: "x64", codeSigned: false }],
    ["a shell script", new TextEncoder().encode("#!/bin/sh\necho hi\n".padEnd(64)), { format: "unknown", arch: "other", codeSigned: false }],
  ])("%s", (_name, head, want) => expect(inspectBinary(head)).toEqual(want as ReturnType<typeof inspectBinary>));

  const host = hostTarget();
  test.skipIf(!host)("the host build (plugin/bin/native) has the host's header", async () => {
    expect(await checkBinary(host!, BIN)).toBeNull();
    const other = TARGETS.find((t) => t.os === host!.os && t.arch !== host!.arch)!;
    expect(await checkBinary(other, BIN)).toContain(`expected ${host!.os === "linux" ? "elf" : "macho"} ${other.arch}`);
  });
});

const dist = join(ROOT, "dist");
const built = TARGETS.filter((t) => existsSync(join(dist, assetName(t))));
if (!built.length) console.warn("skipped the dist/ checks: no release build there (npm run build:all makes one)");

describe.skipIf(!built.length)("the release set in dist/ (npm run build:all)", () => {
  test.each(built.map((t) => [assetName(t), t] as const))(
    "%s: header, archive, checksum",
    async (name, t) => {
      expect(await checkBinary(t, join(dist, name))).toBeNull();
      const listing = Bun.spawnSync(["tar", "-tzf", join(dist, `${name}.tar.gz`)])
        .stdout.toString()
        .trim()
        .split("\n")
        .sort();
      expect(listing).toEqual(["LICENSE", "README.md", "session-recorder"]);
      const sums = readFileSync(join(dist, "SHA256SUMS"), "utf8");
      for (const file of [name, `${name}.tar.gz`]) expect(sums).toContain(`${await sha256File(join(dist, file))}  ${file}\n`);
    },
    60_000,
  );

  test("every target was built", () => expect(built.map(assetName)).toEqual(TARGETS.map(assetName)));
});
