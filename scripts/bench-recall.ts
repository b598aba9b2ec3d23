// `bun run bench:recall`: recall@1/@3 of `search` on a generated corpus with
// paraphrased, labelled queries, and its latency (in-process, and the whole CLI).
import { rmSync } from "node:fs";
import { tempDir } from "../test/support/tmp.ts";
import { join } from "node:path";
import { openDatabase } from "../src/store/db.ts";
import { Store } from "../src/store/sessions.ts";
import { makeCorpus } from "./lib/recall-corpus.ts";

const BIN = join(import.meta.dir, "..", "plugin", "bin", "native", "session-recorder");

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** Build a store of `sessions` sessions, run the labelled queries in-process, and (optionally) time the CLI. */
async function run(sessions: number, projects: number, queries: number, cliRuns: number) {
  const dir = tempDir("sr-recall-");
  try {
    const data = join(dir, "data");
    const corpus = makeCorpus({ sessions, projects, queries });
    const store = new Store(openDatabase(join(data, "sessions.db")));
    store.transaction(() => {
      for (const r of corpus.records) store.upsertRecord(r);
    });
    let at1 = 0,
      at3 = 0;
    const ms: number[] = [];
    for (const q of corpus.queries) {
      const s = performance.now();
      const hits = store.search({ query: q.query, near: { project: q.project }, limit: 3 });
      ms.push(performance.now() - s);
      const rank = hits.findIndex((h) => h.record.session_id === q.target);
      if (rank === 0) at1++;
      if (rank >= 0 && rank < 3) at3++;
    }
    store.close();
    const cli: number[] = [];
    if (cliRuns && (await Bun.file(BIN).exists())) {
      const env = { ...process.env, HOME: join(dir, "home"), CLAUDE_PLUGIN_DATA: data } as Record<string, string>;
      for (const q of corpus.queries.slice(0, cliRuns)) {
        const s = performance.now();
        const p = Bun.spawnSync([BIN, "search", q.query, "--all", "--limit", "5"], { env, cwd: dir });
        cli.push(performance.now() - s);
        if (p.exitCode !== 0) throw new Error(`search failed: ${p.stderr}`);
      }
    }
    return {
      example: corpus.queries[0]!,
      exampleTarget: corpus.records.find((r) => r.session_id === corpus.queries[0]!.target)!,
      row: {
        sessions,
        projects,
        queries: corpus.queries.length,
        "recall@1": (at1 / corpus.queries.length).toFixed(3),
        "recall@3": (at3 / corpus.queries.length).toFixed(3),
        "in-process p50 (ms)": pct(ms, 0.5).toFixed(2),
        "in-process p95 (ms)": pct(ms, 0.95).toFixed(2),
        "CLI search p50 (ms)": cli.length ? pct(cli, 0.5).toFixed(1) : "-",
        "CLI search p95 (ms)": cli.length ? pct(cli, 0.95).toFixed(1) : "-",
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const small = await run(2_000, 20, 250, 0);
const large = await run(10_000, 25, 300, 30);
console.log(
  `Queries paraphrase one session each (other words, inflections and order), e.g.\n  "${small.example.query}"\n  -> the session "${small.exampleTarget.requests[0]}" (${small.exampleTarget.decisions[0]})\n`,
);
console.table([small.row, large.row]);
console.log("Targets: recall@3 >= 0.9 and in-process p50 <= 5 ms (2,000-session corpus); whole CLI <= 40 ms with 10,000 sessions stored.");
if (!(await Bun.file(BIN).exists())) console.log(`(CLI not timed: ${BIN} is missing; run \`npm run build\`)`);
