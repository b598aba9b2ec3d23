// The archive in the store: saved with the record, searched with it, gone with it.
import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { archiveText, saveExchanges } from "../../src/store/exchanges.ts";
import { Store } from "../../src/store/sessions.ts";
import { buildRecord } from "../../src/extract/record.ts";
import { applyEntry, emptyState, type ExtractState } from "../../src/extract/state.ts";
import { parseLine } from "../../src/transcript/entries.ts";
import { redactDefault } from "../../src/privacy/redact.ts";
import { tempDir } from "../support/tmp.ts";
import { line } from "../support/transcript.ts";

const NOW = Date.parse("2026-11-02T00:00:00Z");

/** A session folded from transcript lines and saved as the hooks save it. */
function save(store: Store, id: string, lines: string[], project = "/p", state: ExtractState = emptyState()) {
  for (const l of lines) for (const e of parseLine(l)) applyEntry(state, e, redactDefault);
  const record = buildRecord(state, { sessionId: id, project, cwd: project, gitBranch: null, transcriptPath: null, home: "/h", now: "2026-11-01T12:00:00Z" });
  const prev = store.getCursor(id);
  expect(store.saveSession(record, { extract: state, files: {} }, prev?.version ?? 0)).toBe(true);
  return state;
}

function seeded(path = ":memory:") {
  const store = new Store(openDatabase(path));
  save(store, "export-bug", [
    line.user("the nightly export job crashes"),
    line.toolUse("Bash", { command: "npm run export" }),
    line.assistantText("Root cause: parseDate treats midnight UTC as the previous day; fixed in src/date.ts."),
    line.user("add a regression test"),
    line.assistantText("Added test/date.test.ts."),
  ]);
  save(store, "loss-curve", [line.user("训练的时候checkpoint只需要看收敛loss就行"), line.assistantText("好的，只看收敛的loss。")]);
  save(store, "distractor", [line.user("the nightly backup job is slow"), line.assistantText("Compressed with zstd instead of gzip.")]);
  return store;
}

describe("exchange archive in the store", () => {
  test("saved with the record, in order; the open turn is updated in place by later saves", () => {
    const store = new Store(openDatabase(":memory:"));
    const state = save(store, "s", [line.user("first question"), line.assistantText("first answer")]);
    expect(store.exchanges("s", { limit: 10 }).map((e) => [e.seq, e.prompt, e.replies])).toEqual([[1, "first question", ["first answer"]]]);
    save(store, "s", [line.assistantText("more on the first"), line.user("second question")], "/p", state);
    expect(store.exchanges("s", { limit: 10 }).map((e) => [e.seq, e.prompt, e.replies])).toEqual([
      [1, "first question", ["first answer", "more on the first"]],
      [2, "second question", []],
    ]);
    expect(store.exchangeCount("s")).toBe(2);
  });

  test("a batch of saves in one transaction writes one index segment, not one per session", () => {
    // FTS5 writes its pending terms out as a new segment at every savepoint (and at a RETURNING
    // statement): backfill's batches then left a small segment per session for merges to rewrite.
    const path = join(tempDir(), "db.sqlite");
    const store = new Store(openDatabase(path));
    store.transaction(() => {
      for (let i = 0; i < 8; i++) save(store, `s${i}`, [line.user(`question ${i} about parsers`), line.assistantText(`answer ${i}`)]);
    });
    const reader = new Database(path, { readonly: true });
    const segments = (table: string) => (reader.query(`SELECT count(DISTINCT segid) AS n FROM ${table}_idx`).get() as { n: number }).n;
    expect(segments("exchanges_fts")).toBe(1);
    expect(segments("sessions_fts")).toBe(1);
    reader.close();
    expect(store.search({ query: "answer 5 parsers", limit: 1, now: NOW })[0]?.record.session_id).toBe("s5");
  });

  test("what the assistant found is searchable, and the hit names its turn", () => {
    const hits = seeded().search({ query: "why did the export crash, the midnight timezone thing", limit: 3, now: NOW });
    expect(hits[0]!.record.session_id).toBe("export-bug");
    expect(hits[0]!.exchange).toMatchObject({ seq: 1 });
    expect(hits[0]!.exchange!.snippet).toMatch(/\u0001(?:export|crash|midnight)/);
  });

  test("Chinese words inside mixed text are found, by Chinese and by English words", () => {
    const s = seeded();
    for (const q of ["收敛", "checkpoint", "loss 收敛", "训练"])
      expect({ q, top: s.search({ query: q, limit: 1, now: NOW })[0]?.record.session_id }).toEqual({ q, top: "loss-curve" });
  });

  test("Korean nouns are found without their particles, and with other ones", () => {
    const s = seeded();
    save(s, "ko", [line.user("배포 후에 서버가 응답하지 않아요. 로그를 확인해 주세요"), line.assistantText("nginx 설정에서 타임아웃이 너무 짧았습니다.")]);
    for (const q of ["서버 로그", "서버를 재시작", "설정 타임아웃", "nginx 설정은"])
      expect({ q, top: s.search({ query: q, limit: 1, now: NOW })[0]?.record.session_id }).toEqual({ q, top: "ko" });
    // Startup's related sessions ask with a session's own words, whole but for Korean ones.
    expect(s.search({ query: "서버가 로그를", question: false, limit: 1, now: NOW })[0]?.record.session_id).toBe("ko");
  });

  test("forget leaves no text behind: rows, index entries, and (on disk) the file's free pages", () => {
    const path = join(tempDir(), "s.db");
    const s = seeded(path);
    s.forgetForGood(["export-bug"]);
    expect(s.exchangeCount("export-bug")).toBe(0);
    expect(s.search({ query: "parseDate midnight", limit: 5, now: NOW }).map((h) => h.record.session_id)).not.toContain("export-bug");
    s.close();
    expect(readFileSync(path).includes("parseDate treats midnight")).toBe(false);
  });

  test("a store from before the archive migrates; its sessions are marked for refilling", () => {
    const path = join(tempDir(), "old.db");
    const db = new Database(path);
    db.exec(
      "PRAGMA user_version = 4; CREATE TABLE sessions (session_id TEXT PRIMARY KEY, project TEXT NOT NULL, cwd TEXT NOT NULL, git_branch TEXT, started_at TEXT NOT NULL, updated_at TEXT NOT NULL, turn_count INTEGER NOT NULL, working_on TEXT NOT NULL, record TEXT NOT NULL, repo TEXT); CREATE TABLE cursors (session_id TEXT PRIMARY KEY, state TEXT NOT NULL, version INTEGER NOT NULL); CREATE TABLE recovery (session_id TEXT PRIMARY KEY, record TEXT NOT NULL, created_at TEXT NOT NULL); CREATE TABLE hook_runs (id INTEGER PRIMARY KEY, at TEXT NOT NULL, event TEXT NOT NULL, session_id TEXT, ms REAL NOT NULL, ok INTEGER NOT NULL, detail TEXT, chars INTEGER); CREATE VIRTUAL TABLE sessions_fts USING fts5(title, working_on, requests, decisions, todos, topics, files, branch, summary);",
    );
    const r = {
      session_id: "old",
      title: null,
      project: "/p",
      cwd: "/p",
      git_branch: null,
      started_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      timestamp: "2026-01-01T00:00:00Z",
      turn_count: 3,
      working_on: "调整 learning rate schedule",
      last_user_request: "",
      last_assistant_response: "",
      decisions: [],
      files_modified: [],
      topics: [],
      todos: [],
      compactions: 0,
      compact_summary: null,
      requests: ["调整学习率"],
      transcript_path: null,
      repo: "/p",
    };
    db.query("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").run(
      "old",
      "/p",
      "/p",
      null,
      r.started_at,
      r.updated_at,
      3,
      r.working_on,
      JSON.stringify(r),
      "/p",
    );
    db.close();
    const s = new Store(openDatabase(path));
    const reader = new Database(path, { readonly: true });
    expect(reader.query("SELECT archived FROM sessions WHERE session_id = 'old'").get()).toEqual({ archived: 0 });
    reader.close();
    // The record index was rebuilt with CJK bigrams: its Chinese words are findable now.
    expect(s.search({ query: "学习", limit: 1, now: NOW })[0]?.record.session_id).toBe("old");
  });
});

describe("archiveText (the words coordination tests)", () => {
  const turn = (seq: number, words: string) => ({
    seq,
    at: "2026-11-01T12:00:00Z",
    prompt: `ask ${words}`,
    replies: [`line one\nafter ${words}`],
    tools: [`Bash: tab\tafter${seq}`],
  });
  const words = (text: string) => new Set(text.match(/\w+/g));

  test("a session that fits: every turn, escaped breaks and tabs made spaces, the same words as read turn by turn", () => {
    const db = openDatabase(":memory:");
    saveExchanges(db, "s", [turn(1, "alpha"), turn(2, "beta"), turn(3, "gamma")], true);
    const text = archiveText(db, "s");
    expect(words(text)).toEqual(words("ask alpha line one after alpha Bash tab after1 ask beta after beta after2 ask gamma after gamma after3"));
    expect(text).not.toMatch(/\\[nt]/); // "one\\nafter" would hide the word "after"
    expect(archiveText(db, "missing")).toBe("");
  });

  test("a longer session: its opening and newest turns within the budget, not the middle", () => {
    // Over the turn limit of the one-query read, and within it but over the budget: the same head and tail.
    for (const [turns, budget] of [
      [500, 4_000],
      [100, 2_000],
    ] as const) {
      const db = openDatabase(":memory:");
      saveExchanges(
        db,
        "s",
        Array.from({ length: turns }, (_, i) => turn(i + 1, `w${i + 1}`)),
        true,
      );
      const text = archiveText(db, "s", budget);
      expect(text.length).toBeLessThanOrEqual(budget + 200);
      expect([words(text).has("w1"), words(text).has(`w${turns}`), words(text).has(`w${turns / 2}`)]).toEqual([true, true, false]);
    }
  });
});
