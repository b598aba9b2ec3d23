import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { openDatabase, userVersion, SCHEMA_VERSION } from "../../src/store/db.ts";
import { Store } from "../../src/store/sessions.ts";
import { buildRecord } from "../../src/extract/record.ts";
import type { SessionRecord } from "../../src/record.ts";
import { emptyState } from "../../src/extract/state.ts";
import { ftsQuery, queryTerms } from "../../src/store/fts.ts";
import { tempDir } from "../support/tmp.ts";

const NOW = Date.parse("2026-06-01T00:00:00Z");

function rec(id: string, request: string, opts: { project?: string; updated?: string; files?: string[]; decisions?: string[] } = {}): SessionRecord {
  const state = emptyState();
  state.turnCount = 1;
  state.requests = [request];
  state.files = (opts.files ?? []).map((f) => join(opts.project ?? "/p", f));
  state.decisions = opts.decisions ?? [];
  const project = opts.project ?? "/p";
  return buildRecord(state, {
    sessionId: id,
    project,
    cwd: project,
    gitBranch: "main",
    transcriptPath: null,
    home: "/h",
    now: opts.updated ?? "2026-05-30T00:00:00Z",
  });
}

function store(...records: SessionRecord[]): Store {
  const s = new Store(openDatabase(":memory:"));
  for (const r of records) s.upsertRecord(r);
  return s;
}

const ids = (hits: { record: SessionRecord }[]) => hits.map((h) => h.record.session_id);

/** A session of project /p with its archive: one exchange per [prompt, reply]. */
function saveArchived(s: Store, id: string, turns: [string, string][], title?: string): void {
  const done = turns.map(([prompt, reply], i) => ({ seq: i + 1, at: "2026-05-30T00:00:00Z", prompt, replies: [reply], tools: [] as string[] }));
  const state = emptyState();
  state.turnCount = done.length;
  state.requests = done.map((e) => e.prompt).slice(-50);
  if (title) state.customTitle = title;
  state.exchanges = { seq: done.length, done, calls: {}, fromStart: true };
  const r = buildRecord(state, { sessionId: id, project: "/p", cwd: "/p", gitBranch: "main", transcriptPath: null, home: "/h", now: "2026-05-30T00:00:00Z" });
  s.saveSession(r, { extract: state, files: {} }, 0);
}

describe("search ranking", () => {
  test("in a large store, a word more than half of the sessions hold makes no session a match on its own (bm25 gives it no weight)", () => {
    const many = (n: number, text: (i: number) => string) => Array.from({ length: n }, (_, i) => rec(`s${i}`, text(i)));
    const s = store(
      rec("kafka", "deploy the kafka consumer"),
      rec("email", "write the onboarding email copy"),
      ...many(1_000, (i) => `deploy the service number ${i}`),
    );
    expect(ids(s.search({ query: "kafka deploy", limit: 5, now: NOW }))).toEqual(["kafka"]);
    // Words fewer than half hold count on their own; a query of common words only is still answered.
    expect(ids(s.search({ query: "kafka onboarding", limit: 5, now: NOW })).sort()).toEqual(["email", "kafka"]);
    expect(ids(s.search({ query: "deploy", limit: 10, now: NOW }))).toHaveLength(10);
    // In a small store, every word still lists the sessions that hold it.
    const small = store(rec("kafka", "deploy the kafka consumer"), rec("api", "deploy the api"), rec("web", "deploy the web app"));
    expect(ids(small.search({ query: "kafka deploy", limit: 5, now: NOW }))).toHaveLength(3);
  });

  test("the best text match comes first", () => {
    const s = store(
      rec("a", "add retry with backoff to the payment webhook"),
      rec("b", "write the onboarding email copy"),
      rec("c", "document the payment API"),
    );
    expect(ids(s.search({ query: "how did we retry payment webhooks", limit: 3, now: NOW }))[0]).toBe("a");
  });

  test("with equal text, the asking project comes first", () => {
    const s = store(rec("other", "tune the cache eviction policy", { project: "/x" }), rec("mine", "tune the cache eviction policy", { project: "/y" }));
    expect(ids(s.search({ query: "cache eviction", near: { project: "/y" }, limit: 2, now: NOW }))).toEqual(["mine", "other"]);
    expect(ids(s.search({ query: "cache eviction", near: { project: "/x" }, limit: 2, now: NOW }))).toEqual(["other", "mine"]);
  });

  test("the same repository (another worktree) ranks above other projects", () => {
    const a = { ...rec("wt", "fix the flaky login test", { project: "/repo-wt" }), repo: "/repo" };
    const s = store(rec("far", "fix the flaky login test", { project: "/elsewhere" }), a);
    expect(ids(s.search({ query: "flaky login test", near: { project: "/repo", repo: "/repo" }, limit: 2, now: NOW }))).toEqual(["wt", "far"]);
  });

  test("with equal text and project, recency breaks the tie", () => {
    const s = store(
      rec("old", "upgrade the postgres driver", { updated: "2026-01-01T00:00:00Z" }),
      rec("new", "upgrade the postgres driver", { updated: "2026-05-20T00:00:00Z" }),
    );
    expect(ids(s.search({ query: "postgres driver upgrade", near: { project: "/p" }, limit: 2, now: NOW }))).toEqual(["new", "old"]);
  });

  test("recency only breaks near-ties: a months-old session that matches clearly better still comes first", () => {
    const s = store(
      rec("old", "upgrade the postgres driver", { updated: "2026-01-01T00:00:00Z" }),
      rec("new", "upgrade postgres", { updated: "2026-05-31T00:00:00Z" }),
    );
    expect(ids(s.search({ query: "postgres driver upgrade", near: { project: "/p" }, limit: 2, now: NOW }))).toEqual(["old", "new"]);
  });

  test("a session holding more of the question beats one word said loudly (coordination)", () => {
    const s = new Store(openDatabase(":memory:"));
    const save = (id: string, prompt: string, reply: string, title?: string) => saveArchived(s, id, [[prompt, reply]], title);
    save("target", "the invoice generator times out under load", "The connection pool ran dry; I raised its size.");
    // Other components, "slow" in the title and the task, and its synonyms in the reply: bm25 alone ranks all three first.
    for (const c of ["email sender", "websocket server", "image uploader"])
      save(
        c,
        `the ${c} is slow to start`,
        "Startup was slow: every module loaded eagerly, a performance and latency problem. Lazy imports fixed the speed.",
        `Slow ${c} startup`,
      );
    for (const k of ["footer", "labels", "rounding", "currency"])
      save(`invoice ${k}`, `add ${k} to the invoice generator`, `Done: the invoice generator has ${k} now.`);
    const hits = s.search({ query: "that invoice generator problem, really slow under load", near: { project: "/p" }, limit: 3, now: NOW });
    expect(ids(hits)[0]).toBe("target");
  });

  test("coordination weighs the question's words as bm25 does: lacking a word every session of the project holds costs little", () => {
    const s = new Store(openDatabase(":memory:"));
    for (const k of ["footer", "labels", "rounding", "currency", "taxes", "exports"])
      saveArchived(s, `billing ${k}`, [[`add ${k} to the billing service`, `Done: billing has ${k} now.`]]);
    saveArchived(s, "loud", [["the billing webhook retries", "The billing webhook retries now back off."]], "Billing webhook retries");
    saveArchived(s, "target", [["events are rejected", "Found it: the webhook signature check used the old secret."]]);
    // Two words of three each; "billing" is in every session but one, "signature" in one only.
    expect(ids(s.search({ query: "billing webhook signature", project: "/p", limit: 3, now: NOW }))[0]).toBe("target");
  });

  test("a long session is found by what it found mid-session, beyond what the record index holds of it", () => {
    const s = new Store(openDatabase(":memory:"));
    const save = (id: string, finding: string) => {
      const turns: [string, string][] = [["today we work on the billing service", "Sure."]];
      for (let t = 2; t <= 150; t++)
        turns.push([`tidy up step ${t}`, t === 60 ? finding : `Done: chore ${t}. ${"The change is small and every test still passes. ".repeat(16)}`]);
      saveArchived(s, id, turns);
    };
    // Saved before the target: where scores tie, the first saved comes first, so a tie cannot favour it.
    for (const [id, finding] of [
      ["a", "Found it: the webhook secret had expired."],
      ["b", "Found it: a cron job ran twice after the clock change."],
      ["c", "Found it: the cache kept stale exchange rates."],
      ["d", "Found it: the pdf font was missing on the server."],
    ] as const)
      save(id, finding);
    // Each word after a line break: the archive keeps replies as JSON, where a break is `\n`.
    save("target", "Found it:\nrounding\ninvoice\ntotals per line, not once per bill.");
    // The service is named in the first turn only, the rounding in turn 60 only: no single turn holds the question.
    const hits = s.search({ query: "the rounding of invoice totals in the billing service", near: { project: "/p" }, limit: 3, now: NOW });
    expect(ids(hits)[0]).toBe("target");
  });

  // 400 turns are past what coordination reads of a session (its two ends, 256,000 characters).
  test.each([150, 400])("a long session (%i turns) is found by a question it holds only across turns of its middle", (length) => {
    const s = new Store(openDatabase(":memory:"));
    const save = (id: string, middle: [string, string][], first = "a few cleanups first") => {
      const turns: [string, string][] = [[first, "Sure."]];
      for (let t = 2; t <= length; t++)
        turns.push([`tidy up step ${t}`, `Done: chore ${t}. ${"The change is small and every test still passes. ".repeat(16)}`]);
      turns.splice(length / 2, 0, ...middle);
      saveArchived(s, id, turns);
    };
    // Saved before the target, so that a tie cannot favour it: the same component, or the same finding, not both.
    // This one also names the service in its first turn, which coordination reads of every session: two words of three.
    save(
      "same-component",
      [
        ["now the billing service", "Looking at the billing service."],
        ["the totals look off", "Found it: a stale exchange rate."],
      ],
      "a few cleanups in the billing service first",
    );
    save("same-finding", [
      ["now the mailer", "Looking at the mailer."],
      ["the totals look off", "Found it: rounding per line."],
    ]);
    save("target", [
      ["now the billing service", "Looking at the billing service."],
      ["the totals look off", "Found it: rounding per line."],
    ]);
    // Neither the first turn nor the newest name the service or the rounding, and no one turn holds both.
    const hits = s.search({ query: "rounding in the billing service", project: "/p", near: { project: "/p" }, limit: 3, now: NOW });
    expect(ids(hits)[0]).toBe("target");
    // The turn shown is one that holds words of the question.
    expect(hits[0]!.exchange?.snippet).toMatch(/billing|rounding/i);
  });

  test("files, decisions and prefixes are searchable; project and since filter", () => {
    const s = store(
      rec("f", "misc work", { files: ["src/auth/middleware.ts"], updated: "2026-05-01T00:00:00Z" }),
      rec("d", "misc work", { decisions: ["Switched the session store to SQLite"], project: "/q" }),
    );
    expect(ids(s.search({ query: "middleware", limit: 5, now: NOW }))).toEqual(["f"]);
    expect(ids(s.search({ query: "middle", limit: 5, now: NOW }))).toEqual(["f"]); // prefix match
    expect(ids(s.search({ query: "sqlite", limit: 5, now: NOW }))).toEqual(["d"]);
    expect(ids(s.search({ query: "misc", project: "/q", limit: 5, now: NOW }))).toEqual(["d"]);
    expect(ids(s.search({ query: "misc", since: "2026-05-15T00:00:00Z", limit: 5, now: NOW }))).toEqual(["d"]);
  });
});

describe("search robustness", () => {
  const s = store(rec("a", "parse the config file (yaml) with AND/OR flags"));
  const nasty = [
    '"unbalanced',
    "AND OR NOT",
    "a* OR (b",
    "NEAR(x y)",
    "col:value",
    "^start",
    "-minus +plus",
    "'); DROP TABLE sessions; --",
    "\u0000\u0001",
    "🙂 émoji ünïcode",
    "*",
    "()",
    "",
  ];
  for (const q of nasty) {
    test(`query ${JSON.stringify(q)} never throws`, () => {
      expect(() => s.search({ query: q, limit: 5 })).not.toThrow();
    });
  }
  test("FTS operators in a query are plain words", () => {
    expect(ids(s.search({ query: "config AND", limit: 5 }))).toEqual(["a"]);
    expect(ftsQuery(queryTerms('say "hi" NOT "quoted"'))).toBe('"say" OR "hi" OR "not" OR "quoted"*');
  });
  test("an empty store returns nothing", () => {
    expect(store().search({ query: "anything at all", limit: 5 })).toEqual([]);
  });
  test("an updated record replaces its index row; a deleted one leaves none", () => {
    const path = join(tempDir(), "index.db");
    const t = new Store(openDatabase(path));
    t.upsertRecord(rec("x", "write the kafka consumer"));
    t.upsertRecord(rec("x", "write the rabbitmq consumer"));
    expect(ids(t.search({ query: "kafka", limit: 5 }))).toEqual([]);
    expect(ids(t.search({ query: "rabbitmq", limit: 5 }))).toEqual(["x"]);
    t.deleteSession("x");
    expect(ids(t.search({ query: "rabbitmq", limit: 5 }))).toEqual([]);
    const reader = new Database(path, { readonly: true });
    expect((reader.query("SELECT count(*) AS n FROM sessions_fts").get() as { n: number }).n).toBe(0);
    reader.close();
  });
});

describe("migration from the core schema (v1)", () => {
  test("a v1 store gains the repo column and a full-text index of its existing sessions", () => {
    const path = join(tempDir(), "v1.db");
    const v1 = new Database(path);
    // The core schema as shipped in schema version 1 (frozen here on purpose).
    v1.exec(`CREATE TABLE sessions (session_id TEXT PRIMARY KEY, project TEXT NOT NULL, cwd TEXT NOT NULL, git_branch TEXT, started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL, turn_count INTEGER NOT NULL, working_on TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX sessions_by_project ON sessions (project, updated_at DESC);
      CREATE INDEX sessions_by_time ON sessions (updated_at DESC);
      CREATE TABLE cursors (session_id TEXT PRIMARY KEY, state TEXT NOT NULL, version INTEGER NOT NULL);
      CREATE TABLE recovery (session_id TEXT PRIMARY KEY, record TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE hook_runs (id INTEGER PRIMARY KEY, at TEXT NOT NULL, event TEXT NOT NULL, session_id TEXT, ms REAL NOT NULL, ok INTEGER NOT NULL, detail TEXT);
      PRAGMA user_version = 1;`);
    const old = rec("legacy", "wire the stripe webhooks", { files: ["src/billing/stripe.ts"], decisions: ["Pinned the stripe SDK to 12.3"] });
    delete (old as { repo?: string }).repo;
    v1.query("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").run(
      old.session_id,
      old.project,
      old.cwd,
      old.git_branch,
      old.started_at,
      old.updated_at,
      old.turn_count,
      old.working_on,
      JSON.stringify(old),
    );
    v1.close();

    const s = new Store(openDatabase(path));
    const reader = new Database(path, { readonly: true });
    expect(userVersion(reader)).toBe(SCHEMA_VERSION);
    expect(ids(s.search({ query: "stripe webhooks", limit: 5 }))).toEqual(["legacy"]);
    expect(ids(s.search({ query: "billing", limit: 5 }))).toEqual(["legacy"]);
    expect(ids(s.search({ query: "pinned sdk", limit: 5 }))).toEqual(["legacy"]);
    expect((reader.query("SELECT repo FROM sessions").get() as { repo: string }).repo).toBe("/p");
    reader.close();
    // And the store keeps working: a new session is indexed as it is saved.
    s.upsertRecord(rec("fresh", "add the refund flow"));
    expect(ids(s.search({ query: "refund", limit: 5 }))).toEqual(["fresh"]);
  });
});
