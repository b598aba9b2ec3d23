// Build the single-file binary for this machine into plugin/bin/session-recorder,
// then smoke-test it (`--version`). Cross-platform release builds: see scripts/build-all (issue 3).
import { $ } from "bun";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };

const root = join(import.meta.dir, "..");
const out = join(root, "plugin", "bin", "session-recorder");
mkdirSync(join(root, "plugin", "bin"), { recursive: true });

const started = performance.now();
// --bytecode needs ESM for top-level await; --minify + --bytecode halve start-up time.
await $`bun build ${join(root, "src/main.ts")} --compile --minify --bytecode --format=esm --outfile ${out}`.cwd(root).quiet();
const version = (await $`${out} --version`.text()).trim();
if (version !== pkg.version) {
  console.error(`build: smoke test failed: --version printed "${version}", expected "${pkg.version}"`);
  process.exit(1);
}
console.log(`built ${out} (v${version}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
