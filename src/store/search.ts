// Ranked search over every stored session: bm25 over the record index (title, task,
// requests, decisions, files...) and over the exchange archive (every prompt, reply and
// tool line), combined per session, then boosted for the asking project (and its
// repository across worktrees) and for recency, and scaled by how much of the question
// each of the best sessions holds. Without FTS5 (some macOS SQLite builds)
// it falls back to a scan of the records.
import type { Database } from "bun:sqlite";
import type { SessionRecord } from "../record.ts";
import { FTS_WEIGHTS, queryTerms, searchableText, termGroups } from "./fts.ts";
import { inSessions, matchExpression, termWeights } from "./idf.ts";
import { hasTable } from "./db.ts";
import { expandTerms } from "./synonyms.ts";
import { archiveText, bestExchange, getExchange, matchExchanges, sessionsHoldingAll, type ExchangeHit, type SessionFilter } from "./exchanges.ts";
import { byScore, coordinate } from "./coordinate.ts";
import { exchangeSnippet, HIT_OPEN, recordSnippet } from "./snippets.ts";

export interface SearchOptions {
  query: string;
  /** Only this project (exact). */
  project?: string;
  /** Boost (not filter) sessions of this project and repository. */
  near?: { project: string; repo?: string };
  since?: string;
  exclude?: string[];
  limit: number;
  /** Wall-clock of "now", for recency (tests pin it). */
  now?: number;
  /**
   * The query is a question someone asked (the default): its words are prefixes, the best are
   * re-ranked by how much of it each holds (coordinate.ts, which reads their archives), and sessions
   * holding it across turns are looked for. False for a query made of a session's own words, a task,
   * topics and file names (startup's related sessions): whole words, none of those steps.
   */
  question?: boolean;
}

export interface SearchHit {
  record: SessionRecord;
  score: number;
  /** Best-matching excerpt; matched terms are wrapped in HIT_OPEN / HIT_CLOSE. */
  snippet: string;
  /** The archived turn that matched best, when one did: its number, time and excerpt. */
  exchange?: { seq: number; at: string; snippet: string };
}

const SAME_PROJECT = 1.6;
const SAME_REPO = 1.3;
/**
 * Relevance decays towards 90% over about a month: recency breaks near-ties, it does not outrank a
 * better match. Questions are asked weeks after the session that answers them: with a floor of 0.6,
 * recall@3 was 0.836 against 0.848 on LoCoMo's conversations asked two weeks after their last
 * session, and 0.916 against 0.927 on bench:recall's archive corpus.
 */
const RECENCY_FLOOR = 0.9;
const RECENCY_DAYS = 30;

export function searchSessions(db: Database, opts: SearchOptions): SearchHit[] {
  const terms = queryTerms(opts.query);
  if (!terms.length || opts.limit <= 0) return [];
  const fts = hasTable(db, "sessions_fts");
  const now = opts.now ?? Date.now();
  const exclude = new Set(opts.exclude ?? []);
  // Rank on the cheap columns first; parse records and build snippets for the winners only.
  const candidates = fts ? combine(ftsCandidates(db, terms, opts), exchangeCandidates(db, terms, opts)) : scanCandidates(db, terms, opts);
  const scored = candidates
    .filter((c) => !exclude.has(c.session_id))
    .map((c) => ({ ...c, score: c.relevance * boost(c, opts, now) }))
    .sort(byScore);
  // A session's words: its record's fields, then (if they lack some) its archive, of a long session more than the record index holds.
  const textsOf = function* (c: Scored) {
    yield searchableText(JSON.parse(c.record ?? recordOf(db, c.rowid)) as SessionRecord).join("\n");
    yield archiveText(db, c.session_id);
  };
  const weights = () => termWeights(db, terms, sessionFilter(opts));
  const ranked = (fts && opts.question !== false ? coordinate(terms, scored, textsOf, weights) : scored).slice(0, opts.limit);
  const details = fts
    ? ftsDetails(
        db,
        terms,
        ranked.map((c) => c.rowid),
      )
    : new Map<number, Detail>();
  return ranked.map((c) => {
    const d = details.get(c.rowid) ?? { record: c.record ?? recordOf(db, c.rowid), snippet: c.snippet ?? "" };
    const hit: SearchHit = { record: JSON.parse(d.record) as SessionRecord, score: c.score, snippet: d.snippet };
    // The turn to show: the one that matched in the archive index, else the one of this session sharing most words.
    const e = c.bestSeq !== undefined ? getExchange(db, c.session_id, c.bestSeq) : fts ? bestExchange(db, c.session_id, terms) : null;
    if (e) {
      hit.exchange = { seq: e.seq, at: e.at, snippet: exchangeSnippet(e, terms) };
      // The record's excerpt unless the match was mostly in the conversation (or not in the record's fields at all).
      if (!hit.snippet.includes(HIT_OPEN) || (c.exchangeShare ?? 0) > 0.5) hit.snippet = hit.exchange.snippet;
    }
    return hit;
  });
}

type Scored = Candidate & { score: number };

/** How much the best exchanges count against the record fields, once both are scaled to their best match. */
const EXCHANGE_SHARE = 0.55;
/** A session's exchange relevance: its best turn, plus a little for the next ones (a topic discussed at length). */
const NEXT_EXCHANGES = [1, 0.3, 0.15];
/** Exchanges ranked by bm25 before they are grouped by session. */
const EXCHANGE_POOL = 100;
/** Fewer sessions than this with a turn holding the whole question: look for those holding it across turns... */
const SPREAD_BELOW = 5;
/** ...by the words that are in at most this many turns (each such word costs a lookup per turn). */
const RARE_TURNS = 300;

/**
 * One candidate per session from both indexes. bm25 scores of two indexes are not on one
 * scale: each side is divided by its best score, then mixed. A session found only by its
 * record keeps its record share, and one found only in its exchanges its exchange share.
 */
function combine(records: Candidate[], exchanges: Candidate[]): Candidate[] {
  const maxR = Math.max(0, ...records.map((c) => c.relevance)) || 1;
  const maxE = Math.max(0, ...exchanges.map((c) => c.relevance)) || 1;
  const bySession = new Map<string, Candidate>();
  for (const c of records) bySession.set(c.session_id, { ...c, relevance: (1 - EXCHANGE_SHARE) * (c.relevance / maxR), exchangeShare: 0 });
  for (const e of exchanges) {
    // Held across a session's turns, the question counts as the best turn holding it whole does.
    const part = EXCHANGE_SHARE * (e.spread ? 1 : e.relevance / maxE);
    const c = bySession.get(e.session_id);
    if (c) {
      c.exchangeShare = part / (c.relevance + part);
      c.relevance += part;
      c.bestSeq = e.bestSeq;
    } else bySession.set(e.session_id, { ...e, relevance: part, exchangeShare: 1 });
  }
  return [...bySession.values()];
}

function exchangeCandidates(db: Database, terms: string[], opts: SearchOptions): Candidate[] {
  if (!hasTable(db, "exchanges_fts")) return [];
  // Turns that hold every word of the question (or a synonym of it): the conversation column of the
  // record index already lets words said in different turns count together, and an OR over half a
  // million turns would score every turn that says one common word.
  const groups = termGroups(terms, opts.question !== false);
  const hits = matchExchanges(db, groups.join(" AND "), EXCHANGE_POOL, sessionFilter(opts));
  const grouped = new Map<string, ExchangeHit[]>();
  for (const h of hits) grouped.set(h.session_id, [...(grouped.get(h.session_id) ?? []), h]);
  // When few turns hold it whole, the sessions that hold it across several turns (of a long one, the
  // record index may hold none of them).
  const spread = opts.question !== false && grouped.size < SPREAD_BELOW ? sessionsHoldingAll(db, groups, RARE_TURNS).filter((id) => !grouped.has(id)) : [];
  const ids = [...grouped.keys(), ...spread];
  if (!ids.length) return [];
  const meta = db
    .query(`SELECT rowid, session_id, project, repo, updated_at FROM sessions WHERE session_id IN (${ids.map(() => "?").join(", ")})`)
    .all(...ids) as Omit<Candidate, "relevance">[];
  return meta
    .filter((m) => (opts.project === undefined || m.project === opts.project) && (opts.since === undefined || m.updated_at >= opts.since))
    .map((m) => {
      const mine = grouped.get(m.session_id)?.sort((a, b) => b.relevance - a.relevance);
      if (!mine) return { ...m, relevance: 0, exchangeShare: 1, spread: true };
      const relevance = mine.slice(0, NEXT_EXCHANGES.length).reduce((sum, h, i) => sum + h.relevance * NEXT_EXCHANGES[i]!, 0);
      return { ...m, relevance, bestSeq: mine[0]!.seq, exchangeShare: 1 };
    });
}

function recordOf(db: Database, rowid: number): string {
  return (db.query("SELECT record FROM sessions WHERE rowid = ?").get(rowid) as { record: string }).record;
}

interface Candidate {
  rowid: number;
  session_id: string;
  project: string;
  repo: string | null;
  updated_at: string;
  relevance: number;
  /** The best-matching archived turn, and how much of the relevance came from the archive. */
  bestSeq?: number;
  exchangeShare?: number;
  /** Holds the question across several turns, none of which holds it whole. */
  spread?: boolean;
  /** Only the scan fallback fills these up front. */
  record?: string;
  snippet?: string;
}

interface Detail {
  record: string;
  snippet: string;
}

/** The project and time a search is limited to, as a condition on `sessions`; undefined when it is not. */
function sessionFilter(opts: SearchOptions): SessionFilter | undefined {
  const where: string[] = [];
  const args: string[] = [];
  if (opts.project !== undefined) where.push("project = ?"), args.push(opts.project);
  if (opts.since !== undefined) where.push("updated_at >= ?"), args.push(opts.since);
  return where.length ? { where: where.join(" AND "), args } : undefined;
}

function ftsCandidates(db: Database, terms: string[], opts: SearchOptions): Candidate[] {
  const filter = sessionFilter(opts);
  // A generous pool by text relevance, re-ranked below with the project and recency boosts.
  const pool = Math.max(50, opts.limit * 10 + (opts.exclude?.length ?? 0));
  const bm25 = `bm25(sessions_fts, ${FTS_WEIGHTS.join(", ")})`;
  // Rank inside the index and join only the pool: a common word matches thousands of sessions.
  // A filter is the set of its sessions' rowids (from an index), tested before bm25 is computed: a
  // startup's related search (~20 words, most in every session) then scores the project's sessions
  // only, 4-5 times faster at 10,000 sessions than ranking all and joining. The `+` keeps SQLite
  // from handing the set to FTS5 as rowid lookups, one full query each.
  const within = inSessions(filter);
  return db
    .query(
      `SELECT s.rowid AS rowid, s.session_id AS session_id, s.project AS project, s.repo AS repo, s.updated_at AS updated_at, m.relevance AS relevance
       FROM (SELECT rowid, -${bm25} AS relevance FROM sessions_fts WHERE sessions_fts MATCH ? ${within} ORDER BY ${bm25} LIMIT ?) m
       JOIN sessions s ON s.rowid = m.rowid ORDER BY m.relevance DESC`,
    )
    .all(matchExpression(db, terms, opts.question !== false), ...(filter?.args ?? []), pool) as Candidate[];
}

/** The winners' records, and the excerpt of each that matches best (the index keeps no text of its own). */
function ftsDetails(db: Database, terms: string[], rowids: number[]): Map<number, Detail> {
  if (!rowids.length) return new Map();
  const rows = db.query(`SELECT rowid, record FROM sessions WHERE rowid IN (${rowids.map(() => "?").join(", ")})`).all(...rowids) as {
    rowid: number;
    record: string;
  }[];
  return new Map(rows.map((r) => [r.rowid, { record: r.record, snippet: recordSnippet(JSON.parse(r.record) as SessionRecord, terms) }]));
}

/** No FTS5: count matching terms with LIKE over the stored JSON. Slower, same answers in spirit. */
function scanCandidates(db: Database, terms: string[], opts: SearchOptions): Candidate[] {
  const filter = sessionFilter(opts);
  const rows = db
    .query(`SELECT rowid, session_id, project, repo, updated_at, record FROM sessions ${filter ? `WHERE ${filter.where}` : ""}`)
    .all(...(filter?.args ?? [])) as Omit<Candidate, "relevance">[];
  const out: Candidate[] = [];
  const all = expandTerms(terms);
  for (const row of rows) {
    const text = row.record!.toLowerCase();
    const matched = all.filter((t) => text.includes(t));
    if (matched.length) out.push({ ...row, relevance: matched.length, snippet: scanSnippet(row.record!, matched) });
  }
  return out;
}

function scanSnippet(recordJson: string, matched: string[]): string {
  return recordSnippet(JSON.parse(recordJson) as SessionRecord, matched);
}

function boost(c: Candidate, opts: SearchOptions, now: number): number {
  let b = 1;
  if (opts.near) {
    if (c.project === opts.near.project) b *= SAME_PROJECT;
    else if (opts.near.repo && (c.repo ?? c.project) === opts.near.repo) b *= SAME_REPO;
  }
  const ageDays = Math.max(0, (now - Date.parse(c.updated_at)) / 86_400_000);
  return b * (RECENCY_FLOOR + (1 - RECENCY_FLOOR) * Math.exp(-ageDays / RECENCY_DAYS));
}
