// `bun run bench:locomo <path>`: recall on LoCoMo (Maharana et al., 2024), long conversations
// between two people with labelled questions, data that nobody here wrote. Its conversations
// are not in this repository (CC BY-NC 4.0): get `data/locomo10.json` from
// github.com/snap-research/locomo and give its path (or a folder of its per-conversation files).
//
// Each conversation becomes a project and each of its sessions a Claude Code transcript, the
// first speaker as the user and the second as the assistant; the compiled binary's `backfill`
// reads them as it reads any transcript. Every question with evidence is asked in its project,
// two weeks after its conversation's last session; a hit is a session holding some of the
// evidence among the first k. Plain BM25 over each session's full text is the baseline.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN } from "../test/support/paths.ts";
import { tempDir } from "../test/support/tmp.ts";
import { Lines } from "../test/support/transcript.ts";
import { projectSlug } from "../src/claude.ts";
import { openDatabase } from "../src/store/db.ts";
import { Store } from "../src/store/sessions.ts";
import { plainBm25, type Doc } from "./lib/plain-bm25.ts";

interface Turn {
  speaker: string;
  dia_id: string;
  text: string;
}
interface Question {
  question: string;
  evidence?: string[];
  category?: number;
}
interface Conversation {
  id: string;
  /** The conversation's fields: speaker_a, speaker_b, session_N, session_N_date_time. */
  fields: Record<string, unknown>;
  qa: Question[];
}

const DAY = 86_400_000;
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** "1:56 pm on 8 May, 2023" -> ms since the epoch (UTC). */
function when(s: string): number {
  const m = /(\d+):(\d+)\s*(am|pm)\s+on\s+(\d+)\s+(\w+),?\s+(\d{4})/i.exec(s);
  if (!m) throw new Error(`bench:locomo: unreadable session time "${s}"`);
  const hour = (Number(m[1]) % 12) + (m[3]!.toLowerCase() === "pm" ? 12 : 0);
  return Date.UTC(Number(m[6]), MONTHS.indexOf(m[5]!.toLowerCase()), Number(m[4]), hour, Number(m[2]));
}

/** `locomo10.json` (an array of samples) or a folder of one conversation per file. */
function load(path: string): Conversation[] {
  if (statSync(path).isDirectory())
    return readdirSync(path)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => {
        const c = JSON.parse(readFileSync(join(path, f), "utf8"));
        return { id: f.replace(/\.json$/, ""), fields: c, qa: c.qa ?? [] };
      });
  const samples = JSON.parse(readFileSync(path, "utf8")) as { sample_id?: string; conversation: Record<string, unknown>; qa: Question[] }[];
  return samples.map((s, i) => ({ id: s.sample_id ?? String(i), fields: s.conversation, qa: s.qa ?? [] }));
}

function sessionsOf(c: Conversation): { n: number; at: number; turns: Turn[] }[] {
  const out = [];
  for (let n = 1; Array.isArray(c.fields[`session_${n}`]); n++)
    out.push({ n, at: when(String(c.fields[`session_${n}_date_time`])), turns: c.fields[`session_${n}`] as Turn[] });
  return out;
}

const path = process.argv[2];
if (!path) {
  console.error("usage: bun run bench:locomo <locomo10.json or a folder of its conversations>");
  process.exit(2);
}
if (!(await Bun.file(BIN).exists())) {
  console.error(`bench:locomo: ${BIN} is missing; run \`npm run build\` first`);
  process.exit(1);
}

const dir = tempDir("sr-locomo-");
try {
  const home = join(dir, "home");
  const conversations = load(path);
  const docs: Doc[] = [];
  const asked: { c: Conversation; cwd: string; sessionOf: Map<number, string>; userSpeaker: string; speakerOf: Map<string, string>; now: number }[] = [];
  for (const c of conversations) {
    const cwd = join(home, "chat", c.id);
    mkdirSync(cwd, { recursive: true });
    const folder = join(home, ".claude", "projects", projectSlug(cwd));
    mkdirSync(folder, { recursive: true });
    const userSpeaker = String(c.fields.speaker_a);
    const sessionOf = new Map<number, string>();
    const speakerOf = new Map<string, string>();
    const sessions = sessionsOf(c);
    for (const s of sessions) {
      const sid = Bun.randomUUIDv7();
      sessionOf.set(s.n, sid);
      const lines = new Lines({ sessionId: sid, cwd, start: s.at });
      const out: string[] = [];
      s.turns.forEach((t, i) => {
        speakerOf.set(t.dia_id, t.speaker);
        if (t.speaker === userSpeaker) out.push(lines.user(t.text));
        else {
          // A Claude Code session starts with the user.
          if (i === 0) out.push(lines.user("Hi!"));
          out.push(lines.assistantText(t.text));
        }
      });
      writeFileSync(join(folder, `${sid}.jsonl`), `${out.join("\n")}\n`);
      docs.push({ id: sid, project: cwd, body: s.turns.map((t) => t.text).join("\n") });
    }
    asked.push({ c, cwd, sessionOf, userSpeaker, speakerOf, now: sessions.at(-1)!.at + 14 * DAY });
  }
  const data = join(dir, "data");
  const env = { ...process.env, HOME: home, CLAUDE_PLUGIN_DATA: data, NO_COLOR: "1" } as Record<string, string>;
  const backfill = Bun.spawnSync([BIN, "backfill", "--json"], { env, cwd: dir });
  if (backfill.exitCode !== 0) throw new Error(`bench:locomo: backfill failed: ${backfill.stderr.toString()}`);
  const summary = JSON.parse(backfill.stdout.toString()) as { sessions: number; failed: number };

  const store = new Store(openDatabase(join(data, "sessions.db")));
  const plain = plainBm25(docs);
  const rows = new Map<string, { n: number; ours3: number; ours5: number; bm3: number; bm5: number }>();
  const add = (key: string, ours: number, bm: number) => {
    const r = rows.get(key) ?? { n: 0, ours3: 0, ours5: 0, bm3: 0, bm5: 0 };
    r.n++;
    if (ours >= 0 && ours < 3) r.ours3++;
    if (ours >= 0 && ours < 5) r.ours5++;
    if (bm >= 0 && bm < 3) r.bm3++;
    if (bm >= 0 && bm < 5) r.bm5++;
    rows.set(key, r);
  };
  for (const { c, cwd, sessionOf, userSpeaker, speakerOf, now } of asked) {
    const project = store.getSession(sessionOf.get(1)!)?.project ?? cwd;
    for (const qa of c.qa) {
      // Evidence is "D<session>:<turn>"; a few entries name several or are malformed.
      const evidence = (qa.evidence ?? []).flatMap((e) => String(e).match(/D\d+:\d+/g) ?? []);
      const targets = new Set(evidence.map((e) => sessionOf.get(Number(e.slice(1).split(":")[0]))).filter((s) => s !== undefined));
      if (!targets.size) continue;
      const rank = (ids: string[]) => ids.findIndex((id) => targets.has(id));
      const ours = rank(store.search({ query: String(qa.question), project, limit: 5, now }).map((h) => h.record.session_id));
      const bm = rank(plain(String(qa.question), cwd, 5));
      const saidBy = new Set(evidence.map((e) => (speakerOf.get(e) === userSpeaker ? "the user" : "the assistant")));
      add("all", ours, bm);
      add(saidBy.size > 1 ? "evidence said by both" : `evidence said by ${[...saidBy][0]}`, ours, bm);
      add(`LoCoMo category ${qa.category ?? "?"}`, ours, bm);
    }
  }
  store.close();
  console.log(
    `LoCoMo: ${conversations.length} conversations, ${docs.length} sessions backfilled (${summary.sessions} saved, ${summary.failed} failed); questions asked two weeks after each conversation's last session, in its project`,
  );
  const f = (x: number, n: number) => (x / n).toFixed(3);
  const order = (k: string) => (k === "all" ? 0 : k.startsWith("evidence") ? 1 : 2);
  console.table(
    [...rows]
      .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
      .map(([questions, r]) => ({
        questions,
        n: r.n,
        "recall@3": f(r.ours3, r.n),
        "plain BM25 @3": f(r.bm3, r.n),
        "recall@5": f(r.ours5, r.n),
        "plain BM25 @5": f(r.bm5, r.n),
      })),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
