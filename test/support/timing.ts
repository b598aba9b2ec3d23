// Inputs that once took seconds to minutes (most found by scripts/stress.ts's fuzzer) must be
// handled in linear time. The bounds are 10-100x the expected time, so they catch a quadratic
// comeback, not a slow machine.
import { expect, test } from "bun:test";

/** A test that `fn` returns within `maxMs`. */
export function fast(name: string, fn: () => unknown, maxMs = 500): void {
  test(name, () => {
    const t = performance.now();
    fn();
    expect(performance.now() - t).toBeLessThan(maxMs);
  });
}
