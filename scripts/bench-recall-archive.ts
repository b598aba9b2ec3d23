// Deep recall, measured: questions of each kind (about the request, what the assistant
// found, an error text, a command, a file, vague, Chinese, English about Chinese sessions)
// over sessions archived turn by turn, with distractors about the same component in the
// same project. Compared with a plain BM25 over the same full text (no boosts, no CJK
// handling), and timed with 10,000 sessions / 500,000 exchanges.
import { rmSync, statSync } from "node:fs";
import { tempDir } from "../test/support/tmp.ts";
import { join } from "node:path";
import { openDatabase } from "../src/store/db.ts";
import { Store } from "../src/store/sessions.ts";
import { relatedSessions } from "../src/context/gather.ts";
import { plainBm25 } from "./lib/plain-bm25.ts";
import { makeArchiveCorpus, makeLongSessions, storeArchived, type ArchivedSession, type QueryKind } from "./lib/recall-archive.ts";

const NOW = Date.parse("2026-11-01T00:00:00Z");
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** Plain BM25 over each generated session's full text: every prompt, reply and tool line. */
function baseline(sessions: ArchivedSession[]): (query: string, project: string, k: number) => string[] {
  return plainBm25(
    sessions.map((s) => ({ id: s.id, project: s.project, body: s.exchanges.map((e) => [e.prompt, ...e.replies, ...e.tools].join("\n")).join("\n") })),
  );
}

async function quality() {
  const { sessions, queries } = makeArchiveCorpus({ projects: 20, perProject: 60, queries: 600 });
  const store = new Store(openDatabase(":memory:"));
  storeArchived(store, sessions);
  const plain = baseline(sessions);
  const rows = new Map<QueryKind | "all", { n: number; ours: number; ours1: number; bm25: number }>();
  const add = (k: QueryKind | "all", ours: number, bm: number) => {
    const r = rows.get(k) ?? { n: 0, ours: 0, ours1: 0, bm25: 0 };
    r.n++;
    if (ours >= 0 && ours < 3) r.ours++;
    if (ours === 0) r.ours1++;
    if (bm >= 0 && bm < 3) r.bm25++;
    rows.set(k, r);
  };
  for (const q of queries) {
    // As `session-recorder search` asks by default: this project only.
    const ours = store
      .search({ query: q.query, project: q.project, near: { project: q.project }, limit: 3, now: NOW })
      .findIndex((h) => h.record.session_id === q.target);
    const bm = plain(q.query, q.project, 3).indexOf(q.target);
    add(q.kind, ours, bm);
    add("all", ours, bm);
  }
  console.log(
    `Quality: ${sessions.length} sessions in 20 projects, ${sessions.reduce((n, s) => n + s.exchanges.length, 0)} exchanges, ${queries.length} labelled questions`,
  );
  console.table(
    [...rows].map(([kind, r]) => ({
      kind,
      questions: r.n,
      "recall@1": (r.ours1 / r.n).toFixed(3),
      "recall@3": (r.ours / r.n).toFixed(3),
      "plain BM25 recall@3": (r.bm25 / r.n).toFixed(3),
    })),
  );
  const ex = queries.find((q) => q.kind === "found")!;
  console.log(`e.g. (found) "${ex.query}"`);
  store.close();
}

/**
 * Long sessions whose finding came in the middle: beyond what the record index holds of the
 * conversation. With `spread`, the component is named in the middle too, a few turns earlier;
 * at 400 turns and more, the middle is also past what coordination reads of a session.
 */
function long(spread: boolean, length = 150) {
  const { sessions, queries } = makeLongSessions({ components: 8, incidents: 8, spread, turns: length });
  const store = new Store(openDatabase(":memory:"));
  storeArchived(
    store,
    sessions.map((s) => ({ ...s, file: "src/main.ts" })),
  );
  const plain = baseline(sessions);
  let ours = 0;
  let bm = 0;
  for (const q of queries) {
    if (store.search({ query: q.query, project: q.project, near: { project: q.project }, limit: 3, now: NOW }).some((h) => h.record.session_id === q.target))
      ours++;
    if (plain(q.query, q.project, 3).includes(q.target)) bm++;
  }
  const turns = sessions.reduce((n, s) => n + s.exchanges.length, 0);
  console.log(
    `Long sessions (${sessions.length}, ${turns} turns, the finding mid-session${spread ? ", the component named a few turns before it" : ""}): recall@3 ${(ours / queries.length).toFixed(3)}, plain BM25 ${(bm / queries.length).toFixed(3)}`,
  );
  store.close();
}

async function scale() {
  const dir = tempDir("sr-archive-");
  try {
    // 10,000 sessions averaging 50 turns: 500,000 exchanges.
    const { sessions, queries } = makeArchiveCorpus({ projects: 25, perProject: 400, queries: 300, turns: [30, 70], seed: 11 });
    const path = join(dir, "sessions.db");
    const store = new Store(openDatabase(path));
    const t0 = performance.now();
    for (let i = 0; i < sessions.length; i += 500) storeArchived(store, sessions.slice(i, i + 500));
    const fillMs = performance.now() - t0;
    store.checkpoint();
    const exchanges = store.exchangeCount();
    const ms: number[] = [];
    for (const q of queries) {
      const s = performance.now();
      store.search({ query: q.query, near: { project: q.project }, limit: 5, now: NOW });
      ms.push(performance.now() - s);
    }
    // The same questions within their project (`search --project`, MCP's project argument).
    const inProject: number[] = [];
    for (const q of queries) {
      const s = performance.now();
      store.search({ query: q.query, project: q.project, limit: 5, now: NOW });
      inProject.push(performance.now() - s);
    }
    // What every startup and /clear pays: the related older sessions of the last one's project.
    const related: number[] = [];
    for (const s of sessions.filter((_, i) => i % 100 === 0)) {
      const last = store.getSession(s.id)!;
      const t = performance.now();
      relatedSessions(store, last, [last.session_id], 3);
      related.push(performance.now() - t);
    }
    const text = store.archiveChars();
    store.close();
    console.log(
      `Scale: ${sessions.length} sessions, ${exchanges} exchanges (${(text / 1e6).toFixed(0)} MB of text), stored in ${(fillMs / 1000).toFixed(1)} s; store file ${(statSync(path).size / 1e6).toFixed(0)} MB`,
    );
    const line = (what: string, ms: number[], of: string) =>
      console.log(
        `${what}: p50 ${pct(ms, 0.5).toFixed(2)} ms, p95 ${pct(ms, 0.95).toFixed(2)} ms, max ${Math.max(...ms).toFixed(1)} ms over ${ms.length} ${of}`,
      );
    line("search in-process", ms, "questions");
    line("search in-process, within the project", inProject, "questions");
    line("startup's related sessions in-process", related, "sessions");
  } finally {
    // SR_KEEP_STORE=<path>: keep the 10,000-session store there (to profile queries against it).
    if (process.env.SR_KEEP_STORE) Bun.spawnSync(["cp", join(dir, "sessions.db"), process.env.SR_KEEP_STORE]);
    rmSync(dir, { recursive: true, force: true });
  }
}

await quality();
long(false);
long(true);
long(true, 400);
if (!process.argv.includes("--quick")) await scale();
console.log(
  "Targets: recall@3 >= 0.90 overall and for 'found'; Chinese questions work; at least plain BM25; search p50 <= 10 ms with 10,000 sessions / 500,000 exchanges.",
);
