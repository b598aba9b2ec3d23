// Excerpts for search results: the part of a record or a turn that matches best, cut around
// the first match, with the matched terms marked for the CLI to colour and the MCP to strip.
import type { SessionRecord } from "../record.ts";
import type { Exchange } from "../extract/exchanges.ts";

export const HIT_OPEN = "\u0001";
export const HIT_CLOSE = "\u0002";
/** An excerpt without its hit markers. */
export const plainSnippet = (s: string) => s.replaceAll(HIT_OPEN, "").replaceAll(HIT_CLOSE, "");

/** Around the first matched term of the best part of a turn (prompt, a reply, tool lines), terms marked. */
export function exchangeSnippet(e: Exchange, terms: string[], width = 160): string {
  return snippetOf([e.prompt, ...e.replies, e.tools.join(" · ")], terms, width);
}

/**
 * The part that holds the most of the terms (the first of equals), cut around its first
 * match, with every matched term wrapped in HIT_OPEN / HIT_CLOSE. Terms match as the index
 * matches them: anywhere in a word, case-insensitive.
 */
export function snippetOf(parts: string[], terms: string[], width = 160): string {
  const words = terms.map((t) => t.toLowerCase()).filter((w) => w.length > 1);
  let best = "";
  let bestCount = -1;
  for (const p of parts) {
    if (!p) continue;
    const low = p.toLowerCase();
    const count = words.filter((w) => low.includes(w)).length;
    if (count > bestCount) (best = p), (bestCount = count);
  }
  const flat = best.replace(/\s+/g, " ").trim();
  const low = flat.toLowerCase();
  const first = Math.min(...words.map((w) => low.indexOf(w)).filter((i) => i >= 0), flat.length);
  const start = first === flat.length ? 0 : Math.max(0, first - Math.floor(width / 3));
  let text = (start > 0 ? "…" : "") + flat.slice(start, start + width) + (start + width < flat.length ? "…" : "");
  for (const w of [...words].sort((a, b) => b.length - a.length)) {
    text = text.replace(new RegExp(`(${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})(?![^${HIT_OPEN}]*${HIT_CLOSE})`, "gi"), `${HIT_OPEN}$1${HIT_CLOSE}`);
  }
  return text;
}

/** Around the first matched term of the record's fields that hold the most terms. */
export function recordSnippet(r: SessionRecord, terms: string[]): string {
  return snippetOf(
    [r.title ?? "", r.working_on, ...r.requests, ...r.decisions, ...r.todos.map((t) => t.content), r.files_modified.join(" "), r.compact_summary ?? ""],
    terms,
  );
}
