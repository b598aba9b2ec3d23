import { describe, expect, test } from "bun:test";
import { selfArgv } from "../../src/util/allocator.ts";

describe("selfArgv", () => {
  test("the compiled binary runs again alone; from source, bun runs the script again with its flags", () => {
    expect(selfArgv("/home/u/.local/bin/session-recorder", [], "/$bunfs/root/session-recorder", ["backfill", "--since", "7d"])).toEqual([
      "/home/u/.local/bin/session-recorder",
      "backfill",
      "--since",
      "7d",
    ]);
    expect(selfArgv("/usr/bin/bun", ["--smol"], "/repo/src/main.ts", ["backfill"])).toEqual(["/usr/bin/bun", "--smol", "/repo/src/main.ts", "backfill"]);
  });
});
