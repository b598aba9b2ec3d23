// Imported `with { type: "macro" }` by redact.ts: runs when that file is bundled or transpiled
// (`bun build --compile`, `bun test`), so the binary carries the keyword list and automaton already
// built: building them costs a fresh hook process several milliseconds of cold code.
import { KeywordScanner } from "./prefilter.ts";
import { keywordSet } from "./keywords.ts";
import { CONTEXT_PATTERNS, VENDOR_PATTERNS } from "./patterns.ts";
import { generatedTable } from "./rules.generated.ts";

const builtinSet = () => keywordSet(generatedTable().rules, [...VENDOR_PATTERNS, ...CONTEXT_PATTERNS]);

/** JSON of the built-in rules' and patterns' KeywordSet (keywords.ts). */
export function builtinKeywords(): string {
  return JSON.stringify(builtinSet());
}

/** JSON of the automaton over those keywords (ScannerData). */
export function builtinAutomaton(): string {
  const set = builtinSet();
  return JSON.stringify(new KeywordScanner(set.words, set.positional).toData());
}
