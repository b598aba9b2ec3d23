// Query text -> FTS5 terms and expression: any input is plain words, never FTS syntax.
import { describe, expect, test } from "bun:test";
import { ftsQuery, queryTerms } from "../../src/store/fts.ts";
import { expandTerms } from "../../src/store/synonyms.ts";

describe("queryTerms", () => {
  const cases: [string, string, string[]][] = [
    ["lowercased words, punctuation dropped", "Redis-Cache TIMEOUT!", ["redis", "cache", "timeout"]],
    ["each word once", "cache cache Cache", ["cache"]],
    ["single letters dropped, single digits kept", "a b 7 x9", ["7", "x9"]],
    ["CJK as bigrams", "登录页面", ["登录", "录页", "页面"]],
    ["nothing searchable", "?! - ...", []],
  ];
  for (const [name, q, want] of cases) test(name, () => expect(queryTerms(q)).toEqual(want));

  test("at most 32 terms", () => expect(queryTerms(Array.from({ length: 50 }, (_, i) => `word${i}`).join(" "))).toHaveLength(32));
});

describe("ftsQuery", () => {
  const cases: [string[], string][] = [
    [["auth"], '"auth"*'],
    [["db", "api"], '"db" OR "api"'],
    [['a"b', "AND", "x:y*"], '"a""b" OR "AND" OR "x:y*"*'],
    [[], ""],
  ];
  for (const [terms, want] of cases) test(`${JSON.stringify(terms)} -> ${want}`, () => expect(ftsQuery(terms)).toBe(want));
});

describe("expandTerms", () => {
  test("synonyms are added once, the query's own words first", () => {
    const out = expandTerms(["deploy", "release", "zebracorn"]);
    expect(out.slice(0, 3)).toEqual(["deploy", "release", "zebracorn"]);
    expect(out).toContain("deployment");
    expect(new Set(out).size).toBe(out.length);
  });
  test("a word without synonyms is just itself", () => expect(expandTerms(["zebracorn"])).toEqual(["zebracorn"]));
});
