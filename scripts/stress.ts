// `bun scripts/stress.ts [--seed N] [--quick] [--bin PATH] [--keep] [--only PHASE] [--pool N]`
//
// Stress test of the hooks, run as Claude Code runs them (one process per hook, JSON on
// stdin), on throwaway HOME and CLAUDE_PLUGIN_DATA dirs under the system temp dir:
//   1. concurrency  8 workers x 200 `hook stop` on 16 sessions of ONE store, while their
//                   transcripts grow (torn writes included); then one Stop per session:
//                   turn_count exact (no lost update), no SQLITE_BUSY, latency figures
//   2. crash        240 SIGKILLs of `hook stop` / `hook pre-compact` at random instants
//                   (0-40 ms) on a growing transcript; after each: integrity_check ok,
//                   session JSON parses, the next Stop exits 0 and its turn_count is exact
//   3. fuzz         10,000 hostile inputs over the 5 events (stdin bytes, truncated JSON,
//                   wrong types, huge and deep values, session-id attacks, odd transcript
//                   paths and contents, regex-hostile text); each must exit 0 within 2 s,
//                   print nothing or valid hook JSON, write no stderr, stay under an RSS cap;
//                   then: hostile transcripts still give their exact turn counts, the store
//                   still serves a new session fast, nothing was written outside data/home.
//                   An input over 2 s is re-run alone before it counts (load spikes), in a
//                   fresh store and, if fast there, in the fuzz store (a poisoned store).
//   probes          (full run only, figures, no verdict) stdin = /dev/zero, stdin never
//                   closed, a 4 GB sparse transcript, /dev/zero / FIFO / dir as transcript
// The binary is built from src/ into the temp dir (scripts/build.ts's flags), unless --bin.
// Every input comes from the seed (printed; --seed N repeats a run). --quick is a ~30 s
// smoke version. Exit code 0 only when every check passed (1: a check failed, 2: the
// script itself broke); the last lines say which check failed.
import { resolve as resolvePath } from "node:path";
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  openSync,
  closeSync,
  ftruncateSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { HOOKS, hookOutputProblem } from "../src/claude.ts";
import { injectedContext, readLog } from "../test/support/hook.ts";
import { seededRng, shuffle } from "../test/support/random.ts";
import { Spawner, type HookResult, type SpawnOpts } from "../test/support/spawn.ts";
import { sandbox, tempDir } from "../test/support/tmp.ts";
import { Lines, turnLines, words } from "../test/support/transcript.ts";
import { enc, integrityCheck, KeyedLock, mb, ms, percentile, pool, Report, scanLog, secs, table, turnCounts, withDb } from "./lib/stress-util.ts";
import { buildFixtures, CANARY, generate, makeBigAscii, regexCombos, type Box, type FuzzInput, type GenCtx, type GenPlan } from "./lib/stress-fuzz.ts";

// ---------------------------------------------------------------------------
// Arguments and settings

const ROOT = join(import.meta.dir, "..");
const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const QUICK = args.includes("--quick");
/** --only concurrency|crash|fuzz: one phase (for working on it). */
const ONLY = argValue("--only");
const POOL = argValue("--pool");
const KEEP = args.includes("--keep");
const SEED_ARG = argValue("--seed");
if (SEED_ARG !== undefined && !/^\d+$/.test(SEED_ARG)) {
  console.error(`--seed takes a non-negative integer, got ${JSON.stringify(SEED_ARG)}`);
  process.exit(2);
}
const SEED = SEED_ARG !== undefined ? Number(SEED_ARG) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
// Absolute: the hooks are spawned from other working directories.
const BIN_ARG = argValue("--bin") && resolvePath(argValue("--bin")!);
let BIN = "";
if (args.includes("--help")) {
  console.log("usage: bun scripts/stress.ts [--seed N] [--quick] [--bin PATH] [--keep] [--only concurrency|crash|fuzz] [--pool N]");
  console.log("  --seed N   repeat a run (inputs are generated from the seed)");
  console.log("  --quick    ~30 s smoke version (fewer calls, kills and inputs; no probes)");
  console.log("  --bin PATH test this binary instead of building src/ into the temp dir");
  console.log("  --keep     leave the temp dir (stores, logs, fixtures) for inspection");
  console.log("  --only X   run one phase;  --pool N  fuzz concurrency (default 4)");
  process.exit(0);
}

const CFG = QUICK
  ? { workers: 8, callsPerWorker: 25, sessions: 16, kills: 40, fuzz: 1000, fuzzPool: 4, probes: false }
  : { workers: 8, callsPerWorker: 200, sessions: 16, kills: 240, fuzz: 10_000, fuzzPool: 4, probes: true };
/** Every fuzz input must finish within this. */
const FUZZ_WALL_MS = 2000;
/** Past this we kill it (it has failed already): keeps a hang from eating the run. */
const HANG_KILL_MS = 2200;
/** Slow inputs re-run alone, at most this many (each may cost HANG_KILL_MS). */
const RECHECK_MAX = 40;
/** Peak RSS cap per hook process. */
const RSS_LIMIT = 512 * 1024 * 1024;
/** The one SESSION_ID rule of src/hooks/input.ts, restated: stored ids must obey it. */
const SESSION_ID = /^(?!\.{1,2}$)[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const TAG = SEED.toString(16).padStart(8, "0");

const rep = new Report();
let stressRoot = "";
let spawner: Spawner | undefined;

function cleanup() {
  spawner?.stop();
  if (stressRoot && !KEEP)
    try {
      rmSync(stressRoot, { recursive: true, force: true });
    } catch {}
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: cleaning up`);
    cleanup();
    process.exit(sig === "SIGINT" ? 130 : 143);
  });
}

// ---------------------------------------------------------------------------
// Sandboxes

function makeBox(name: string): Box & { transcripts: string; env: Record<string, string>; spawn: (killAfterMs?: number) => SpawnOpts; db: string } {
  const s = sandbox({ dir: join(stressRoot, name), isolated: true });
  const box = { root: s.dir, home: s.home, data: s.data, proj: s.project, tx: join(s.dir, "tx") };
  mkdirSync(box.tx, { recursive: true });
  return {
    ...box,
    transcripts: s.transcripts,
    env: s.env,
    db: join(box.data, "sessions.db"),
    spawn: (killAfterMs?: number) => ({ bin: BIN, env: s.env, cwd: box.proj, killAfterMs }),
  };
}

/**
 * The binary under test: --bin PATH, else a fresh build of src/ into the temp root with the
 * flags of scripts/build.ts (so the run tests the current source, and never touches plugin/).
 */
function prepareBinary(): string {
  if (BIN_ARG) {
    if (!existsSync(BIN_ARG)) throw new Error(`--bin ${BIN_ARG} does not exist`);
    return BIN_ARG;
  }
  const out = join(stressRoot, "bin", "session-recorder");
  const t = performance.now();
  const r = Bun.spawnSync([process.execPath, "build", join(ROOT, "src", "main.ts"), "--compile", "--minify", "--bytecode", "--format=esm", "--outfile", out], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
  });
  if (r.exitCode !== 0) throw new Error(`bun build failed: ${r.stderr.toString()}`);
  const v = Bun.spawnSync([out, "--version"]);
  if (v.exitCode !== 0) throw new Error(`the built binary does not run: ${v.stderr.toString()}`);
  console.log(`built ${out} (v${v.stdout.toString().trim()}) from src/ in ${secs(performance.now() - t)}`);
  return out;
}

const hook = (event: string, input: unknown, o: SpawnOpts) => spawner!.run(event, enc(JSON.stringify(input)), o);

function readJson(path: string): { ok: true; value: any } | { ok: false; error: string } | null {
  if (!existsSync(path)) return null;
  try {
    return { ok: true, value: JSON.parse(readFileSync(path, "utf8")) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** Everything under `dir`, relative (dirs end in "/"), without following links. */
function walk(dir: string, base = dir, out: string[] = []): string[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(p);
    } catch {
      continue; // gone meanwhile
    }
    if (st.isDirectory()) {
      out.push(relative(base, p) + "/");
      walk(p, base, out);
    } else out.push(relative(base, p));
  }
  return out;
}

function limitList(xs: string[], n = 5): string {
  return xs.slice(0, n).join("; ") + (xs.length > n ? `; … (${xs.length} in all)` : "");
}

// ---------------------------------------------------------------------------
// 1. Concurrency

async function phaseConcurrency() {
  const P = "concurrency";
  console.log(`\n[1/3] concurrency: ${CFG.workers} workers x ${CFG.callsPerWorker} hook stop calls over ${CFG.sessions} sessions, one store`);
  const box = makeBox("conc");
  const tdir = box.transcripts;
  const sessions = Array.from({ length: CFG.sessions }, (_, i) => {
    const id = `${TAG}-c0c0-4000-8000-${String(i).padStart(12, "0")}`;
    return { id, path: join(tdir, `${id}.jsonl`), lines: new Lines({ sessionId: id, cwd: box.proj }), turns: 0, blocks: 0 };
  });
  type Sess = (typeof sessions)[number];
  const lock = new KeyedLock();

  /** One block per call; its shape depends only on (seed, session, block number): deterministic content. */
  async function appendBlock(s: Sess) {
    const k = ++s.blocks;
    const r = seededRng(SEED, `conc-${s.id}-${k}`);
    const out: string[] = [];
    if (r.chance(0.1)) out.push(s.lines.meta("Caveat: the messages below were generated by the user while running local commands."));
    if (r.chance(0.05)) out.push(s.lines.command("model"));
    out.push(r.chance(0.3) ? s.lines.userBlocks(`block ${k}: ${words(12, k)}`) : s.lines.user(`turn ${k} of ${s.id.slice(-4)}: ${words(15, k)}`));
    s.turns++;
    if (r.chance(0.6)) out.push(s.lines.assistantText(`Changed the ${words(1, k)} timeout from ${k % 10}s to ${(k % 10) + 5}s in src/t${k % 13}.ts.`));
    if (r.chance(0.3))
      out.push(s.lines.toolUse("Write", { file_path: join(box.proj, `src/w${k % 17}.ts`), content: "x" }), s.lines.toolResult("File created successfully"));
    const text = out.join("\n") + "\n";
    if (r.chance(0.2)) {
      // A torn write: the first part now, the rest after other hooks had a chance to read.
      const cut = r.range(1, text.length - 1);
      appendFileSync(s.path, text.slice(0, cut));
      await Bun.sleep(r.int(4));
      appendFileSync(s.path, text.slice(cut));
    } else appendFileSync(s.path, text);
  }

  const stopInput = (s: Sess, n: number) => ({
    session_id: s.id,
    transcript_path: s.path,
    cwd: box.proj,
    hook_event_name: HOOKS.stop.event,
    stop_hook_active: false,
    last_assistant_message: `Done with step ${n}.`,
  });
  const latencies: number[] = [];
  const bad: string[] = [];
  let maxRss = 0;
  const judge = (r: HookResult, what: string) => {
    latencies.push(r.ms);
    maxRss = Math.max(maxRss, r.rss);
    if (r.code !== 0) bad.push(`${what}: exit ${r.code ?? r.signal}${r.stderr ? ` stderr ${r.stderr.slice(0, 200)}` : ""}`);
    const so = hookOutputProblem("stop", r.stdout);
    if (so) bad.push(`${what}: ${so}`);
    if (r.stderr) bad.push(`${what}: stderr ${JSON.stringify(r.stderr.slice(0, 200))}`);
  };

  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CFG.workers }, async (_, w) => {
      const r = seededRng(SEED, `conc-worker-${w}`);
      for (let c = 0; c < CFG.callsPerWorker; c++) {
        const s = sessions[r.int(sessions.length)]!;
        await lock.run(s.id, () => appendBlock(s));
        judge(await hook("stop", stopInput(s, c), box.spawn(30_000)), `worker ${w} call ${c}`);
      }
    }),
  );
  const total = performance.now() - t0;
  const calls = CFG.workers * CFG.callsPerWorker;

  // Before the final sweep: a racing Stop may lag (it read an earlier offset) but never over-count.
  const before = turnCounts(box.db);
  const overCount = sessions.filter((s) => (before.get(s.id) ?? 0) > s.turns).map((s) => `${s.id}: stored ${before.get(s.id)} > appended ${s.turns}`);
  const exactBefore = sessions.filter((s) => before.get(s.id) === s.turns).length;
  const jsonStale = sessions.filter((s) => {
    const j = readJson(join(box.data, "sessions", `${s.id}.json`));
    return j?.ok && j.value.turn_count !== before.get(s.id);
  }).length;

  for (const s of sessions) judge(await hook("stop", stopInput(s, -1), box.spawn(30_000)), `final stop ${s.id}`);
  const after = turnCounts(box.db);
  const missing = sessions.filter((s) => !after.has(s.id)).map((s) => s.id);
  const wrong = sessions
    .filter((s) => after.has(s.id) && after.get(s.id) !== s.turns)
    .map((s) => `${s.id.slice(-6)}: stored ${after.get(s.id)}, appended ${s.turns}`);
  const jsonWrong = sessions
    .filter((s) => {
      const j = readJson(join(box.data, "sessions", `${s.id}.json`));
      return !j?.ok || j.value.turn_count !== s.turns;
    })
    .map((s) => s.id.slice(-6));
  const log = scanLog(readLog(box.data));
  const failedRuns = withDb(box.db, (db) => (db.query("SELECT count(*) AS n FROM hook_runs WHERE ok = 0").get() as { n: number }).n);
  const integrity = integrityCheck(box.db);
  const walBytes = existsSync(box.db + "-wal") ? statSync(box.db + "-wal").size : 0;

  rep.check(P, "every hook call exited 0 with empty stdout and stderr", bad.length === 0, bad.length ? limitList(bad) : `${calls + sessions.length} calls`);
  rep.check(P, "no stored turn_count ever above the turns appended (no double counting)", overCount.length === 0, limitList(overCount));
  rep.check(P, `all ${sessions.length} sessions present in the store`, missing.length === 0, limitList(missing));
  rep.check(
    P,
    "turn_count exact for every session after a final Stop (no lost update)",
    wrong.length === 0,
    wrong.length ? limitList(wrong) : `${sessions.reduce((a, s) => a + s.turns, 0)} turns in all`,
  );
  rep.check(P, "sessions/<id>.json agrees with the store after the final Stop", jsonWrong.length === 0, limitList(jsonWrong));
  rep.check(P, "log has no SQLITE_BUSY / database is locked", log.busy === 0, log.firstBusy ?? "");
  rep.check(
    P,
    "log has no error lines, every line is JSON",
    log.errors === 0 && log.invalid === 0,
    log.firstError ?? (log.invalid ? `${log.invalid} unparseable lines` : ""),
  );
  rep.check(P, "hook_runs has no failed run", failedRuns === 0, failedRuns ? `${failedRuns} rows with ok = 0` : "");
  rep.check(P, "PRAGMA integrity_check", integrity === "ok", integrity);

  rep.figure(P, "hook calls", `${calls} (+${sessions.length} final)`);
  rep.figure(P, "total time (parallel part)", secs(total));
  rep.figure(P, "throughput", `${(calls / (total / 1000)).toFixed(0)} hooks/s`);
  rep.figure(P, "latency p50 / p95 / max", `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 95))} / ${ms(Math.max(...latencies))}`);
  rep.figure(P, "peak RSS of a hook", mb(maxRss));
  rep.figure(P, "exact before the final sweep", `${exactBefore}/${sessions.length} sessions`);
  rep.figure(P, "JSON file behind the store before the sweep", `${jsonStale}/${sessions.length} sessions`);
  rep.figure(P, "races given up (log)", log.gaveUp);
  rep.figure(P, "WAL size at end", mb(walBytes));
}

// ---------------------------------------------------------------------------
// 2. Crash safety

async function phaseCrash() {
  const P = "crash";
  console.log(`\n[2/3] crash safety: >= ${CFG.kills} SIGKILLs of hook stop / pre-compact at random instants (0-40 ms)`);
  const box = makeBox("crash");
  const sid = `${TAG}-dead-4000-8000-000000000001`;
  const path = join(box.tx, `${sid}.jsonl`);
  const gen = { sessionId: sid, cwd: box.proj };
  let turn = 0;
  let expected = 0;
  /** n turns of the generated Claude Code mix (8-20 KB each, one real user turn each). */
  const append = (n: number) => {
    for (let k = 0; k < n; k++) {
      appendFileSync(path, turnLines(turn++, gen).join("\n") + "\n");
      expected++;
    }
  };
  const stopInput = { session_id: sid, transcript_path: path, cwd: box.proj, hook_event_name: HOOKS.stop.event, last_assistant_message: "Done." };
  append(2);
  const first = await hook("stop", stopInput, box.spawn(30_000));
  if (first.code !== 0) throw new Error(`crash phase: the first Stop failed: ${first.stderr}`);

  let kills = 0;
  let midRun = 0;
  let afterExit = 0;
  let jsonBehind = 0;
  let iterations = 0;
  const problems: string[] = [];
  const normalMs: number[] = [];
  const t0 = performance.now();
  const logBefore = scanLog(readLog(box.data));
  while (kills < CFG.kills) {
    const r = seededRng(SEED, `crash-${iterations++}`);
    append(r.range(1, 3));
    // 1 or 2 victims at once, each killed at its own random instant.
    const victims = r.chance(0.2) ? 2 : 1;
    const plans = Array.from({ length: victims }, () => ({ event: r.chance(0.5) ? "stop" : "pre-compact", delay: r.int(41) }));
    const outcomes = await Promise.all(
      plans.map(async ({ event, delay }) => {
        const input =
          event === "stop"
            ? stopInput
            : {
                session_id: sid,
                transcript_path: path,
                cwd: box.proj,
                hook_event_name: HOOKS["pre-compact"].event,
                trigger: "auto",
                custom_instructions: null,
              };
        return hook(event, input, box.spawn(delay));
      }),
    );
    for (const o of outcomes) {
      kills++;
      if (o.signal === "SIGKILL") midRun++;
      else if (o.code === 0) afterExit++;
      else problems.push(`victim ${o.event} exited ${o.code} before the kill: ${o.stderr.slice(0, 200)}`);
      if (o.stdout && hookOutputProblem(o.event, o.stdout)) problems.push(`victim ${o.event}: ${hookOutputProblem(o.event, o.stdout)}`);
    }
    // The state the next hook will find.
    const integrity = integrityCheck(box.db);
    if (integrity !== "ok") problems.push(`after kill ${kills}: integrity_check: ${integrity}`);
    const j = readJson(join(box.data, "sessions", `${sid}.json`));
    if (j && !j.ok) problems.push(`after kill ${kills}: ${sid}.json does not parse: ${j.error}`);
    const stored = turnCounts(box.db).get(sid);
    if (stored !== undefined && stored > expected) problems.push(`after kill ${kills}: stored turn_count ${stored} > ${expected} appended`);
    if (j?.ok && stored !== undefined && j.value.turn_count < stored) jsonBehind++;
    // The next normal Stop carries on from the last committed state.
    const n = await hook("stop", stopInput, box.spawn(30_000));
    normalMs.push(n.ms);
    if (n.code !== 0 || n.signal) problems.push(`normal Stop after kill ${kills}: exit ${n.code ?? n.signal} ${n.stderr.slice(0, 200)}`);
    if (n.stdout) problems.push(`normal Stop after kill ${kills}: stdout ${JSON.stringify(n.stdout.slice(0, 100))}`);
    const now = turnCounts(box.db).get(sid);
    if (now !== expected) problems.push(`normal Stop after kill ${kills}: turn_count ${now}, transcript has ${expected}`);
    const j2 = readJson(join(box.data, "sessions", `${sid}.json`));
    if (!j2?.ok || j2.value.turn_count !== expected)
      problems.push(`normal Stop after kill ${kills}: ${sid}.json turn_count ${j2?.ok ? j2.value.turn_count : "unreadable"}, expected ${expected}`);
    if (problems.length > 50) break;
  }
  const total = performance.now() - t0;
  const leftovers = [...walk(box.data).map((f) => join("data", f)), ...walk(box.home).map((f) => join("home", f))].filter((f) => f.endsWith(".tmp"));
  const logAfter = scanLog(readLog(box.data));
  const integrity = integrityCheck(box.db);

  rep.check(
    P,
    `${kills} kills: integrity_check ok, JSON readable, next Stop exits 0 and is exact`,
    problems.length === 0,
    problems.length ? limitList(problems) : `${iterations} rounds, ${expected} turns`,
  );
  rep.check(P, "kills landed mid-run (the test really interrupted hooks)", midRun >= Math.min(20, kills / 4), `${midRun} mid-run`);
  rep.check(
    P,
    "normal Stops logged no errors, log lines are JSON",
    logAfter.errors === logBefore.errors && logAfter.invalid === 0 && logAfter.busy === 0,
    logAfter.firstError ?? (logAfter.invalid ? `${logAfter.invalid} unparseable lines` : ""),
  );
  rep.check(P, "final PRAGMA integrity_check", integrity === "ok", integrity);

  rep.figure(P, "kills", kills);
  rep.figure(P, "landed mid-run / after exit", `${midRun} / ${afterExit}`);
  rep.figure(P, "JSON file behind the store after a kill", `${jsonBehind} times (the next Stop rewrote it)`);
  rep.figure(P, "stale temp files left by kills", `${leftovers.length}${leftovers.length ? ` (e.g. ${leftovers[0]})` : ""}`);
  rep.figure(P, "next-Stop latency p50 / max", `${ms(percentile(normalMs, 50))} / ${ms(Math.max(...normalMs))}`);
  rep.figure(P, "transcript size at end", mb(statSync(path).size));
  rep.figure(P, "phase time", secs(total));
}

// ---------------------------------------------------------------------------
// 3. Fuzz

const FUZZ_MIX: [string, number][] = [
  ["random-bytes", 1400],
  ["truncated-json", 1200],
  ["wrong-types", 1600],
  ["huge-string", 300],
  ["deep-json", 250],
  ["session-id", 900],
  ["transcript-path", 1800],
  ["transcript-content", 1500],
  ["regex-dos", 320],
  ["valid", 730],
];

interface CatStats {
  n: number;
  fails: number;
  maxMs: number;
  maxRss: number;
  maxRssDesc: string;
  examples: string[];
}

async function phaseFuzz() {
  const P = "fuzz";
  console.log(`\n[3/3] fuzz: ${CFG.fuzz} hostile inputs over the 5 events, pool of ${CFG.fuzzPool}`);
  const box = makeBox("fuzz");
  const setup0 = performance.now();
  const rng = seededRng(SEED, "fuzz-fixtures");
  const fx = buildFixtures(box, rng, { longLines: true });
  const bigAscii = makeBigAscii(rng.fork("ascii"), 4 << 20);
  const combos = regexCombos();
  const plan: GenPlan = { giant: new Set(), regexCombos: shuffle(combos, seededRng(SEED, "regex-order")) };
  const ctx: GenCtx = { box, fx, bigAscii, quick: QUICK, tag: TAG };

  // The plan: category counts scaled to the run size, in a seeded order.
  const scale = CFG.fuzz / FUZZ_MIX.reduce((a, [, n]) => a + n, 0);
  const items: { cat: string; k: number }[] = [];
  for (const [cat, n] of FUZZ_MIX) {
    const count = Math.max(1, Math.round(n * scale));
    for (let k = 0; k < count; k++) items.push({ cat, k });
  }
  const order = shuffle(items, seededRng(SEED, "fuzz-order")).slice(0, CFG.fuzz);
  const hugeCount = order.filter((x) => x.cat === "huge-string").length;
  if (!QUICK) for (let g = 0; g < 4; g++) plan.giant.add(Math.floor(((g + 0.5) * hugeCount) / 4));
  const projBefore = walk(box.proj).join("\n");
  console.log(`  fixtures ready in ${secs(performance.now() - setup0)} (incl. 50 MB and 15 MB lines)`);

  const stats = new Map<string, CatStats>();
  const failures: string[] = [];
  const fail = (i: number, input: FuzzInput, why: string) => {
    const st = stats.get(input.cat)!;
    st.fails++;
    const line = `#${i} [${input.cat}] ${input.desc}: ${why}`;
    failures.push(line);
    if (st.examples.length < 3) st.examples.push(line);
  };
  /** Over the time limit with nothing else wrong: run again alone before calling it a failure (load spikes). */
  const recheck: { i: number; cat: string; k: number; first: string }[] = [];
  let maxRss = 0;
  let maxRssDesc = "";
  let maxMs = 0;
  let maxMsDesc = "";
  let sessionStartOutputs = 0;
  let maxContext = 0;
  const all: number[] = [];
  fx.growing.start();
  const t0 = performance.now();
  let done = 0;
  await pool(order.entries(), CFG.fuzzPool, async ([i, { cat, k }]) => {
    const input: FuzzInput = generate(cat, i, k, seededRng(SEED, `fuzz-${i}`), ctx, plan);
    const r = await spawner!.run(input.event, input.stdin, box.spawn(HANG_KILL_MS));
    const st = stats.get(input.cat) ?? { n: 0, fails: 0, maxMs: 0, maxRss: 0, maxRssDesc: "", examples: [] };
    stats.set(input.cat, st);
    st.n++;
    all.push(r.ms);
    st.maxMs = Math.max(st.maxMs, r.ms);
    if (r.rss > st.maxRss) (st.maxRss = r.rss), (st.maxRssDesc = input.desc);
    if (r.rss > maxRss) (maxRss = r.rss), (maxRssDesc = input.desc);
    if (r.ms > maxMs) (maxMs = r.ms), (maxMsDesc = input.desc);
    const why: string[] = [];
    if (!r.killed && r.code !== 0) why.push(`exit ${r.code ?? r.signal}`);
    const so = hookOutputProblem(input.event, r.stdout);
    if (so) why.push(so);
    if (r.stderr) why.push(`stderr ${JSON.stringify(r.stderr.slice(0, 160))}`);
    if (r.rss > RSS_LIMIT) why.push(`peak RSS ${mb(r.rss)}`);
    const slow = r.killed ? `killed after ${HANG_KILL_MS} ms` : r.ms > FUZZ_WALL_MS ? `took ${r.ms.toFixed(0)} ms` : null;
    if (r.stdout) {
      sessionStartOutputs++;
      maxContext = Math.max(maxContext, injectedContext(r.stdout).length);
    }
    if (why.length) fail(i, input, [slow, ...why].filter(Boolean).join(", "));
    else if (slow) recheck.push({ i, cat, k, first: slow });
    if (++done % 1000 === 0)
      console.log(`  ${done}/${order.length} inputs, ${failures.length} failed, ${recheck.length} slow, ${secs(performance.now() - t0)}`);
  });
  fx.close();
  const fuzzTime = performance.now() - t0;

  // Slow ones again, one at a time: first in a fresh store (is the input itself slow?), then,
  // if fast there, in the fuzz store under a new session id (did an earlier input poison the
  // store, e.g. a record that makes every later hook slow?). Fast both times = a load spike.
  const t1 = performance.now();
  let cleared = 0;
  let poisoned = 0;
  const confirmed = new Map<string, number>();
  const signature = (inp: FuzzInput) => `${inp.cat}|${inp.event}|${inp.desc.replace(/\d+/g, "N")}`;
  for (const [n, item] of recheck.entries()) {
    const input = generate(item.cat, item.i, item.k, seededRng(SEED, `fuzz-${item.i}`), ctx, plan);
    const sig = signature(input);
    if (confirmed.has(sig)) {
      fail(item.i, input, `${item.first} (same input shape as #${confirmed.get(sig)}, confirmed slow alone)`);
      continue;
    }
    if (n >= RECHECK_MAX) {
      fail(item.i, input, `${item.first} (not re-checked: over ${RECHECK_MAX} slow inputs)`);
      continue;
    }
    const iso = makeBox(`recheck-${item.i}`);
    const alone = await spawner!.run(input.event, input.stdin, { ...iso.spawn(HANG_KILL_MS), cwd: box.proj });
    rmSync(iso.root, { recursive: true, force: true });
    const took = (r: HookResult) => (r.killed ? `killed after ${HANG_KILL_MS} ms` : `${r.ms.toFixed(0)} ms`);
    if (alone.killed || alone.ms > FUZZ_WALL_MS) {
      confirmed.set(sig, item.i);
      fail(item.i, input, `${item.first}; alone in a fresh store: ${took(alone)}`);
      continue;
    }
    const again = await spawner!.run(input.event, freshSession(input.stdin), box.spawn(HANG_KILL_MS));
    if (again.killed || again.ms > FUZZ_WALL_MS) {
      poisoned++;
      fail(
        item.i,
        input,
        `${item.first}; ${took(alone)} alone in a fresh store but ${took(again)} in the fuzz store: an earlier input left the store slow for everyone`,
      );
    } else cleared++;
  }
  const recheckTime = performance.now() - t1;

  // Fidelity: hostile files still yield exactly their real turns (fresh session per fixture).
  const fidelity: string[] = [];
  const checkedFixtures: string[] = [];
  for (const f of fx.byName.values()) {
    if (f.expected === undefined) continue;
    const id = `fz-${TAG}-fidelity-${f.name}`;
    const r = await hook("stop", { session_id: id, transcript_path: f.path, cwd: box.proj, hook_event_name: HOOKS.stop.event }, box.spawn(30_000));
    const got = turnCounts(box.db).get(id);
    checkedFixtures.push(`${f.name}=${got}`);
    if (r.code !== 0 || got !== f.expected)
      fidelity.push(`${f.name}: turn_count ${got ?? "missing"}, expected ${f.expected}${r.code !== 0 ? ` (exit ${r.code})` : ""} [${r.ms.toFixed(0)} ms]`);
  }
  // The transcript appended to while being read: a final Stop per session reading it is exact.
  const growIds = [...turnCounts(box.db).keys()].filter((id) => id.startsWith(`fz-${TAG}-grow`));
  for (const id of growIds) {
    await hook("stop", { session_id: id, transcript_path: fx.growing.path, cwd: box.proj }, box.spawn(30_000));
    const got = turnCounts(box.db).get(id);
    if (got !== fx.growing.turns) fidelity.push(`growing transcript, ${id}: turn_count ${got}, appended ${fx.growing.turns}`);
  }

  // After all that, the store still serves an ordinary session promptly.
  const health: string[] = [];
  {
    const id = `fz-${TAG}-health`;
    const t = join(box.tx, "health.jsonl");
    const l = new Lines({ sessionId: id, cwd: box.proj });
    writeFileSync(t, [l.user("an ordinary request after the fuzz"), l.assistantText("Changed the retry limit from 3 to 5 in src/retry.ts.")].join("\n") + "\n");
    for (const [event, input] of [
      ["session-start", { session_id: id, transcript_path: t, cwd: box.proj, hook_event_name: HOOKS["session-start"].event, source: "startup" }],
      ["stop", { session_id: id, transcript_path: t, cwd: box.proj, hook_event_name: HOOKS.stop.event, last_assistant_message: "Done." }],
      ["session-end", { session_id: id, transcript_path: t, cwd: box.proj, hook_event_name: HOOKS["session-end"].event, reason: "other" }],
    ] as const) {
      const r = await hook(event, input, box.spawn(15_000));
      health.push(`${event} ${r.ms.toFixed(0)} ms`);
      if (r.code !== 0 || r.ms > FUZZ_WALL_MS || hookOutputProblem(event, r.stdout))
        health.push(`FAILED: ${event} exit ${r.code ?? r.signal} in ${r.ms.toFixed(0)} ms`);
    }
    if (turnCounts(box.db).get(id) !== 1) health.push(`FAILED: turn_count ${turnCounts(box.db).get(id)}, expected 1`);
  }

  // Nothing written outside the data dir and home.
  const outside: string[] = [];
  const allowedTop = new Set(["home/", "data/", "proj/", "tx/", "tmp/"]);
  for (const f of walk(box.root)) {
    const top = f.split("/")[0] + "/";
    if (!allowedTop.has(top) && !allowedTop.has(f)) outside.push(f);
    if (f.includes(CANARY) && !f.startsWith("tx/")) outside.push(f);
  }
  // The data dir is the recorder's to organise; only session file names are checked there.
  for (const f of walk(box.data)) {
    const m = /^sessions\/([^/]+)\.json$/.exec(f);
    if ((m && !SESSION_ID.test(m[1]!)) || (f.startsWith("sessions/") && f.split("/").length > 2 && !f.endsWith("/"))) outside.push(`data/${f}`);
  }
  for (const f of walk(box.home)) if (!f.startsWith(".claude/")) outside.push(`home/${f}`);
  if (walk(box.proj).join("\n") !== projBefore) outside.push("proj/ changed");
  const tmpFiles = walk(join(box.root, "tmp"));
  for (const dir of [tmpdir(), "/", stressRoot]) {
    try {
      for (const name of readdirSync(dir)) if (name.includes(CANARY)) outside.push(join(dir, name));
    } catch {}
  }
  const badIds = withDb(box.db, (db) =>
    (db.query("SELECT session_id FROM sessions").all() as { session_id: string }[]).map((r) => r.session_id).filter((id) => !SESSION_ID.test(id)),
  );
  const integrity = integrityCheck(box.db);
  const log = scanLog(readLog(box.data));
  const storedSessions = withDb(box.db, (db) => (db.query("SELECT count(*) AS n FROM sessions").get() as { n: number }).n);

  const failByCat = [...stats.entries()].filter(([, s]) => s.fails).map(([c, s]) => `${c}: ${s.fails}/${s.n}`);
  rep.check(
    P,
    `every input: exit 0, <= ${FUZZ_WALL_MS} ms, stdout empty or valid hook JSON, no stderr, RSS <= ${mb(RSS_LIMIT)}`,
    failures.length === 0,
    failures.length ? `${failures.length} failed (${failByCat.join(", ")})` : `${order.length} inputs`,
  );
  rep.check(
    P,
    "hostile transcripts yield exactly their real turns (fresh session each)",
    fidelity.length === 0,
    fidelity.length ? limitList(fidelity, 8) : checkedFixtures.join(", "),
  );
  rep.check(P, "the fuzzed store still serves a new session within the time limit", !health.some((h) => h.startsWith("FAILED")), health.join(", "));
  rep.check(
    P,
    "nothing written outside the data dir and home; no escaped session id",
    outside.length === 0 && badIds.length === 0,
    limitList([...outside, ...badIds.map((id) => `stored id ${JSON.stringify(id)}`)]),
  );
  rep.check(
    P,
    "log has no SQLITE_BUSY / database is locked; every line is JSON",
    log.busy === 0 && log.invalid === 0,
    log.firstBusy ?? (log.invalid ? `${log.invalid} unparseable lines` : ""),
  );
  rep.check(P, "PRAGMA integrity_check", integrity === "ok", integrity);

  rep.figure(P, "inputs", `${order.length} in ${stats.size} categories`);
  rep.figure(P, "fuzz time", secs(fuzzTime));
  rep.figure(
    P,
    "over the time limit in the pool, re-run alone",
    `${recheck.length}: ${cleared} load spikes, ${poisoned} slow only in the fuzz store, ${recheck.length - cleared - poisoned} slow alone (${secs(recheckTime)})`,
  );
  rep.figure(P, "wall per input p50 / p95 / max", `${ms(percentile(all, 50))} / ${ms(percentile(all, 95))} / ${ms(maxMs)} (${maxMsDesc})`);
  rep.figure(P, "peak RSS (max)", `${mb(maxRss)} (${maxRssDesc})`);
  rep.figure(P, "session-start outputs / longest context", `${sessionStartOutputs} / ${maxContext} chars`);
  rep.figure(P, "growing transcript", `${fx.growing.turns} turns, ${fx.growing.lines} lines appended during the fuzz; ${growIds.length} sessions read it`);
  rep.figure(P, "sessions stored at end (max_sessions prunes)", storedSessions);
  rep.figure(P, "log: error lines (rejected inputs) / watchdog timeouts", `${log.errors} / ${log.watchdog}`);
  rep.figure(P, "files hooks left in TMPDIR", tmpFiles.length);

  console.log("\n  per category:");
  console.log(
    table(
      [...stats.entries()].sort().map(([c, s]) => [c, String(s.n), String(s.fails), ms(s.maxMs), mb(s.maxRss), s.maxRssDesc.slice(0, 70)]),
      ["category", "inputs", "failed", "max wall", "max RSS", "input with max RSS"],
    ).replace(/^/gm, "    "),
  );
  if (failures.length) {
    const shown = failures.sort((a, b) => a.localeCompare(b, "en", { numeric: true })).slice(0, 60);
    console.log(
      `\n  fuzz failures (${failures.length}${failures.length > shown.length ? `, first ${shown.length}` : ""}; repeat with --seed ${SEED}${QUICK ? " --quick" : ""}):`,
    );
    for (const f of shown) console.log(`    ${f}`);
  }
  const failedCombos = new Set(
    failures
      .filter((f) => f.includes("[regex-dos]"))
      .map((f) => f.replace(/^#\d+ \[regex-dos\] /, "").replace(/ \((?:stop|pre-compact|post-compact|session-end|session-start)\):.*$/, "")),
  );
  const ranCombos = Math.min(plan.regexCombos.length, stats.get("regex-dos")?.n ?? 0);
  rep.figure(P, "regex-dos combos over the time limit", `${failedCombos.size} of ${ranCombos}`);
  if (failedCombos.size) {
    console.log("\n  regex-dos combos (field = text shape) over the time limit:");
    for (const c of [...failedCombos].sort()) console.log(`    ${c}`);
  }

  if (CFG.probes) await probes(box);
}

/** Not pass/fail: what happens on inputs Claude Code never sends but a broken setup could. Run side by side. */
async function probes(box: ReturnType<typeof makeBox>) {
  const P = "probes";
  console.log("\n  probes (figures only)");
  const notAFile = async () => {
    // Not-a-file transcript paths: rejected before any read? (O_NONBLOCK open + fstat)
    const out: [string, string][] = [];
    for (const [name, path] of [
      ["/dev/zero", "/dev/zero"],
      ["a FIFO", join(box.tx, "fifo.jsonl")],
      ["a directory", join(box.tx, "a-directory.jsonl")],
    ] as const) {
      const before = readLog(box.data).length;
      const r = await hook("stop", { session_id: `fz-${TAG}-probe-${name.replace(/\W+/g, "")}`, transcript_path: path, cwd: box.proj }, box.spawn(15_000));
      const line = readLog(box.data)
        .slice(before)
        .split("\n")
        .find((l) => l.includes(path));
      let said = "nothing logged";
      try {
        const o = JSON.parse(line ?? "");
        said = `logged ${o.level} "${o.message}: ${String(o.error ?? "").replace(path, "<path>")}"`;
      } catch {}
      out.push([`transcript_path = ${name}`, `exit ${r.code ?? r.signal} in ${ms(r.ms)}, RSS ${mb(r.rss)}; ${said}`]);
    }
    return out;
  };
  const devZero = async (): Promise<[string, string][]> => {
    const r = await spawner!.run("stop", { file: "/dev/zero" }, box.spawn(15_000));
    return [["stdin = /dev/zero", `exit ${r.code ?? r.signal} after ${ms(r.ms)}, peak RSS ${mb(r.rss)}`]];
  };
  const stdinOpen = async (): Promise<[string, string][]> => {
    const r = await spawner!.run("stop", "open", box.spawn(15_000));
    return [["stdin open, never closed", `exit ${r.code ?? r.signal} after ${ms(r.ms)}`]];
  };
  const sparse = async (): Promise<[string, string][]> => {
    // A 4 GB sparse transcript (NUL-filled, no newline after the first turn).
    const p = join(box.tx, "sparse.jsonl");
    writeFileSync(p, new Lines({ sessionId: "sparse", cwd: box.proj }).user("the only turn") + "\n");
    const fd = openSync(p, "r+");
    ftruncateSync(fd, 4 * 1024 ** 3);
    closeSync(fd);
    const input = { session_id: `fz-${TAG}-sparse`, transcript_path: p, cwd: box.proj };
    const a = await hook("stop", input, box.spawn(30_000));
    const b = await hook("stop", input, box.spawn(30_000));
    const c = await hook("session-end", input, box.spawn(30_000));
    rmSync(p);
    return [
      [
        "4 GB sparse transcript: stop, stop again, session-end",
        `${ms(a.ms)}, ${ms(b.ms)}, ${ms(c.ms)} (exit ${a.code}/${b.code}/${c.code}, RSS ${mb(Math.max(a.rss, b.rss))}); turn_count ${turnCounts(box.db).get(input.session_id)}`,
      ],
    ];
  };
  for (const group of await Promise.all([notAFile(), devZero(), stdinOpen(), sparse()])) for (const [k, v] of group) rep.figure(P, k, v);
}

/** The same hook input under a new session id (when it has a usable one), for a re-run from scratch. */
function freshSession(stdin: FuzzInput["stdin"]): FuzzInput["stdin"] {
  if (!(stdin instanceof Uint8Array) || stdin.length > 64 << 20) return stdin;
  try {
    const obj = JSON.parse(new TextDecoder().decode(stdin));
    if (obj && typeof obj === "object" && !Array.isArray(obj) && typeof obj.session_id === "string" && SESSION_ID.test(obj.session_id + "-rc")) {
      obj.session_id += "-rc";
      return enc(JSON.stringify(obj));
    }
  } catch {}
  return stdin;
}

// ---------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  console.log(
    `session-recorder stress (${QUICK ? "quick" : "full"}), seed ${SEED}  — repeat with: bun scripts/stress.ts --seed ${SEED}${QUICK ? " --quick" : ""}`,
  );
  stressRoot = tempDir("sr-stress-");
  BIN = prepareBinary();
  spawner = new Spawner(join(stressRoot, "stdin"));
  console.log(`binary ${BIN}, ${navigator.hardwareConcurrency} cores, bun ${Bun.version}`);
  if (POOL) CFG.fuzzPool = Number(POOL);
  const phases = (
    [
      ["concurrency", phaseConcurrency],
      ["crash", phaseCrash],
      ["fuzz", phaseFuzz],
    ] as [string, () => Promise<void>][]
  ).filter(([n]) => !ONLY || ONLY === n);
  for (const [name, fn] of phases) {
    const t = performance.now();
    try {
      await fn();
    } catch (err) {
      rep.check(name, "phase ran to the end", false, (err as Error).stack ?? String(err));
    }
    rep.figure(name, "phase wall time", secs(performance.now() - t));
  }
  const wall = performance.now() - started;

  console.log("\n=== summary ===");
  console.log(
    table(
      rep.figures.map((f) => [f.phase, f.name, f.value]),
      ["phase", "figure", "value"],
    ),
  );
  console.log("");
  console.log(
    table(
      rep.checks.map((c) => [c.phase, c.ok ? "ok" : "FAIL", c.name]),
      ["phase", "result", "check"],
    ),
  );
  console.log(`\nwall time ${secs(wall)}, seed ${SEED}`);
  if (KEEP) console.log(`kept ${stressRoot}`);
  cleanup();
  const failed = rep.failed();
  if (failed.length) {
    console.log(`\nSTRESS FAILED: ${failed.length} of ${rep.checks.length} checks failed:`);
    for (const f of failed) console.log(`  - [${f.phase}] ${f.name}: ${f.detail.split("\n")[0]!.slice(0, 400)}`);
    console.log(`repeat with: bun scripts/stress.ts --seed ${SEED}${QUICK ? " --quick" : ""}`);
    process.exit(1);
  }
  console.log(`\nSTRESS PASSED: all ${rep.checks.length} checks`);
  process.exit(0);
}

await main().catch((err) => {
  console.error(`stress: ${(err as Error).stack ?? err}`);
  cleanup();
  process.exit(2);
});
