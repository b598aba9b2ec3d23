import { describe, expect, test } from "bun:test";
import { KeywordScanner } from "../../src/privacy/prefilter.ts";
import { mulberry32 } from "../support/random.ts";

/** Every occurrence of every keyword, by `indexOf` on the lowercased text: what the automaton must find. */
function naive(words: string[], positional: number, text: string): Map<number, number[]> {
  const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const out = new Map<number, number[]>();
  words.forEach((w, k) => {
    const at: number[] = [];
    for (let i = lower.indexOf(w); i !== -1; i = lower.indexOf(w, i + 1)) at.push(i);
    if (at.length) out.set(k, k < positional ? at : at.slice(0, 1));
  });
  return out;
}

describe("KeywordScanner", () => {
  // Keywords that are prefixes, suffixes and infixes of each other: every failure path is taken.
  const words = ["he", "she", "his", "hers", "ushers", "sh", "a", "aa", "aaa", "abab", "bab", "key", "api_key", "apikey", "secret", "cret", "ret"];
  const scanner = new KeywordScanner(words, 12);

  test("finds every occurrence of the positional keywords and the first of the others, as indexOf does", () => {
    const rnd = mulberry32(11);
    const pieces = [...words, "x", " ", "_", "-", "H", "S", "é", "漢", "API_KEY", "Secret"];
    for (let t = 0; t < 500; t++) {
      let text = "";
      while (text.length < 120) {
        const p = pieces[Math.floor(rnd() * pieces.length)]!;
        text += rnd() < 0.3 ? p.slice(Math.floor(rnd() * p.length)) : p;
      }
      const want = naive(words, 12, text);
      const got = scanner.scan(text);
      expect(new Map(got.found.map((k, n) => [k, got.at[n]!]))).toEqual(want);
      expect(got.found.length).toBe(want.size);
      // In the order of their first occurrences' ends (where the automaton sees them).
      const ends = got.found.map((k, n) => got.at[n]![0]! + words[k]!.length);
      expect(ends).toEqual([...ends].sort((a, b) => a - b));
    }
  });

  test("an automaton loaded from its data finds the same", () => {
    const loaded = new KeywordScanner(words, 12, scanner.toData());
    for (const text of ["ushers", "aaaa abab", "API_KEY=1 apikey secret", "", "漢字 he"]) expect(loaded.scan(text)).toEqual(scanner.scan(text));
  });

  /** The offsets found for keyword `k`, or undefined when it is absent. */
  const offsets = (hits: { found: number[]; at: number[][] }, k: number) => {
    const n = hits.found.indexOf(k);
    return n === -1 ? undefined : hits.at[n];
  };

  test("overlapping and case-insensitive occurrences, in one pass", () => {
    const hits = new KeywordScanner(["he", "she", "hers", "xoxb-"]).scan("USHERS and she said XOXB-1 xoxb-2");
    expect([0, 1, 2, 3].map((k) => offsets(hits, k))).toEqual([[2, 12], [1, 11], [2], [20, 27]]);
  });

  test("presence-only keywords keep their first offset only; absent ones are not found", () => {
    const hits = new KeywordScanner(["ab", "cd", "zz"], 1).scan("ab cd ab cd cd");
    expect([0, 1, 2].map((k) => offsets(hits, k))).toEqual([[0, 6], [3], undefined]);
  });

  test("a text without keywords finds nothing", () => {
    expect(scanner.scan("0123 !? zzz").found).toEqual([]);
  });
});
