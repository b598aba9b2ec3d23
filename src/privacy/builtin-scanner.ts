// Imported `with { type: "macro" }` by redact.ts: runs when that file is bundled or transpiled
// (`bun build --compile`, `bun test`), so the binary carries the keyword automaton already built.
// Building it costs a hook process several milliseconds of cold code; loading it, a fraction of one.
import { KeywordScanner } from "./prefilter.ts";
import { keywordSet } from "./keywords.ts";
import { CONTEXT_PATTERNS, VENDOR_PATTERNS } from "./patterns.ts";
import { generatedTable } from "./rules.generated.ts";

/** JSON of `{ ruleIdx, scanner }` for the built-in rules and patterns (see keywords.ts). */
export function builtinScanner(): string {
  const set = keywordSet(generatedTable().rules, [...VENDOR_PATTERNS, ...CONTEXT_PATTERNS]);
  return JSON.stringify({ ruleIdx: set.ruleIdx, scanner: new KeywordScanner(set.words, set.positional).toData() });
}
