// The flags of every compiled binary, the native one (scripts/build.ts) and the release set
// (scripts/build-all.ts): --bytecode needs ESM for top-level await; --minify + --bytecode halve
// start-up time; the JIT policy is explained in src/util/jit.ts.
import { HOOK_JIT_POLICY } from "../../src/util/jit.ts";

export const COMPILE_FLAGS = ["--compile", "--minify", "--bytecode", "--format=esm", `--compile-jit-policy=${HOOK_JIT_POLICY}`];
