// The runtime of a store command: made before run, closed after it, also when run throws.
import { describe, expect, test } from "bun:test";
import { runCommand } from "citty";
import { defineStoreCommand } from "../../src/cli/runtime.ts";
import type { Runtime } from "../../src/runtime.ts";
import type { Store } from "../../src/store/sessions.ts";

/** A command that opens the store, remembers it, and then returns or throws. */
function probe(fail: boolean) {
  const seen: { rt?: Runtime; store?: Store } = {};
  const cmd = defineStoreCommand({
    args: { name: { type: "string", default: "x" } },
    run({ args }, rt) {
      seen.rt = rt;
      seen.store = rt.store();
      expect(seen.store.count()).toBe(0);
      if (fail) throw new Error(`failed for ${args.name}`);
      return args.name;
    },
  });
  return { cmd, seen };
}

const closed = (store: Store) => {
  try {
    store.count();
    return false;
  } catch {
    return true;
  }
};

describe("defineStoreCommand", () => {
  test("run gets the runtime and the parsed args; the store is closed once it returns", async () => {
    const { cmd, seen } = probe(false);
    const { result } = await runCommand(cmd, { rawArgs: ["--name", "y"] });
    expect(result).toBe("y");
    expect(seen.rt!.paths.dataDir).toBe(process.env.CLAUDE_PLUGIN_DATA!);
    expect(closed(seen.store!)).toBe(true);
  });

  test("when run throws, the error comes through and the store is closed all the same", async () => {
    const { cmd, seen } = probe(true);
    await expect(runCommand(cmd, { rawArgs: [] })).rejects.toThrow("failed for x");
    expect(closed(seen.store!)).toBe(true);
  });

  test("each run has its own runtime", async () => {
    const { cmd, seen } = probe(false);
    await runCommand(cmd, { rawArgs: [] });
    const first = seen.rt;
    await runCommand(cmd, { rawArgs: [] });
    expect(seen.rt).not.toBe(first);
  });
});
