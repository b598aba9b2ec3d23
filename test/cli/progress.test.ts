// The progress line: what it says, and that it never outgrows the terminal (a wrapped
// line can no longer be redrawn in place).
import { describe, expect, test } from "bun:test";
import { ProgressLine, renderProgress } from "../../src/cli/progress.ts";

const p = { filesDone: 812, filesTotal: 2000, bytesDone: 412 * 1048576, bytesTotal: 1024 * 1048576 };

describe("renderProgress", () => {
  test("files, MB, rate and ETA, with a bar; colour only when asked", () => {
    const plain = renderProgress(p, 2, false, 100);
    expect(plain).toBe(`${"█".repeat(8)}${"░".repeat(12)}  812/2000 files  412/1024 MB  206 MB/s  ETA 3 s`);
    expect(renderProgress(p, 2, true, 100)).toBe(`\x1b[36m${"█".repeat(8)}${"░".repeat(12)}\x1b[0m  812/2000 files  412/1024 MB  206 MB/s  ETA 3 s`);
  });

  test("narrow terminals lose fields from the right, never wrap", () => {
    for (const width of [79, 60, 45, 30, 12]) {
      const line = renderProgress(p, 2, false, width);
      expect(line.length).toBeLessThanOrEqual(width);
      expect(line).toContain("812/2000");
    }
    expect(renderProgress(p, 2, false, 45)).not.toContain("ETA");
  });
});

describe("ProgressLine", () => {
  test("notes go above the line; the end leaves a clean line", () => {
    let out = "";
    const bar = new ProgressLine({ write: (s: string) => (out += s), columns: 100 }, false);
    bar.update(p);
    bar.note("session-recorder: skipped /x.jsonl: not a regular file");
    bar.end();
    expect(out.startsWith("\r█")).toBe(true);
    expect(out).toContain("\r\x1b[Ksession-recorder: skipped /x.jsonl: not a regular file\n\r█");
    expect(out.endsWith("\x1b[K\r\x1b[K")).toBe(true);
  });
});
