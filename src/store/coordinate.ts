// Coordination: the last step of search (search.ts). Of the best-ranked sessions, each is scaled by
// how much of the question it holds. Pure: the caller hands over each session's text.
import { expandTerms } from "./synonyms.ts";

/** A ranked candidate, as search.ts has it. */
export interface Scored {
  rowid: number;
  session_id: string;
  updated_at: string;
  score: number;
  /** The archived turn that matched every word of the question, if one did. */
  bestSeq?: number;
  /** Its turns hold every rare word of the question between them (search.ts). */
  spread?: boolean;
}

/** Best first; of equals, the newer. */
export const byScore = (a: Scored, b: Scored) => b.score - a.score || b.updated_at.localeCompare(a.updated_at);

/**
 * Coordination looks at this many of the best candidates: the most a caller shows at once (MCP's
 * 20), and the same number for every page of the viewer's results, so that pages do not overlap.
 */
const COORDINATED = 20;

/**
 * Coordination, as in classic Lucene scoring: the best candidates' scores are scaled by the share of
 * the question's words (each with its synonyms) that the session holds. bm25 adds up its terms, so
 * one word in a heavy field (the title) or a word matched by several synonyms could outweigh a
 * session that holds most of the question: "that invoice generator problem, gets really slow"
 * found other components' "is slow to start" before the invoice generator's sessions. By the square
 * root of the share: at full strength, sessions holding every word somewhere beat the one holding
 * the main words in its title. bench:recall, recall@3: on the archive 0.902 -> 0.923 at full
 * strength, 0.916 with the root; on records only 0.920 -> 0.916 at full strength, 0.920 with the root.
 * The text is the session's record and archive, not only the part of a long conversation that the
 * record index holds: a session named in its first turn, whose finding came mid-way, holds both.
 * `weightsOf` gives what each word counts for in the share (one per term; default equal), as in bm25
 * a word held by most of the sessions searched counts for little (idf.ts `termWeights`). It is
 * asked once, and only if a session lacks some word.
 */
export function coordinate<T extends Scored>(terms: string[], scored: T[], textsOf: (c: T) => Iterable<string>, weightsOf?: () => number[]): T[] {
  if (terms.length < 2) return scored;
  const tests = wordTests(terms);
  let weights: number[] | undefined;
  const share = (missing: number[]) => {
    const w = (weights ??= weightsOf?.() ?? terms.map(() => 1));
    const total = w.reduce((sum, x) => sum + x, 0);
    return total > 0 ? 1 - missing.reduce((sum, i) => sum + w[i]!, 0) / total : 1;
  };
  const top = scored.slice(0, COORDINATED).map((c) => {
    const missing = lacking(tests, c, textsOf);
    return missing.length ? { ...c, score: c.score * Math.sqrt(share(missing)) } : c;
  });
  return [...top.sort(byScore), ...scored.slice(COORDINATED)];
}

/**
 * The question's words (their indexes) that a candidate's session lacks. Its texts are read in turn
 * (the caller yields the record, then the archive) until every word is found.
 */
function lacking<T extends Scored>(tests: ((text: string) => boolean)[], c: T, textsOf: (c: T) => Iterable<string>): number[] {
  // A turn of the archive matched every word; or the turns between them hold the rare ones, maybe
  // in the middle of a session longer than the text read here (the common ones say little).
  if (c.bestSeq !== undefined || c.spread) return [];
  let missing = tests.map((_, i) => i);
  for (const text of textsOf(c)) {
    const lower = text.toLowerCase();
    missing = missing.filter((i) => !tests[i]!(lower));
    if (!missing.length) break;
  }
  return missing;
}

/**
 * A test per question word, matching as the index does, near enough: the word or one of its synonyms;
 * a word of 4 or more letters also as the start of a longer one, and without an -s, -es, -ed, -ing
 * or -ly ending (the index stems words). Han and kana (bigrams, see cjk.ts) have no word boundaries.
 */
function wordTests(terms: string[]): ((text: string) => boolean)[] {
  return terms.map((t) => {
    const forms = expandTerms([t]).map((w) => (w.length >= 4 ? { text: stem(w), whole: false } : { text: w, whole: true }));
    if (/[^\x00-\x7f]/.test(t)) return (text: string) => forms.some((f) => text.includes(f.text));
    const re = new RegExp(`\\b(?:${forms.map((f) => f.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + (f.whole ? "\\b" : "")).join("|")})`);
    return (text: string) => re.test(text);
  });
}

const stem = (w: string) => /^(.{3,}?)(?:ing|ed|es|s|ly)$/.exec(w)?.[1] ?? w;
