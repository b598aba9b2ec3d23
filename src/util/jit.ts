// The compiled binary starts with JavaScriptCore's tier-up thresholds scaled up (scripts/build.ts,
// `--compile-jit-policy`): a hook runs mostly code that runs once, which the JIT would compile
// for nothing (measured: an incremental Stop 7% faster, 9% less CPU). Work that runs long or
// loops over much data gets the normal policy back.

/** The scale the binary is built with. */
export const HOOK_JIT_POLICY = 4;

/** Past this much to read, a hook's loops are hot: compile them as usual. */
export const BULK_READ_BYTES = 4 << 20;

let normal = false;

export function normalJit(): void {
  if (normal) return;
  normal = true;
  // From source (`bun src/main.ts`, tests) the policy is already normal; this only makes it so.
  Bun.unsafe.setJITPolicy(1);
}
