import { describe, expect, test } from "bun:test";
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readAppended, MAX_LINE_BYTES, NotARegularFile, type FileCursor } from "../../src/transcript/reader.ts";
import { tempDir } from "../support/tmp.ts";

function readAll(path: string, cursor?: FileCursor) {
  const lines: string[] = [];
  const res = readAppended(path, cursor, (l) => lines.push(l.toString()));
  return { lines, ...res };
}

describe("readAppended", () => {
  test("reads only what was appended since the cursor", () => {
    const p = join(tempDir(), "t.jsonl");
    writeFileSync(p, '{"a":1}\n{"a":2}\n');
    const first = readAll(p);
    expect(first.lines).toEqual(['{"a":1}', '{"a":2}']);
    expect(first.fromStart).toBe(true);
    appendFileSync(p, '{"a":3}\n');
    const second = readAll(p, first.cursor);
    expect(second.lines).toEqual(['{"a":3}']);
    expect(second.fromStart).toBe(false);
    expect(second.bytesRead).toBe(8);
  });

  test("leaves a truncated last line for the next call", () => {
    const p = join(tempDir(), "t.jsonl");
    writeFileSync(p, '{"a":1}\n{"a":');
    const first = readAll(p);
    expect(first.lines).toEqual(['{"a":1}']);
    appendFileSync(p, "2}\n");
    expect(readAll(p, first.cursor).lines).toEqual(['{"a":2}']);
  });

  test("a file rewritten shorter is re-read from the start", () => {
    const p = join(tempDir(), "t.jsonl");
    writeFileSync(p, '{"a":1}\n{"a":2}\n{"a":3}\n');
    const first = readAll(p);
    writeFileSync(p, '{"b":1}\n');
    const second = readAll(p, first.cursor);
    expect(second.fromStart).toBe(true);
    expect(second.lines).toEqual(['{"b":1}']);
  });

  test("a file replaced by another of the same size or longer is re-read from the start", () => {
    const dir = tempDir();
    const p = join(dir, "t.jsonl");
    writeFileSync(p, '{"a":1}\n');
    const first = readAll(p);
    writeFileSync(join(dir, "new"), '{"z":9}\n{"z":8}\n');
    renameSync(join(dir, "new"), p);
    const second = readAll(p, first.cursor);
    expect(second.fromStart).toBe(true);
    expect(second.lines).toEqual(['{"z":9}', '{"z":8}']);
  });

  test("a file rewritten in place with a different beginning is re-read", () => {
    const p = join(tempDir(), "t.jsonl");
    writeFileSync(p, '{"a":1}\n');
    const first = readAll(p);
    writeFileSync(p, '{"q":1}\n{"q":2}\n');
    expect(readAll(p, first.cursor).fromStart).toBe(true);
  });

  test("CRLF and a BOM do not break lines", () => {
    const p = join(tempDir(), "t.jsonl");
    writeFileSync(p, '\ufeff{"a":1}\r\n{"a":2}\r\n');
    expect(readAll(p).lines).toEqual(['{"a":1}', '{"a":2}']);
  });

  test("an over-long line is skipped, and the lines around it are kept", () => {
    const p = join(tempDir(), "t.jsonl");
    writeFileSync(p, '{"a":1}\n' + "x".repeat(MAX_LINE_BYTES + 10) + '\n{"a":2}\n');
    const r = readAll(p);
    expect(r.lines).toEqual(['{"a":1}', '{"a":2}']);
    expect(r.linesSkippedTooLong).toBe(1);
  });

  test("an over-long line still being written is consumed, not re-read by every later call", () => {
    const p = join(tempDir(), "t.jsonl");
    writeFileSync(p, '{"a":1}\n' + "x".repeat(MAX_LINE_BYTES + 10));
    const first = readAll(p);
    expect(first.lines).toEqual(['{"a":1}']);
    expect(first.cursor.offset).toBe(8 + MAX_LINE_BYTES + 10);
    appendFileSync(p, 'yyy\n{"a":2}\n');
    const second = readAll(p, first.cursor);
    expect(second.lines).toEqual(['{"a":2}']);
    expect(second.bytesRead).toBe(12);
  });

  test("multi-byte characters across chunk boundaries survive", () => {
    const p = join(tempDir(), "t.jsonl");
    const text = "é€😀".repeat(300_000); // > 1 MiB chunk
    writeFileSync(p, JSON.stringify({ t: text }) + "\n");
    const r = readAll(p);
    expect(JSON.parse(r.lines[0]!).t).toBe(text);
  });

  test("a directory or missing path is an error for the caller, never a hang", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "d.jsonl"));
    expect(() => readAll(join(dir, "d.jsonl"))).toThrow(NotARegularFile);
    expect(() => readAll(join(dir, "missing.jsonl"))).toThrow();
  });
});
