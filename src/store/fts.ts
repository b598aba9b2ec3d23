// The full-text index: what of a record is searchable, and how a user's words
// become an FTS5 query that can never be a syntax error.
import type { SessionRecord } from "../record.ts";
import { indexText, isHangul, queryUnits } from "./cjk.ts";
import { expandTerms } from "./synonyms.ts";

/** Indexed columns, in the order of their bm25 weights below. */
export const FTS_COLUMNS = ["title", "working_on", "requests", "decisions", "todos", "topics", "files", "branch", "summary", "conversation"] as const;
/**
 * The title and the task say most about a session, then the decisions; the summary is long
 * and diffuse. `conversation` (prompts and replies, bounded) lets words said in different
 * turns count together, as BM25 over a whole session's text does.
 */
export const FTS_WEIGHTS = [8, 6, 2, 3, 1.5, 2, 2, 1, 1, 1] as const;

/** The record's indexed columns; `conversation` comes from the archive (conversationText). */
export function ftsValues(r: SessionRecord, conversation = ""): string[] {
  return searchableText(r, conversation).map(indexText);
}

/** What of a record the index holds, column by column, as written (before CJK segmentation). */
export function searchableText(r: SessionRecord, conversation = ""): string[] {
  return [
    // Unless the title is the task itself (working_on falls back to it): a match must not count twice.
    r.title && r.title !== r.working_on ? r.title : "",
    r.working_on,
    r.requests.join("\n"),
    r.decisions.join("\n"),
    r.todos.map((t) => t.content).join("\n"),
    r.topics.join("\n"),
    r.files_modified.join("\n"),
    r.git_branch ?? "",
    r.compact_summary ?? "",
    conversation,
  ];
}

// Plus the words people wrap a recall question in ("remind me what happened with…").
const STOP = new Set(
  (
    "a an and are as at be but by did do does for from had has have how i in into is it its me my of on or our so that the their them then there these they this to us was we were what when where which who why will with you your about " +
    "decide decided happened happen remind recall find show tell touch touched handle handled worked work working done last week yesterday ago earlier before previous previously time"
  ).split(" "),
);

/** The words of a query, lowercased, without stop words (unless nothing else is left). */
export function queryTerms(query: string): string[] {
  // CJK runs become the bigrams they were indexed as (see cjk.ts).
  const words = (query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).flatMap(queryUnits).filter((w) => w.length > 1 || /\d/.test(w));
  const content = words.filter((w) => !STOP.has(w));
  return [...new Set(content.length ? content : words)].slice(0, 32);
}

/**
 * Any text -> an FTS5 expression: every term quoted (so `AND`, `"`, `*`, `:` and
 * parentheses are just characters), OR-ed so a paraphrase that shares only some
 * words still matches, and prefix-matched so "auth" finds "authentication" and a Korean noun
 * its forms with particles (cjk.ts). `prefix` false: whole words, for words taken from a stored
 * session; but not a Korean one, which lost its particle as a query word.
 */
export function ftsQuery(terms: string[], prefix = true): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"${(prefix && t.length >= 4) || (t.length >= 2 && isHangul(t)) ? "*" : ""}`).join(" OR ");
}

/**
 * Each word of the question as an expression matching it (a prefix) or one of its synonyms.
 * Whole words cost less: FTS5 gathers every word a prefix starts in the whole index, which for
 * startup's ~20 words was 37 of its 47 ms in the archive at 500,000 turns (10 ms as whole words).
 */
export function termGroups(terms: string[], prefix: boolean): string[] {
  return terms.map(
    (t) =>
      `(${[
        ftsQuery([t], prefix),
        ...expandTerms([t])
          .filter((s) => s !== t)
          .map((s) => `"${s}"`),
      ].join(" OR ")})`,
  );
}
