// The vendor-token rules of rules.generated.ts (gitleaks' default set) as one redaction step:
// one keyword scan finds the candidate rules; a rule whose matches always hold a keyword runs
// only in windows around the keyword's occurrences, the others over the whole text. Then a
// match is kept only if its secret passes the rule's entropy and allowlists, like gitleaks.
import { generatedTable, type GeneratedAllow, type GeneratedRule } from "./rules.generated.ts";
import { KeywordScanner, type KeywordHits } from "./prefilter.ts";
import { keywordSet } from "./keywords.ts";
import { looksFake, looksLikePlaceholder } from "./refine.ts";

/** Context around a window, so that `\b` and one-character lookarounds see the real neighbours (the generator's WINDOW_CONTEXT). */
const CONTEXT = 8;

interface Compiled {
  rule: GeneratedRule;
  kind: string;
  fixedRun: boolean;
  re: RegExp;
  multiKeyword: boolean;
  allow: { target: GeneratedAllow["target"]; regexes: RegExp[]; stopwords: string[]; and: boolean }[];
}

export interface Hit {
  start: number;
  end: number;
  kind: string;
}

export interface GeneratedStep {
  /** `keywords`: what the caller's scanner (see keywords.ts) found in `text`. */
  (text: string, keywords: KeywordHits): string;
  /** The same, adding the secrets' spans to `hits` instead of replacing them. */
  collect(text: string, keywords: KeywordHits, hits: Hit[]): void;
  /** Rule ids this step runs. */
  ids: string[];
}

const compileAllow = (a: GeneratedAllow) => ({ target: a.target, regexes: a.regexes.map((r) => new RegExp(r)), stopwords: a.stopwords, and: a.and });

/**
 * Markers keep the kinds this redactor always wrote for vendors it knew before gitleaks' rules
 * (`[REDACTED:github-token]` for all five GitHub token rules); `redact_disable` takes either name.
 */
const KIND_OF: [prefix: string, kind: string][] = [
  ["github-", "github-token"],
  ["gitlab-", "gitlab-token"],
  ["slack-webhook", "slack-webhook"],
  ["slack-", "slack-token"],
  ["anthropic-", "anthropic-key"],
  ["openai-", "openai-key"],
  ["aws-access-token", "aws-access-key-id"],
  ["stripe-", "stripe-key"],
  ["gcp-api-key", "google-api-key"],
  ["npm-access-token", "npm-token"],
  ["pypi-", "pypi-token"],
  ["huggingface-", "huggingface-token"],
  ["sendgrid-", "sendgrid-key"],
];

export function kindOf(id: string): string {
  return KIND_OF.find(([p]) => id.startsWith(p))?.[1] ?? id;
}

/**
 * `ruleIdx`: per rule of `rules`, its keywords' indices in the scanner whose hits the step is given
 * (keywords.ts); `rules`: gitleaks' table unless a test gives its own.
 */
export function makeGeneratedStep(disabled: ReadonlySet<string>, ruleIdx: readonly number[][], rules?: readonly GeneratedRule[]): GeneratedStep {
  // The table is read on first use (rules.generated.ts): making a redactor costs nothing.
  let prepared: { active: GeneratedRule[]; keywordIdx: number[][] } | null = null;
  const prepare = () => {
    const all = rules ?? generatedTable().rules;
    if (!disabled.size) return { active: all as GeneratedRule[], keywordIdx: ruleIdx as number[][] };
    const on = all.map((r) => !disabled.has(r.id) && !disabled.has(kindOf(r.id)));
    return { active: all.filter((_, i) => on[i]), keywordIdx: ruleIdx.filter((_, i) => on[i]) };
  };
  let state: { active: GeneratedRule[]; compiled: (Compiled | undefined)[]; byKeyword: number[][]; always: number[] } | null = null;
  let globalAllow: ReturnType<typeof compileAllow> | null | undefined;
  const global = () => {
    const g = generatedTable().globalAllow;
    return (globalAllow ??= g ? compileAllow(g) : null);
  };
  // A rule is compiled when it first runs (few do in a given process); the rules to run are found
  // from the keywords that occur, not by asking each of the 200-odd rules.
  const init = () => {
    const { active, keywordIdx } = (prepared ??= prepare());
    const byKeyword: number[][] = [];
    const always: number[] = [];
    keywordIdx.forEach((ks, i) => {
      if (!ks.length) always.push(i);
      for (const k of ks) (byKeyword[k] ??= []).push(i);
    });
    return { active, compiled: new Array<Compiled | undefined>(active.length), byKeyword, always };
  };

  const collect = (text: string, { at, found: present }: KeywordHits, hits: Hit[]): void => {
    if (!text) return;
    const s = (state ??= init());
    // Rule -> offsets of its keywords; rules then run in table order (it decides which kind names overlapping finds).
    const found = new Map<number, number[]>();
    for (const i of s.always) found.set(i, []);
    for (let n = 0; n < present.length; n++) {
      const k = present[n]!;
      const a = at[n]!;
      const rules = s.byKeyword[k];
      if (!rules) continue;
      for (const i of rules) {
        const prev = found.get(i);
        found.set(i, prev?.length ? prev.concat(a) : a);
      }
    }
    if (!found.size) return;
    for (const i of [...found.keys()].sort((x, y) => x - y)) {
      const c = (s.compiled[i] ??= compile(s.active[i]!));
      if (!c.rule.window || !c.rule.keywords.length) runWhole(c, text, hits, global());
      else runWindows(c, text, found.get(i)!, c.rule.window, hits, global());
    }
  };
  const step = ((text: string, keywords: KeywordHits): string => {
    const hits: Hit[] = [];
    collect(text, keywords, hits);
    return hits.length ? apply(text, hits) : text;
  }) as GeneratedStep;
  step.collect = collect;
  Object.defineProperty(step, "ids", { get: () => (prepared ??= prepare()).active.map((r) => r.id) });
  return step;
}

function compile(rule: GeneratedRule): Compiled {
  return {
    rule,
    kind: kindOf(rule.id),
    multiKeyword: rule.keywords.length > 1,
    // A rule whose format has a run of its own (Twitter's bearer tokens start with 22 `A`s) is judged on the rest.
    fixedRun: /(?<!\\)[A-Za-z0-9]\{\d{2,}\}|(.)\1{5}/.test(rule.regex),
    re: new RegExp(rule.regex, "g"),
    allow: (rule.allow ?? []).map(compileAllow),
  };
}

let upstream: Map<string, Compiled["allow"]> | null = null;
let generic: Compiled["allow"] | null = null;

/**
 * Upstream's allowlists for a value a built-in pattern found: those of the generated rules of the
 * same kind (`google-api-key`: gcp-api-key's list of published keys), and for assignments those of
 * generic-api-key, checked on the name-and-value segment (`publicToken = …`, `csrf-token=…`).
 */
export function allowedUpstream(kind: string, secret: string, segment: string, line: string): boolean {
  if (!upstream) {
    upstream = new Map();
    generic = null;
  }
  let lists: Compiled["allow"] | undefined;
  if (kind === "assignment") lists = generic ??= generatedTable().genericAllow.map(compileAllow);
  else {
    lists = upstream.get(kind);
    if (!lists) {
      // Compiled per kind on first use: a hook that meets one GitHub token compiles GitHub's lists only.
      lists = generatedTable()
        .rules.filter((r) => r.allow && kindOf(r.id) === kind && r.id !== kind)
        .flatMap((r) => r.allow!.map(compileAllow));
      upstream.set(kind, lists);
    }
  }
  for (const a of lists) if (allowed(a, secret, segment, line, 0, true)) return true;
  return false;
}

/** The secret a rule finds first in `text` (entropy and allowlists aside), or null: for tools and tests. */
export function secretOf(rule: GeneratedRule, text: string): string | null {
  const m = new RegExp(rule.regex).exec(text);
  if (!m) return null;
  const idx = rule.group > 0 ? rule.group : rule.group === -1 ? m.findIndex((x, k) => k > 0 && !!x) : 0;
  return (idx >= 0 ? m[idx] : m[0]) ?? null;
}

/** The step with its own keyword scan (tests, tools). */
export function runGenerated(text: string, rules: readonly GeneratedRule[] = generatedTable().rules): string {
  const set = keywordSet(rules, []);
  const step = makeGeneratedStep(new Set(), set.ruleIdx, rules);
  return step(text, new KeywordScanner(set.words).scan(text));
}

function runWhole(c: Compiled, text: string, hits: Hit[], global: Compiled["allow"][number] | null): void {
  c.re.lastIndex = 0;
  collect(c, text, text.length, 0, hits, global);
}

function runWindows(
  c: Compiled,
  text: string,
  positions: number[],
  [back, ahead]: [number, number],
  hits: Hit[],
  global: Compiled["allow"][number] | null,
): void {
  if (positions.length > 1 && c.multiKeyword) positions.sort((a, b) => a - b);
  const n = text.length;
  let i = 0;
  while (i < positions.length) {
    // Merge the windows of nearby occurrences: each character is searched at most once per rule.
    const from = Math.max(0, positions[i]! - back);
    let to = Math.min(n, positions[i]! + ahead);
    for (i++; i < positions.length && positions[i]! - back <= to; i++) to = Math.min(n, positions[i]! + ahead);
    const ctxFrom = Math.max(0, from - CONTEXT);
    const ctxTo = Math.min(n, to + CONTEXT);
    c.re.lastIndex = from - ctxFrom;
    collect(c, text.slice(ctxFrom, ctxTo), ctxTo === n ? Infinity : to - ctxFrom, ctxFrom, hits, global);
  }
}

/** Matches of `c` in `part` (which starts at `offset` in the text), ending by `endLimit` (relative). */
function collect(c: Compiled, part: string, endLimit: number, offset: number, hits: Hit[], global: Compiled["allow"][number] | null): void {
  const re = c.re;
  let m: RegExpExecArray | null;
  while ((m = re.exec(part)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const mEnd = m.index + m[0].length;
    if (mEnd > endLimit) break;
    const g = c.rule.group;
    let secret = m[0];
    let sStart = m.index;
    if (g !== 0) {
      const idx = g > 0 ? g : m.findIndex((x, k) => k > 0 && !!x);
      const v = idx > 0 ? m[idx] : undefined;
      if (v) {
        secret = v;
        // The group's position: first occurrence inside the match (groups hold the secret once).
        sStart = m.index + m[0].indexOf(v);
      }
    }
    if (!keep(c, secret, m[0], part, m.index, global)) continue;
    hits.push({ start: offset + sStart, end: offset + sStart + secret.length, kind: c.kind });
  }
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** The line around `i`, at most 100 chars either side (a text without line breaks is one huge line). */
function lineAround(text: string, i: number): string {
  // Bounded loops: lastIndexOf/indexOf would read to the text's ends for every match.
  let a = i;
  while (a > 0 && i - a < 100 && text.charCodeAt(a - 1) !== 10) a--;
  let b = i;
  while (b < text.length && b - i < 100 && text.charCodeAt(b) !== 10) b++;
  return text.slice(a, b);
}

function allowed(a: Compiled["allow"][number], secret: string, match: string, part: string, at: number, partIsLine = false): boolean {
  if (a.stopwords.length) {
    const low = secret.toLowerCase();
    if (a.stopwords.some((w) => low.includes(w))) return true;
  }
  if (!a.regexes.length) return false;
  const target = a.target === "match" ? match : a.target === "line" ? (partIsLine ? part : lineAround(part, at)) : secret;
  return a.and ? a.regexes.every((r) => r.test(target)) : a.regexes.some((r) => r.test(target));
}

function keep(c: Compiled, secret: string, match: string, part: string, at: number, global: Compiled["allow"][number] | null): boolean {
  if (c.rule.entropy && entropy(secret) <= c.rule.entropy) return false;
  if (looksFake(c.fixedRun ? secret.replace(/(.)\1{5,}/g, "") : secret)) return false;
  if (secret.length < match.length && looksLikePlaceholder(secret)) return false;
  if (global && allowed(global, secret, match, part, at)) return false;
  for (const a of c.allow) if (allowed(a, secret, match, part, at)) return false;
  return true;
}

/** Replace the hits (merged where they overlap) by markers. */
function apply(text: string, hits: Hit[]): string {
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: string[] = [];
  let last = 0;
  let cur: Hit | null = null;
  const flush = () => {
    if (!cur) return;
    out.push(text.slice(last, cur.start), `[REDACTED:${cur.kind}]`);
    last = cur.end;
  };
  for (const h of hits) {
    if (cur && h.start < cur.end) {
      if (h.end > cur.end) cur.end = h.end;
      continue;
    }
    flush();
    cur = { ...h };
  }
  flush();
  out.push(text.slice(last));
  return out.join("");
}
