import { describe, expect, test } from "bun:test";
import { extractDecisions, isDecision, keepDecision } from "../../src/extract/decisions.ts";
import { fast } from "../support/timing.ts";

describe("isDecision", () => {
  const yes = [
    "Fixed timeout from 5s to 15s in hooks/stop.py",
    "Changed the port to 8080 in config.yaml",
    "I've added a retry with exponential backoff to the API client",
    "Switched the session store from JSON files to SQLite with WAL",
    "Renamed `parseLine` to `parseEntry` in src/transcript/entries.ts",
    "Decided to keep one row per session instead of one file per turn",
    "Bumped zod to 4.1",
    "Migrated the users table to the new schema",
  ];
  const no = [
    "The output is unchanged.",
    "Let me check whether the config changed.",
    "I haven't changed the database schema.",
    "Should I update the README?",
    "Here is what I changed:",
    "Things changed a lot.",
    "I will add tests for the parser.",
    "Updated.",
  ];
  for (const s of yes) test(`yes: ${s}`, () => expect(isDecision(s)).toBe(true));
  for (const s of no) test(`no: ${s}`, () => expect(isDecision(s)).toBe(false));
});

describe("extractDecisions", () => {
  test("keeps file names intact and splits real sentences", () => {
    const text = "Fixed timeout from 5s to 15s in hooks/stop.py. Also renamed utils.ts to helpers.ts. Done!";
    expect(extractDecisions(text)).toEqual(["Fixed timeout from 5s to 15s in hooks/stop.py", "Also renamed utils.ts to helpers.ts"]);
  });

  test("reads bullets and bold, skips code blocks and tables", () => {
    const text = [
      "Summary:",
      "- **Added** a busy timeout to `openDatabase`",
      "```ts",
      "// changed the port to 9000 in server.ts",
      "```",
      "| Fixed | thing.py |",
      "1. Removed the unused `legacy.py` module",
    ].join("\n");
    expect(extractDecisions(text)).toEqual(["Added a busy timeout to `openDatabase`", "Removed the unused `legacy.py` module"]);
  });

  test("markup and spacing do not hide a decision (lines are pre-checked before they are cleaned)", () => {
    const lines = [
      "__Fixed__ the port in config.yaml",
      "- **Switched** the store   from JSON files to SQLite",
      "1. We   will use zod instead of io-ts for the schema",
      "Went\twith SQLite for the cache layer",
      "**Deci**sion: keep one row per session in the db",
      "> Use   pnpm instead   of npm in CI",
    ];
    expect(lines.map((l) => extractDecisions(l).length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  test("long sentences are clipped", () => {
    const long = "Changed the config loader in src/config.ts so that " + "every key is validated on its own ".repeat(20);
    const [d] = extractDecisions(long);
    expect(d!.length).toBeLessThanOrEqual(221);
  });
});

describe("linear time", () => {
  fast("a 100 KB slash-separated 'sentence' is not scanned for decisions quadratically", () => extractDecisions("Fixed " + "a/".repeat(50_000)));
  fast("a 100 KB dotted 'sentence' either", () => extractDecisions("Fixed " + "a.".repeat(50_000)));
  fast("a 100 KB line of 'use' without 'instead of'", () => extractDecisions("use ".repeat(25_000)));
});

describe("keepDecision", () => {
  test("the same decision said again moves to the end; the list stays bounded; a list read back from JSON works alike", () => {
    const list: string[] = [];
    for (const d of ["Set the port to 8080", "Fixed the retry in a.ts", "set the PORT to 8080.", "Added c.ts", "Added d.ts"]) keepDecision(list, d, 3);
    expect(list).toEqual(["set the PORT to 8080.", "Added c.ts", "Added d.ts"]);
    const copy = JSON.parse(JSON.stringify(list)) as string[];
    keepDecision(copy, "added C.ts", 3);
    expect(copy).toEqual(["set the PORT to 8080.", "Added d.ts", "added C.ts"]);
  });
});
