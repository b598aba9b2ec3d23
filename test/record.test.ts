// src/record.ts: the one schema of the session record. What the extractor builds must
// be what an import accepts (the type is derived from the schema; this checks the
// values), and the session-id rule keeps ids usable as file names.
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readAppended } from "../src/transcript/reader.ts";
import { parseLine } from "../src/transcript/entries.ts";
import { applyEntry, emptyState } from "../src/extract/state.ts";
import { buildRecord } from "../src/extract/record.ts";
import { redactDefault } from "../src/privacy/redact.ts";
import { clip, parseRecord, SESSION_ID } from "../src/record.ts";
import { FIXTURES } from "./support/paths.ts";

const T = join(FIXTURES, "transcripts");

/** The record of a session with nothing read yet. */
const emptyRecord = (sessionId: string) =>
  buildRecord(emptyState(), { sessionId, project: "/p", cwd: "/p", gitBranch: null, transcriptPath: null, home: "/h", now: "2026-01-01T00:00:00.000Z" });

describe("the session record's schema", () => {
  const mains = readdirSync(T).filter((f) => f.endsWith(".jsonl") && !f.includes(".subagents."));

  test("every record built from a fixture transcript is a valid record, unchanged by parsing", () => {
    expect(mains.length).toBeGreaterThan(5);
    for (const f of mains) {
      const state = emptyState();
      readAppended(join(T, f), undefined, (l) => {
        for (const e of parseLine(l)) applyEntry(state, e, redactDefault);
      });
      const record = buildRecord(state, {
        sessionId: f.split(".").at(-2)!,
        project: "/home/dev/src/shop",
        cwd: "/home/dev/src/shop",
        gitBranch: "main",
        transcriptPath: join(T, f),
        home: "/home/dev",
        now: "2026-11-23T00:00:00.000Z",
      });
      const parsed = parseRecord(record);
      expect(parsed.ok ? parsed.record : parsed.error).toEqual(record);
    }
  });

  test("an older record without title or repo imports, with title null", () => {
    const { title: _, repo: __, ...old } = emptyRecord("old-1");
    const parsed = parseRecord(old);
    expect(parsed.ok && parsed.record.title).toBe(null);
    expect(parsed.ok && "repo" in parsed.record).toBe(false);
  });

  test("malformed records are refused with the field that is wrong", () => {
    const good = emptyRecord("s-1");
    expect(parseRecord({ ...good, session_id: "../etc" })).toEqual({ ok: false, error: "session_id: not a plain session id" });
    expect(parseRecord({ ...good, todos: [{ content: "x", status: "done" }] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^todos\.0\.status: /),
    });
    expect(parseRecord({ ...good, updated_at: "yesterday" })).toEqual({ ok: false, error: "updated_at: not a date" });
  });
});

describe("SESSION_ID and clip", () => {
  test.each(["3376c1c3-2d2f-40b6-baaf-e4439cde8cb0", "agent-a0ea2b9a", "a.b_c-d", "x".repeat(128)])("%s is a session id", (id) => {
    expect(SESSION_ID.test(id)).toBe(true);
  });
  test.each(["", ".", "..", "../x", "a/b", "-a", ".hidden", "a b", "x".repeat(129)])("%j is not", (id) => {
    expect(SESSION_ID.test(id)).toBe(false);
  });
  test("clip keeps short texts and ends cut ones with an ellipsis, within max", () => {
    expect(clip("abc", 3)).toBe("abc");
    expect(clip("abcd", 3)).toBe("ab…");
    expect(clip("abcd", 3).length).toBe(3);
  });

  test("clip never leaves half of a character made of two UTF-16 units", () => {
    expect(clip("ab😀cd", 4)).toBe("ab…");
    expect(clip("ab😀cd", 5)).toBe("ab😀…");
    expect(clip("😀😀😀", 2)).toBe("…");
    for (let max = 1; max < 12; max++) expect(clip("x😀".repeat(6), max)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
