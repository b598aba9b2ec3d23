// The exchange archive in SQLite: one row per turn (prompt, replies, tool lines) and a
// full-text index over them. Called by Store inside its transactions; no SQL elsewhere.
import type { Database } from "bun:sqlite";
import type { Exchange } from "../extract/exchanges.ts";
import { indexText } from "./cjk.ts";

export const EXCHANGE_FTS_COLUMNS = ["prompt", "reply", "tools"] as const;
/** What the user asked and what the assistant found weigh alike; tool lines are terse and repetitive. */
export const EXCHANGE_FTS_WEIGHTS = [1.5, 1.5, 0.7] as const;

interface Row {
  rowid: number;
  session_id: string;
  seq: number;
  at: string;
  prompt: string;
  replies: string;
  tools: string;
}

export function saveExchanges(db: Database, sessionId: string, exchanges: Exchange[], fts: boolean): void {
  if (!exchanges.length) return;
  // Only turns already stored (the one that was in progress, or a whole archive read again) have an
  // index entry to replace: new turns, most of them, are plain inserts. No RETURNING: see Store's #atomic.
  const stored = (db.query("SELECT max(seq) AS seq FROM exchanges WHERE session_id = ?").get(sessionId) as { seq: number | null }).seq ?? 0;
  const find = db.query("SELECT rowid FROM exchanges WHERE session_id = ? AND seq = ?");
  const update = db.query("UPDATE exchanges SET at = ?, prompt = ?, replies = ?, tools = ? WHERE rowid = ?");
  const insert = db.query("INSERT INTO exchanges (at, prompt, replies, tools, session_id, seq) VALUES (?, ?, ?, ?, ?, ?)");
  const unindex = db.query("DELETE FROM exchanges_fts WHERE rowid = ?");
  const index = db.query(`INSERT INTO exchanges_fts (rowid, ${EXCHANGE_FTS_COLUMNS.join(", ")}) VALUES (?, ?, ?, ?)`);
  for (const e of exchanges) {
    const text = [e.at, e.prompt, JSON.stringify(e.replies), JSON.stringify(e.tools)] as const;
    const old = e.seq <= stored ? (find.get(sessionId, e.seq) as { rowid: number } | null) : null;
    let rowid: number;
    if (old) {
      rowid = old.rowid;
      update.run(...text, rowid);
      if (fts) unindex.run(rowid);
    } else rowid = Number(insert.run(...text, sessionId, e.seq).lastInsertRowid);
    if (fts) index.run(rowid, ...ftsValues(e));
  }
}

export function ftsValues(e: Pick<Exchange, "prompt" | "replies" | "tools">): string[] {
  return [indexText(e.prompt), indexText(e.replies.join("\n")), indexText(e.tools.join("\n"))];
}

/**
 * A session's conversation for the record index: prompts, replies and tool lines, the opening turns and
 * then the newest ones, within `max` characters, so that re-indexing at every hook costs
 * the same for a long session as for a short one.
 */
export function conversationText(db: Database, sessionId: string, max = 32_000): string {
  const take = (sql: string, budget: number) => {
    const out: string[] = [];
    let used = 0;
    for (const row of db.query(sql).iterate(sessionId) as IterableIterator<TextRow>) {
      const text = turnText(row);
      if (used + text.length > budget && out.length) break;
      out.push(text);
      used += text.length;
      seen.add(row.seq);
    }
    return { out, used };
  };
  const seen = new Set<number>();
  const head = take("SELECT seq, prompt, replies, tools FROM exchanges WHERE session_id = ? ORDER BY seq LIMIT 40", max / 3);
  const tail = db.query("SELECT seq, prompt, replies, tools FROM exchanges WHERE session_id = ? ORDER BY seq DESC LIMIT 200").all(sessionId) as TextRow[];
  const newest: string[] = [];
  let used = head.used;
  for (const row of tail) {
    if (seen.has(row.seq)) break;
    const text = turnText(row);
    if (used + text.length > max) break;
    newest.unshift(text);
    used += text.length;
  }
  return [...head.out, ...newest].join("\n").slice(0, max);
}

interface TextRow {
  seq: number;
  prompt: string;
  replies: string;
  tools: string;
}

const turnText = (r: TextRow) => [r.prompt, ...(JSON.parse(r.replies) as string[]), ...(JSON.parse(r.tools) as string[])].join("\n");

const ESCAPED_BREAK = /\\[nrt]/g;
/**
 * Up to this many turns a session's archive is read in one query. An archived turn is 1-2 KB, so
 * such a session nearly always fits `archiveText`'s budget; a longer one goes straight to the
 * head-and-tail read instead of being read whole first and then again.
 */
const WHOLE_TURNS = 100;
/** The same in SQL: a JSON-escaped break or tab becomes a space. */
const unescaped = (column: string) => `replace(replace(replace(${column}, '\\n', ' '), '\\r', ' '), '\\t', ' ')`;

/**
 * A session's archived text for word tests: every turn of most sessions; of a longer one, its
 * opening and newest turns up to `max` characters. Replies and tool lines stay the JSON they are
 * stored as (parsing them costs more than the tests), with the escaped line breaks and tabs made
 * spaces, so that a word after one starts a word.
 */
export function archiveText(db: Database, sessionId: string, max = 256_000): string {
  // Most sessions: SQLite joins their turns (in no set order: the text is only tested for words),
  // half the cost of reading them row by row at 50 turns. The count reads the key index only.
  if (countExchanges(db, sessionId) <= WHOLE_TURNS) {
    const whole = db
      .query(
        `SELECT group_concat(prompt || char(10) || ${unescaped("replies")} || char(10) || ${unescaped("tools")}, char(10)) AS text
         FROM exchanges WHERE session_id = ?`,
      )
      .get(sessionId) as { text: string | null };
    if ((whole.text?.length ?? 0) <= max) return whole.text ?? "";
  }
  const take = (sql: string, budget: number, skip: Set<number>) => {
    const out: string[] = [];
    let used = 0;
    for (const r of db.query(sql).iterate(sessionId) as IterableIterator<TextRow>) {
      if (used >= budget || skip.has(r.seq)) break;
      const t = `${r.prompt}\n${r.replies.replace(ESCAPED_BREAK, " ")}\n${r.tools.replace(ESCAPED_BREAK, " ")}`;
      out.push(t);
      used += t.length;
      skip.add(r.seq);
    }
    return { out, used };
  };
  const seen = new Set<number>();
  const head = take("SELECT seq, prompt, replies, tools FROM exchanges WHERE session_id = ? ORDER BY seq", max / 2, seen);
  const tail = take("SELECT seq, prompt, replies, tools FROM exchanges WHERE session_id = ? ORDER BY seq DESC", max - head.used, seen);
  return [...head.out, ...tail.out.reverse()].join("\n");
}

export function deleteExchanges(db: Database, sessionId: string, fts: boolean): void {
  if (fts) db.query("DELETE FROM exchanges_fts WHERE rowid IN (SELECT rowid FROM exchanges WHERE session_id = ?)").run(sessionId);
  db.query("DELETE FROM exchanges WHERE session_id = ?").run(sessionId);
}

/** A session's exchanges in order, a page at a time. */
export function listExchanges(db: Database, sessionId: string, opts: { from?: number; limit: number }): Exchange[] {
  const rows = db
    .query("SELECT rowid, session_id, seq, at, prompt, replies, tools FROM exchanges WHERE session_id = ? AND seq >= ? ORDER BY seq LIMIT ?")
    .all(sessionId, opts.from ?? 1, opts.limit) as Row[];
  return rows.map(toExchange);
}

export function countExchanges(db: Database, sessionId?: string): number {
  const row = (
    sessionId === undefined
      ? db.query("SELECT count(*) AS n FROM exchanges").get()
      : db.query("SELECT count(*) AS n FROM exchanges WHERE session_id = ?").get(sessionId)
  ) as { n: number };
  return row.n;
}

/** Bytes of archived text (for `status`). */
export function archiveChars(db: Database): number {
  const row = db.query("SELECT coalesce(sum(length(prompt) + length(replies) + length(tools)), 0) AS n FROM exchanges").get() as { n: number };
  return row.n;
}

export interface ExchangeHit {
  session_id: string;
  seq: number;
  relevance: number;
}

/**
 * Sessions whose turns, taken together, hold every one of these word groups (FTS5 expressions)
 * that is rare in the archive: a question answered across several turns of a long session, which
 * no single turn holds and the record index (a window of the conversation) may miss. A group in
 * more than `cap` turns tells little of a session and is left out; unless at least two groups,
 * and half of them, are rare, holding them is no evidence.
 */
export function sessionsHoldingAll(db: Database, groups: string[], cap: number): string[] {
  const turns = db.query("SELECT count(*) AS n FROM (SELECT 1 FROM exchanges_fts WHERE exchanges_fts MATCH ? LIMIT ?)");
  const rare = groups
    .map((g) => ({ g, n: (turns.get(g, cap + 1) as { n: number }).n }))
    .filter((r) => r.n > 0 && r.n <= cap)
    .sort((a, b) => a.n - b.n);
  if (rare.length < 2 || rare.length < groups.length / 2) return [];
  const sessions = db.query("SELECT DISTINCT e.session_id AS id FROM exchanges_fts f JOIN exchanges e ON e.rowid = f.rowid WHERE exchanges_fts MATCH ?");
  let held: string[] | undefined;
  for (const { g } of rare) {
    const ids = new Set((sessions.all(g) as { id: string }[]).map((r) => r.id));
    held = held ? held.filter((id) => ids.has(id)) : [...ids];
    if (!held.length) break;
  }
  return held ?? [];
}

/** The sessions a search is limited to: a condition on `sessions` and its arguments (search.ts `sessionFilter`). */
export interface SessionFilter {
  where: string;
  args: string[];
}

/** The best-matching exchanges (by bm25), at most `limit`, for a ready FTS5 expression; optionally of some sessions only. */
export function matchExchanges(db: Database, match: string, limit: number, filter?: SessionFilter): ExchangeHit[] {
  const bm25 = `bm25(exchanges_fts, ${EXCHANGE_FTS_WEIGHTS.join(", ")})`;
  // Rank inside the index first and join only the pool: a common word matches thousands of turns.
  // A filter is the set of its sessions' turns, tested before bm25 is computed (as in search.ts):
  // 2.5-4 times faster at 500,000 turns than joining every match to its session.
  const within = filter ? `AND +rowid IN (SELECT rowid FROM exchanges WHERE session_id IN (SELECT session_id FROM sessions WHERE ${filter.where}))` : "";
  return db
    .query(
      `SELECT e.session_id AS session_id, e.seq AS seq, m.relevance AS relevance
       FROM (SELECT rowid, -${bm25} AS relevance FROM exchanges_fts WHERE exchanges_fts MATCH ? ${within} ORDER BY ${bm25} LIMIT ?) m
       JOIN exchanges e ON e.rowid = m.rowid`,
    )
    .all(match, ...(filter?.args ?? []), limit) as ExchangeHit[];
}

/**
 * The turn of one session that shares the most of `terms` (prefixes for words of 4+
 * letters, as the index matches them), the newest of equals; read page by page.
 */
export function bestExchange(db: Database, sessionId: string, terms: string[]): Exchange | null {
  const words = terms.map((t) => t.toLowerCase());
  let best: Exchange | null = null;
  let bestCount = 0;
  const query = db.query("SELECT rowid, session_id, seq, at, prompt, replies, tools FROM exchanges WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT 500");
  for (let after = 0; ; ) {
    const rows = query.all(sessionId, after) as Row[];
    for (const r of rows) {
      const text = `${r.prompt}\n${r.replies}\n${r.tools}`.toLowerCase();
      const count = words.filter((w) => text.includes(w)).length;
      if (count >= bestCount && count > 0) (best = toExchange(r)), (bestCount = count);
    }
    if (rows.length < 500) return best;
    after = rows.at(-1)!.seq;
  }
}

export function getExchange(db: Database, sessionId: string, seq: number): Exchange | null {
  const row = db
    .query("SELECT rowid, session_id, seq, at, prompt, replies, tools FROM exchanges WHERE session_id = ? AND seq = ?")
    .get(sessionId, seq) as Row | null;
  return row ? toExchange(row) : null;
}

function toExchange(r: Row): Exchange {
  return { seq: r.seq, at: r.at, prompt: r.prompt, replies: JSON.parse(r.replies) as string[], tools: JSON.parse(r.tools) as string[] };
}
