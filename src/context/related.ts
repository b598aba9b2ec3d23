// Related past sessions: the ones that share the most distinctive words with
// the latest session's task, requests and files (idf-weighted, so "the" and
// "file" count for nothing).
import type { SessionRecord } from "../extract/record.ts";

const STOP = new Set("the a an and or but of to in on for with at by from is are was were be been it this that these those i you we they me my our your please can could would should will just now then also into about as not no yes ok okay let lets make use using add fix file files code".split(" "));

export function relatedSessions(anchor: SessionRecord, candidates: SessionRecord[], limit: number): SessionRecord[] {
  if (limit <= 0 || !candidates.length) return [];
  const docs = candidates.map((c) => new Set(terms(c)));
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d) df.set(t, (df.get(t) ?? 0) + 1);
  const query = new Set(terms(anchor));
  const n = candidates.length;
  return candidates
    .map((c, i) => {
      let score = 0;
      for (const t of query) if (docs[i]!.has(t)) score += Math.log(1 + n / (df.get(t) ?? 1));
      return { c, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || b.c.updated_at.localeCompare(a.c.updated_at))
    .slice(0, limit)
    .map((s) => s.c);
}

function terms(r: SessionRecord): string[] {
  const text = [r.working_on, ...r.requests.slice(-10), ...r.topics, ...r.files_modified.map((f) => f.replace(/[/._-]+/g, " "))].join(" ");
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9_]{2,}/g) ?? []).filter((t) => !STOP.has(t));
}
