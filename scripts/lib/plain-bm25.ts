// The baseline the recall benches compare against: plain BM25 over each session's full text
// (one document per session), restricted to the asking project, with no boosts, no field
// weights, no synonyms and no CJK handling: what anyone gets from SQLite's FTS5 as it comes.
import { Database } from "bun:sqlite";

export interface Doc {
  id: string;
  project: string;
  body: string;
}

/** Returns a search: the ids of the `k` best documents of `project` for any words of `query`. */
export function plainBm25(docs: Doc[]): (query: string, project: string, k: number) => string[] {
  const db = new Database(":memory:");
  db.exec("CREATE VIRTUAL TABLE full USING fts5(id UNINDEXED, project UNINDEXED, body, tokenize = 'porter unicode61')");
  const ins = db.query("INSERT INTO full (id, project, body) VALUES (?, ?, ?)");
  db.transaction(() => {
    for (const d of docs) ins.run(d.id, d.project, d.body);
  })();
  const q = db.query("SELECT id FROM full WHERE full MATCH ? AND project = ? ORDER BY bm25(full) LIMIT ?");
  return (query, project, k) => {
    const words = (query.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).filter((w) => w.length > 1);
    if (!words.length) return [];
    return (q.all(words.map((w) => `"${w}"`).join(" OR "), project, k) as { id: string }[]).map((r) => r.id);
  };
}
