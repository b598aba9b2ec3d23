import { describe, expect, test } from "bun:test";
import { KeywordScanner, type ScannerData } from "../../src/privacy/prefilter.ts";
import { keywordSet, type KeywordSet } from "../../src/privacy/keywords.ts";
import { builtinAutomaton, builtinKeywords } from "../../src/privacy/builtin-scanner.ts";
import { CONTEXT_PATTERNS, VENDOR_PATTERNS } from "../../src/privacy/patterns.ts";
import { generatedTable } from "../../src/privacy/rules.generated.ts";
import { makeRedactor } from "../../src/privacy/redact.ts";

describe("the prebuilt keyword scan", () => {
  const set = keywordSet(generatedTable().rules, [...VENDOR_PATTERNS, ...CONTEXT_PATTERNS]);
  const built = JSON.parse(builtinKeywords()) as KeywordSet;
  const tables = JSON.parse(builtinAutomaton()) as ScannerData;

  test("holds every rule's keywords first, then the hints, each word once", () => {
    expect(built).toEqual(set);
    expect(new Set(set.words).size).toBe(set.words.length);
    for (const [i, r] of generatedTable().rules.entries()) expect(set.ruleIdx[i]!.map((k) => set.words[k])).toEqual(r.keywords);
    for (const p of [...VENDOR_PATTERNS, ...CONTEXT_PATTERNS]) for (const h of p.hint ?? []) expect(set.words).toContain(h.toLowerCase());
    expect(tables.keywords).toEqual(set.words);
    expect(tables.firstPresenceOnly).toBe(set.positional);
  });

  test("the loaded automaton finds what one built at run time finds", () => {
    const fresh = new KeywordScanner(set.words, set.positional);
    const loaded = new KeywordScanner(set.words, set.positional, tables);
    // Texts made of the keywords themselves, cut and glued at random, plus noise.
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    for (let t = 0; t < 300; t++) {
      let text = "";
      while (text.length < 400) {
        const w = set.words[rnd(set.words.length)]!;
        text += rnd(3) === 0 ? w.toUpperCase() : w.slice(rnd(2));
        text += " =:_-é漢x".charAt(rnd(9));
      }
      expect(loaded.scan(text)).toEqual(fresh.scan(text));
    }
  });

  test("a rule switched off by the user neither runs nor changes the scan", () => {
    const text = "GITLAB=glpat-" + "Ab3dE6gH9jK2mN5pQ8rS";
    expect(makeRedactor()(text)).toContain("[REDACTED:gitlab-token]");
    expect(makeRedactor([], new Set(["gitlab-token"]))(text)).not.toContain("[REDACTED:gitlab-token]");
  });
});
