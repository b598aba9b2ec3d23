// config.json: defaults, values that pass their schema, and one line per problem.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_KEYS, configDoc, defaultConfig, loadConfig } from "../src/config.ts";
import { tempDir } from "./support/tmp.ts";

function load(text: string | null) {
  const p = join(tempDir(), "config.json");
  if (text !== null) writeFileSync(p, text);
  return loadConfig(p);
}

describe("loadConfig", () => {
  test("no file: the defaults, no error", () => {
    const c = load(null);
    expect(c.config).toEqual(defaultConfig());
    expect(c.errors).toEqual([]);
    expect(new Set(Object.values(c.sources))).toEqual(new Set(["default"]));
  });

  test("a valid value is used and its source named; the others stay default", () => {
    const c = load(JSON.stringify({ max_decisions: 2 }));
    expect([c.config.max_decisions, c.sources.max_decisions, c.sources.context_max_chars, c.errors]).toEqual([2, "config.json", "default", []]);
  });

  const bad: [string, string, RegExp][] = [
    ["not JSON", "{ nope", /not valid JSON .*; using defaults$/],
    ["not an object", "[1, 2]", /must be a JSON object; using defaults$/],
    ["an unknown key", '{"max_sesions": 5}', /unknown key "max_sesions" \(known: /],
    ["a value of the wrong type", '{"max_sessions": "lots"}', /"max_sessions" = "lots" is invalid \(.*\); using default /],
    ["a context budget past the hard cap", '{"context_max_chars": 20000}', /"context_max_chars" = 20000 is invalid/],
  ];
  for (const [name, text, want] of bad) {
    test(`${name}: one line, the defaults kept`, () => {
      const c = load(text);
      expect(c.errors).toHaveLength(1);
      expect(c.errors[0]).toMatch(want);
      expect(c.errors[0]).not.toContain("\n");
      expect(c.config).toEqual(defaultConfig());
    });
  }

  test("the defaults are copies: a list changed in one loaded config is not changed in the next", () => {
    load(null).config.redact_disable.push("github-token");
    expect(load(null).config.redact_disable).toEqual([]);
  });
});

test("every key is documented", () => {
  for (const k of CONFIG_KEYS) expect(configDoc(k).length).toBeGreaterThan(10);
});
