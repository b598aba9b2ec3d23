// The words of the one keyword scan every redaction starts with: first the generated rules'
// keywords (their offsets matter: most rules run only in windows around them), then the
// hand-written patterns' hints (only their presence matters). All rules count, switched off or
// not, so that the list, and the automaton built from it, never depend on the user's config.
import type { GeneratedRule } from "./rules.generated.ts";
import type { Pattern } from "./pattern.ts";

export interface KeywordSet {
  words: string[];
  /** Words before this index are the rules' (positional); the rest are hints (presence only). */
  positional: number;
  /** Per rule, in the order given: the indices of its keywords in `words`. */
  ruleIdx: number[][];
}

export function keywordSet(rules: readonly GeneratedRule[], patterns: readonly Pattern[]): KeywordSet {
  const words: string[] = [];
  const index = new Map<string, number>();
  const idOf = (word: string) => {
    let i = index.get(word);
    if (i === undefined) index.set(word, (i = words.push(word) - 1));
    return i;
  };
  const ruleIdx = rules.map((r) => r.keywords.map(idOf));
  const positional = words.length;
  for (const p of patterns) for (const h of p.hint ?? []) idOf(h.toLowerCase());
  return { words, positional, ruleIdx };
}
