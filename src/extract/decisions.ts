// Decisions: sentences of Claude's where it says what it changed and why, e.g.
// "Fixed timeout from 5s to 15s in hooks/stop.py". Whole words only ("unchanged"
// is no decision), file names kept intact (a dot ends a sentence only before a
// space), and only sentences with something concrete in them.

const VERB = `(?:fixed|changed|added|removed|renamed|replaced|migrated|moved|updated|switched|refactored|created|implemented|increased|decreased|reduced|raised|lowered|bumped|upgraded|downgraded|deleted|disabled|enabled|extracted|merged|converted|introduced|reverted|rewrote|rewritten|configured|pinned|dropped|deprecated|restructured|simplified|optimized|parallelized|capped|limited|chose|decided|opted|went with|settled on|standardized|set|split|wrapped|exposed|guarded|patched|tightened|relaxed|defaulted)`;
const VERB_RE = new RegExp(String.raw`\b${VERB}\b`, "i");
/**
 * A line of which no sentence can be a decision, told before it is cleaned and split (most lines of
 * a long reply): a verb or a lead anywhere in it once `**` and `__` are out, spaces as they are.
 * Everything isDecision accepts in a cleaned sentence matches here.
 */
const MAYBE = new RegExp(String.raw`\b${VERB.replaceAll(" ", String.raw`\s+`)}\b|decision|decided|we\s+(?:will|'ll)\s+use|going\s+with|instead\s+of`, "i");
const DECISION_LEAD = /^(?:decision|decided|we (?:will|'ll) use|going with|use [^.]{1,60} instead of)\b/i;
const NEGATION = /\b(?:not|never|no longer|haven't|hasn't|didn't|wasn't|weren't|don't|doesn't|couldn't|won't|nothing)\b/i;
const TENTATIVE = /^(?:let me|let's|i'll|i will|i'm going to|i am going to|should i|shall i|next,? i|now i'll|first,? i'll|would you|do you|if you)\b/i;

const FILE_EXT =
  /\b[\w@~./-]*\.(?:ts|tsx|js|jsx|mjs|cjs|py|rb|go|rs|java|kt|swift|c|h|cc|cpp|hpp|cs|php|sh|bash|zsh|sql|json|jsonl|ya?ml|toml|ini|cfg|conf|env|md|txt|html|css|scss|vue|svelte|lock|proto|tf|gradle|xml|csv|ipynb|dockerfile)\b/i;
const PATH = /(?:^|\s|`)(?:\.{0,2}\/|~\/)?[\w.-]+\/[\w./-]+/;
const CODE = /`[^`]+`/;
const NUMBER_CHANGE =
  /\bfrom\s+[^.;]{1,40}?\s+to\s+\S+|\binstead of\b|\brather than\b|\b\d+(?:\.\d+)?\s?(?:ms|s|sec|seconds?|min|minutes?|h|hours?|days?|kb|mb|gb|%|px|x)\b|\bport\s+\d+|\bv?\d+\.\d+(?:\.\d+)?\b/i;
const TECH_WORD =
  /\b(?:config(?:uration)?|api|schema|port|timeout|endpoint|database|db|query|index|migration|cache|env(?:ironment)? variable|function|class|method|module|package|dependency|dependencies|version|tests?|hooks?|route|handler|middleware|auth(?:entication)?|build|flag|option|parameter|interface|component|field|column|table|regex|script|cli|server|client|header|lint(?:er)?|logging|retry|retries|limit|queue|lock|branch|commit|type|types|endpoint|key|pool|worker|cron|docker|ci)\b/i;

const MAX_LEN = 220;

/** Candidate decisions in one assistant message, in order. Pure. */
export function extractDecisions(text: string): string[] {
  const out: string[] = [];
  let inFence = false;
  for (const rawLine of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(rawLine)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (!MAYBE.test(rawLine.includes("**") || rawLine.includes("__") ? rawLine.replace(/\*\*|__/g, "") : rawLine)) continue;
    const line = cleanLine(rawLine);
    if (!line || /^\|/.test(line)) continue; // table rows are layout, not sentences
    for (const sentence of splitSentences(line)) {
      if (isDecision(sentence)) out.push(clip(sentence));
    }
  }
  return out;
}

export function isDecision(sentence: string): boolean {
  const s = sentence.trim();
  // A "sentence" of thousands of characters is a dump, not a decision (and the patterns below are not linear on it).
  if (s.length < 12 || s.length > 1000 || s.endsWith("?") || s.endsWith(":")) return false;
  if (TENTATIVE.test(s)) return false;
  const verb = VERB_RE.exec(s);
  const lead = DECISION_LEAD.test(s);
  if (!verb && !lead) return false;
  if (verb && NEGATION.test(s.slice(0, verb.index))) return false;
  return FILE_EXT.test(s) || PATH.test(s) || CODE.test(s) || NUMBER_CHANGE.test(s) || TECH_WORD.test(s);
}

function cleanLine(line: string): string {
  return line
    .replace(/^\s*(?:[-*+•]|\d+[.)]|#+|>)\s+/, "")
    .replace(/\*\*|__/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** A sentence ends at . ! or ? followed by a space and a capital, quote or backtick: "stop.py" and "e.g. this" stay whole. */
function splitSentences(line: string): string[] {
  return line
    .split(/(?<=[.!?])\s+(?=[A-Z`"'([])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function clip(s: string): string {
  const t = s.replace(/[.;,]+$/, "");
  if (t.length <= MAX_LEN) return t;
  const cut = t.lastIndexOf(" ", MAX_LEN - 1);
  return t.slice(0, cut > MAX_LEN / 2 ? cut : MAX_LEN - 1) + "…";
}

/** Same decision said twice (case, punctuation, spacing aside) counts once. */
export function decisionKey(d: string): string {
  let key = keyMemo.get(d);
  if (key === undefined) {
    // Memoized: on a long transcript every new decision is compared with the kept ones.
    if (keyMemo.size > 10_000) keyMemo.clear();
    key = d
      .toLowerCase()
      .replace(/[^a-z0-9./_-]+/g, " ")
      .trim();
    keyMemo.set(d, key);
  }
  return key;
}
const keyMemo = new Map<string, string>();

/** Adds `decision` as the newest of `list` (at most `max`), in place of one that says the same. */
export function keepDecision(list: string[], decision: string, max: number): void {
  const keys = keysOf(list);
  const key = decisionKey(decision);
  const at = keys.indexOf(key);
  if (at !== -1) list.splice(at, 1), keys.splice(at, 1);
  list.push(decision), keys.push(key);
  if (list.length > max) list.splice(0, list.length - max), keys.splice(0, keys.length - max);
}

/**
 * The keys of a list, kept beside it while a state is read (a long transcript compares every new
 * decision with all the kept ones); made anew for a list they were not made for (read from the store).
 */
function keysOf(list: string[]): string[] {
  let keys = listKeys.get(list);
  if (!keys || keys.length !== list.length) listKeys.set(list, (keys = list.map(decisionKey)));
  return keys;
}
const listKeys = new WeakMap<string[], string[]>();
