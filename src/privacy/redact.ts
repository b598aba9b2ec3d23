// The redactor: every pattern of patterns.ts (plus the user's, minus the ones the
// user switched off) applied to a text in as few passes as possible.
import { CONTEXT_PATTERNS, VENDOR_PATTERNS } from "./patterns.ts";
import type { Pattern, Span } from "./pattern.ts";
import { looksFake, looksLikePlaceholder } from "./refine.ts";
import { allowedUpstream, makeGeneratedStep, type GeneratedStep, type Hit } from "./generated.ts";
import { KeywordScanner, type ScannerData } from "./prefilter.ts";
import { builtinAutomaton, builtinKeywords } from "./builtin-scanner.ts" with { type: "macro" };
import type { KeywordSet } from "./keywords.ts";

export { BUILTIN_PATTERNS } from "./patterns.ts";
export type { Pattern } from "./pattern.ts";

export type Redactor = (text: string) => string;

/** One pass over the text: a single pattern, or several simple ones merged into one alternation. */
interface Compiled {
  /** Made on the first text this pass runs on: a hook process runs few of them (most wait for a hint). */
  re?: RegExp;
  source: string;
  flags: string;
  members: Pattern[];
  /** Built-in patterns get the shared checks (documentation values, upstream allowlists); the user's do not. */
  builtin?: boolean;
  hint?: string[];
}

export function makeRedactor(extra: Pattern[] = [], disabled: ReadonlySet<string> = new Set()): Redactor {
  // Own copies of the regexes (lastIndex is per-redactor), always global, with indices for groups.
  // A pattern with hints runs only when one occurs in the text: all hints and all the generated
  // rules' keywords are found in ONE pass (prefilter.ts; case-insensitive, so a superset), which
  // costs less than a single `includes` per hint on a long text. Patterns without hints run always;
  // runs of simple ones (whole match, no groups, no flags) share one pass: `(?<m0>…)|(?<m1>…)|…`.
  const compiled: Compiled[] = [];
  let run: Pattern[] = [];
  const flush = () => {
    if (run.length > 1) compiled.push({ source: run.map((p, i) => `(?<m${i}>${p.regex.source})`).join("|"), flags: "g", members: run });
    else if (run.length === 1) compiled.push(single(run[0]!));
    run = [];
  };
  const add = (list: Pattern[]) => {
    for (const p of list) {
      if (disabled.has(p.kind)) continue;
      if (!p.hint && isSimple(p)) run.push(p);
      else {
        flush();
        compiled.push(single(p));
      }
    }
    flush();
  };
  add(VENDOR_PATTERNS);
  add(CONTEXT_PATTERNS);
  for (const c of compiled) c.builtin = true;
  add(extra);
  let ready: { scanner: KeywordScanner; generated: GeneratedStep; hinted: number[][]; always: number[] } | null = null;
  const init = () => {
    const set = builtinSet();
    // Every built-in hint is in the prebuilt scan; a pattern with another one gets a scanner of its own.
    const words = [...set.words];
    const index = new Map(words.map((w, i) => [w, i]));
    const wordOf = (hint: string) => {
      const w = hint.toLowerCase();
      let i = index.get(w);
      if (i === undefined) index.set(w, (i = words.push(w) - 1));
      return i;
    };
    // Per keyword: the passes it hints at; and the passes with no hint, which always run.
    const hinted: number[][] = [];
    const always: number[] = [];
    compiled.forEach((c, i) => {
      if (!c.hint) always.push(i);
      else for (const k of new Set(c.hint.map(wordOf))) (hinted[k] ??= []).push(i);
    });
    const scanner = words.length > set.words.length ? new KeywordScanner(words, set.positional) : builtinScanner();
    return { scanner, generated: makeGeneratedStep(disabled, set.ruleIdx), hinted, always };
  };
  // Every pattern runs on the original text and only collects spans; the text is rebuilt once at the
  // end (rebuilding a long text after each pattern that found something cost more than the search).
  // Where spans overlap they merge, and the marker names the kind found first: the generated
  // vendor rules, then the patterns in order.
  return (text: string) => {
    if (!text) return text;
    ready ??= init();
    const scan = ready.scanner.scan(text);
    const hits: Hit[] = [];
    ready.generated.collect(text, scan, hits);
    // The passes to run: those without hints, and those a found keyword hints at; in their order.
    const run = ready.always.slice();
    for (const k of scan.found) for (const i of ready.hinted[k] ?? []) if (!run.includes(i)) run.push(i);
    if (run.length > ready.always.length) run.sort((a, b) => a - b);
    for (const i of run) collectPattern(text, compiled[i]!, hits);
    return hits.length ? replaceSpans(text, hits) : text;
  };
}

/** `hits` in priority order (index); overlapping ones merge under the kind of the first. */
function replaceSpans(text: string, hits: Hit[]): string {
  const order = hits.map((_, i) => i).sort((a, b) => hits[a]!.start - hits[b]!.start || a - b);
  const out: string[] = [];
  let last = 0;
  let i = 0;
  while (i < order.length) {
    const first = order[i]!;
    let end = hits[first]!.end;
    let best = first;
    for (i++; i < order.length && hits[order[i]!]!.start < end; i++) {
      const j = order[i]!;
      if (hits[j]!.end > end) end = hits[j]!.end;
      if (j < best) best = j;
    }
    out.push(text.slice(last, hits[first]!.start), `[REDACTED:${hits[best]!.kind}]`);
    last = end;
  }
  out.push(text.slice(last));
  return out.join("");
}

function single(p: Pattern): Compiled {
  return { source: p.regex.source, flags: withFlags(p.regex.flags, "gd", "y"), members: [p], hint: p.hint };
}

function isSimple(p: Pattern): boolean {
  return p.group === undefined && p.regex.flags.replace(/[gdy]/g, "") === "" && new RegExp(`(?:${p.regex.source})|`).exec("")!.length === 1;
}

function withFlags(flags: string, add: string, remove: string): string {
  let f = flags;
  for (const ch of remove) f = f.replace(ch, "");
  for (const ch of add) if (!f.includes(ch)) f += ch;
  return f;
}

/** The spans of one pattern's secrets in `text`, added to `hits`. */
function collectPattern(text: string, c: Compiled, hits: Hit[]): void {
  const { members, builtin } = c;
  const re = (c.re ??= new RegExp(c.source, c.flags));
  re.lastIndex = 0;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex = m.index + 1; // never loop on (or redact) an empty match
      continue;
    }
    const p = members.length === 1 ? members[0]! : members[members.findIndex((_, i) => m!.groups![`m${i}`] !== undefined)]!;
    let span = defaultSpan(p, m);
    if (!span) continue;
    if (p.refine) span = p.refine(m, text, span);
    else if (span[1] - span[0] < m[0].length && looksLikePlaceholder(text.slice(span[0], span[1]))) span = null;
    if (!span || span[1] <= span[0] || span[0] < last) continue;
    if (builtin && p.kind !== "private-key" && notASecret(p.kind, text, span)) continue;
    hits.push({ start: span[0], end: span[1], kind: p.kind });
    last = span[1];
    if (re.lastIndex < last) re.lastIndex = last; // a refined span may reach past the match
  }
}

/** Kinds whose matches are tokens a program made (not values a person chose). */
const VENDOR_KINDS = new Set(VENDOR_PATTERNS.map((p) => p.kind));

/** Checks every kind shares: documentation values, and upstream's allowlists for the kind. */
function notASecret(kind: string, text: string, [s, e]: Span): boolean {
  const v = text.slice(s, e);
  if (looksFake(v, VENDOR_KINDS.has(kind))) return true;
  // The name and value: back to the start of the line or the previous `,;{(`, at most 100 chars.
  let from = s;
  while (from > 0 && s - from < 100 && !SEGMENT_END.has(text.charCodeAt(from - 1))) from--;
  // The line, at most 100 chars either side: a text with no line breaks must not make each check read all of it.
  // (Bounded loops, not lastIndexOf/indexOf: those would read to the text's ends for every match.)
  let lineStart = s;
  while (lineStart > 0 && s - lineStart < 100 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  let lineEnd = e;
  while (lineEnd < text.length && lineEnd - e < 100 && text.charCodeAt(lineEnd) !== 10) lineEnd++;
  const segment = text.slice(from, e);
  const line = text.slice(lineStart, lineEnd);
  // Repeated lines (logs, dumps, hostile input) ask the same question: answer it once.
  const key = `${kind}\0${segment}\0${line}`;
  let answer = allowMemo.get(key);
  if (answer === undefined) {
    if (allowMemo.size >= 2000) allowMemo.clear();
    allowMemo.set(key, (answer = allowedUpstream(kind, v, segment, line)));
  }
  return answer;
}

const allowMemo = new Map<string, boolean>();
/** `\n , ; { (` */
const SEGMENT_END = new Set([10, 44, 59, 123, 40]);

function defaultSpan(p: Pattern, m: RegExpExecArray): Span | null {
  const ind = m.indices;
  if (p.group !== undefined) return (ind?.[p.group] as Span | undefined) ?? null;
  const named = ind?.groups?.secret;
  if (named) return named as Span;
  return [m.index, m.index + m[0].length];
}

// ---- patterns from config ----------------------------------------------------------------

export interface UserPatternSpec {
  kind: string;
  regex: string;
  flags?: string;
}

/**
 * Compile `redact.patterns` from config. Each entry must have a kind matching `^[a-z0-9-]{1,40}$`,
 * a valid regex, flags among `imsu` (`g` is implied), and must not match the empty string.
 * A group named `secret` limits the redaction to that group: `--key (?<secret>\S+)`.
 */
export function compileUserPatterns(list: readonly UserPatternSpec[]): { patterns: Pattern[]; errors: string[] } {
  const patterns: Pattern[] = [];
  const errors: string[] = [];
  if (!Array.isArray(list)) return { patterns, errors: ["redact patterns: expected a list"] };
  for (const [i, spec] of list.entries()) {
    const where = `pattern ${i + 1}`;
    if (!spec || typeof spec !== "object") {
      errors.push(`${where}: expected {kind, regex, flags?}`);
      continue;
    }
    const { kind, regex, flags = "" } = spec as Partial<UserPatternSpec>;
    if (typeof kind !== "string" || !/^[a-z0-9-]{1,40}$/.test(kind)) {
      errors.push(`${where}: kind must match ^[a-z0-9-]{1,40}$ (got ${JSON.stringify(kind)})`);
      continue;
    }
    const at = `${where} (${kind})`;
    if (typeof regex !== "string" || regex.length === 0) {
      errors.push(`${at}: regex must be a non-empty string`);
      continue;
    }
    if (typeof flags !== "string" || !/^[gimsu]*$/.test(flags) || new Set(flags).size !== flags.length) {
      errors.push(`${at}: flags must be a subset of "imsu" (got ${JSON.stringify(flags)})`);
      continue;
    }
    let re: RegExp;
    try {
      re = new RegExp(regex, withFlags(flags, "g", ""));
    } catch (err) {
      errors.push(`${at}: invalid regex: ${(err as Error).message}`);
      continue;
    }
    if (matchesEmpty(re)) {
      errors.push(`${at}: regex matches the empty string`);
      continue;
    }
    patterns.push({ kind, regex: re });
  }
  return { patterns, errors };
}

const EMPTY_PROBES = ["", " ", "a", "A1", "x\ny", "password=hunter2 token: abc", "-_/.:=\"'{}[]()"];

/** A pattern that can match "" anywhere would redact (or loop on) nothing: reject it. */
function matchesEmpty(re: RegExp): boolean {
  const probe = new RegExp(re.source, withFlags(re.flags, "g", "y"));
  for (const s of EMPTY_PROBES) {
    probe.lastIndex = 0;
    for (let i = 0; i <= s.length; i++) {
      probe.lastIndex = i;
      const m = probe.exec(s);
      if (!m) break;
      if (m[0].length === 0) return true;
      i = m.index; // continue after this match's start
    }
  }
  return false;
}

/** `<private>…</private>` spans in user messages are never recorded. */
export function dropPrivate(text: string): string {
  return text.includes("<private>") ? text.replace(/<private>[\s\S]*?(?:<\/private>|$)/g, "[private]") : text;
}

// The keyword scan of the built-in rules and patterns, built at build time (builtin-scanner.ts):
// string literals in the bundle, parsed by the first redaction of a process.
const KEYWORDS: string = builtinKeywords();
const AUTOMATON: string = builtinAutomaton();
let keywordSetLoaded: KeywordSet | null = null;
let scannerLoaded: KeywordScanner | null = null;

function builtinSet(): KeywordSet {
  return (keywordSetLoaded ??= JSON.parse(KEYWORDS) as KeywordSet);
}

function builtinScanner(): KeywordScanner {
  const set = builtinSet();
  return (scannerLoaded ??= new KeywordScanner(set.words, set.positional, JSON.parse(AUTOMATON) as ScannerData));
}

export const redactDefault: Redactor = makeRedactor();
