// How telling each word of a question is among the stored sessions, counted in the record index:
// the record query leaves out the words most sessions hold, and coordination weighs each word by
// its IDF. Counting a word's sessions is the cost: every count stops at half of them.
import type { Database } from "bun:sqlite";
import { ftsQuery, termGroups } from "./fts.ts";
import { expandTerms } from "./synonyms.ts";
import type { SessionFilter } from "./exchanges.ts";

/**
 * Rows of the record index within a filter, as a condition tested before bm25 is computed (see
 * search.ts `ftsCandidates`); nothing without one.
 */
export function inSessions(filter?: SessionFilter): string {
  return filter ? `AND +rowid IN (SELECT rowid FROM sessions WHERE ${filter.where})` : "";
}

/**
 * The sessions of `filter` (or all), and a count of those holding an FTS5 expression that stops
 * past half of them: past that, a word is common, however common.
 */
function holders(db: Database, filter?: SessionFilter): { sessions: number; half: number; count: (match: string) => number } {
  const args = filter?.args ?? [];
  const sessions = (db.query(`SELECT count(*) AS n FROM sessions${filter ? ` WHERE ${filter.where}` : ""}`).get(...args) as { n: number }).n;
  const half = Math.floor(sessions / 2);
  const query = db.query(`SELECT count(*) AS n FROM (SELECT 1 FROM sessions_fts WHERE sessions_fts MATCH ? ${inSessions(filter)} LIMIT ?)`);
  return { sessions, half, count: (match) => (query.get(match, ...args, half + 1) as { n: number }).n };
}

/**
 * The record index's query: each word of the question (prefix-matched) OR its synonyms (exact
 * words only: prefixes of synonyms are noise). In a store of COMMON_FROM sessions or more, without
 * those that more than half of all sessions hold, unless no other is held at all. bm25 gives such a
 * word no weight (FTS5 clamps its negative IDF to 1e-6), but OR-ed in, it makes bm25 run over
 * nearly every session: "who changed pool-5.ts" scored all 10,000 for its "ts". Left out, the
 * ranking is the same but for the order of exact ties; at 10,000 sessions the query's p95 went from
 * 14 to 5 ms (132 of bench:recall's 340 questions hold such a word). A session holding nothing
 * else is then no match: at that size it is one of hundreds, its place an accident of its length
 * and age. Counting stops at half: a common word costs half its list, a rare one little.
 */
export function matchExpression(db: Database, terms: string[], prefix: boolean): string {
  const phrases = [
    ...terms.map((t) => ftsQuery([t], prefix)),
    ...expandTerms(terms)
      .filter((t) => !terms.includes(t))
      .map((t) => `"${t}"`),
  ];
  const { sessions, half, count } = holders(db);
  if (sessions < COMMON_FROM) return phrases.join(" OR ");
  const telling = phrases.filter((p) => {
    const n = count(p);
    return n > 0 && n <= half;
  });
  return (telling.length ? telling : phrases).join(" OR ");
}

/** Below this many sessions bm25 over all of them costs little, and a word held by most still lists them. */
const COMMON_FROM = 1_000;

/**
 * What each word of the question (with its synonyms) counts for in coordination: its IDF among the
 * sessions searched (`filter`: the project's, when the search is limited to one), as bm25 weighs
 * it. A word that most of them hold, such as the name of the person or component every session of
 * the project is about, says little when a session lacks it; a rare one says much. With equal
 * weights, a session holding the rare words of a LoCoMo question but not its speaker's name lost
 * to one holding the name and a common verb: there recall@5 went 0.901 -> 0.906 (plain BM25: 0.905), @3
 * 0.848 -> 0.846; bench:recall unchanged (archive 0.927, records 0.916 / 0.913). Counting stops
 * past half of the sessions (a word held by more weighs little either way), so a common word
 * costs half its list; they are counted only when one of the best sessions lacks a word.
 */
export function termWeights(db: Database, terms: string[], filter?: SessionFilter): number[] {
  const { sessions, count } = holders(db, filter);
  return termGroups(terms, true).map((group) => {
    const n = count(group);
    return Math.log(1 + (sessions - n + 0.5) / (n + 0.5));
  });
}
