// `npm run build:all`: the release set in dist/. For every target in scripts/lib/release.ts:
//   dist/session-recorder-<os>-<arch>          the binary (cross-compiled by bun)
//   dist/session-recorder-<os>-<arch>.tar.gz   it as `session-recorder`, with README.md and LICENSE
// and dist/SHA256SUMS over all of them. Every binary's executable header is checked (format,
// CPU, macOS code signature) and the host's binary must print the version: a build that
// cannot run where it is meant to fails here rather than on a user's machine.
//
// `--sync-version` first rewrites the version in the launcher and plugin.json to package.json's;
// without it a mismatch fails the build (a release must not ship a launcher that fetches the
// wrong version).
import { COMPILE_FLAGS, ENTRY_POINTS } from "./lib/compile.ts";
import { $ } from "bun";
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT, TARGETS, assetName, checkBinary, hostTarget, makeArchive, packageVersion, versionMismatches, writeSums } from "./lib/release.ts";

const started = performance.now();
const fail = (msg: string): never => {
  console.error(`build-all: ${msg}`);
  process.exit(1);
};

const version = packageVersion();
const mismatched = versionMismatches(process.argv.includes("--sync-version"));
if (mismatched.length) {
  fail(
    `version ${version} (package.json) differs in ${mismatched.map((m) => `${m.path} (${m.found ?? "none"})`).join(", ")}; run \`bun scripts/build-all.ts --sync-version\``,
  );
}

// Built in dist/.partial and moved up only when all of it is good: a failed build leaves the
// last complete set alone (test/ship/binaries.test.ts checks whatever dist/ holds).
const final = join(ROOT, "dist");
const dist = join(final, ".partial");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

for (const t of TARGETS) {
  const out = join(dist, assetName(t));
  const r = await $`${process.execPath} build ${ENTRY_POINTS.map((p) => join(ROOT, p))} ${COMPILE_FLAGS} --target=${t.bun} --outfile ${out}`
    .cwd(ROOT)
    .quiet()
    .nothrow();
  if (r.exitCode !== 0) {
    const why = (r.stderr.toString() + r.stdout.toString()).trim().split("\n").slice(-3).join(" | ");
    const fetchHint = /download|fetch|DNS|connect|registry/i.test(why)
      ? ` (bun fetches the ${t.bun} runtime from the npm registry into ~/.bun/install/cache: check the network or proxy)`
      : "";
    fail(`cross-compiling for ${t.os}-${t.arch} failed${fetchHint}: ${why}`);
  }
  const bad = await checkBinary(t, out);
  if (bad) fail(`wrong binary: ${bad}`);
}

const host = hostTarget();
if (host) {
  const printed = (await $`${join(dist, assetName(host))} --version`.quiet().nothrow().text()).trim();
  if (printed !== version) fail(`smoke test: ${assetName(host)} --version printed "${printed}", expected "${version}"`);
} else {
  console.warn(`build-all: no smoke test: ${process.platform}-${process.arch} is not a release target`);
}

// gzip is single-threaded: compress all archives at once.
await Promise.all(TARGETS.map((t) => makeArchive(join(dist, assetName(t)), join(dist, `${assetName(t)}.tar.gz`))));
const assets = TARGETS.flatMap((t) => [assetName(t), `${assetName(t)}.tar.gz`]);
await writeSums(dist, assets);
for (const f of readdirSync(final)) if (f !== ".partial") rmSync(join(final, f), { recursive: true, force: true });
for (const f of readdirSync(dist)) renameSync(join(dist, f), join(final, f));
rmSync(dist, { recursive: true });

for (const a of [...assets, "SHA256SUMS"]) console.log(`  dist/${a}  ${(Bun.file(join(final, a)).size / 1024 / 1024).toFixed(1)} MiB`);
console.log(
  `build-all: v${version}, ${TARGETS.length} targets, headers checked${host ? `, ${assetName(host)} smoke-tested` : ""}, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
