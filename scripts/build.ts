// Build the single-file binary for this machine into plugin/bin/native/session-recorder,
// where the plugin's launcher (plugin/bin/session-recorder) runs it in preference to a
// downloaded release; then smoke-test it (`--version`). Release builds: scripts/build-all.ts.
import { $ } from "bun";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };
import { COMPILE_FLAGS, ENTRY_POINTS } from "./lib/compile.ts";

const root = join(import.meta.dir, "..");
const out = join(root, "plugin", "bin", "native", "session-recorder");
mkdirSync(join(root, "plugin", "bin", "native"), { recursive: true });

const started = performance.now();
await $`bun build ${ENTRY_POINTS.map((p) => join(root, p))} ${COMPILE_FLAGS} --outfile ${out}`.cwd(root).quiet();
const version = (await $`${out} --version`.text()).trim();
if (version !== pkg.version) {
  console.error(`build: smoke test failed: --version printed "${version}", expected "${pkg.version}"`);
  process.exit(1);
}
console.log(`built ${out} (v${version}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
