// The backfill run in this process (the binary's route is in backfill.test.ts): what
// it says when the store itself fails.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBin } from "../support/spawn.ts";
import { sandbox } from "../support/tmp.ts";
import { jsonl, line } from "../support/transcript.ts";
import { makeRuntime } from "../../src/runtime.ts";
import { Backfill, StoreError } from "../../src/backfill/run.ts";

/** A sandbox with one transcript to index and a store file that is not a database. */
function corruptStore() {
  const sbx = sandbox();
  writeFileSync(join(sbx.transcripts, "corrupt-1.jsonl"), jsonl([line.user("index me", { cwd: sbx.project }), line.assistantText("Done.")]));
  mkdirSync(sbx.data, { recursive: true });
  writeFileSync(join(sbx.data, "sessions.db"), "garbage ".repeat(1000));
  return sbx;
}

const times = (text: string, phrase: string) => text.split(phrase).length - 1;

describe("backfill on a store that cannot be opened", () => {
  test("the error names the store once, and the way out", async () => {
    const sbx = corruptStore();
    const rt = makeRuntime(sbx.env);
    const err = await new Backfill(rt, { workers: 0 }).run().then(
      () => null,
      (e: unknown) => e,
    );
    rt.close();
    expect(err).toBeInstanceOf(StoreError);
    const message = (err as Error).message;
    expect(times(message, "cannot open the store")).toBe(1);
    expect(times(message, join(sbx.data, "sessions.db"))).toBe(1);
    expect(message).toContain("session-recorder doctor");
  });

  test("the command: one line on stderr, exit 1", () => {
    const sbx = corruptStore();
    const r = runBin(["backfill"], { env: sbx.env, cwd: sbx.dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(times(r.stderr, "cannot open the store")).toBe(1);
  });
});
