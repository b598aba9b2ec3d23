// A recall corpus for the exchange archive: sessions as turns (prompt, replies, tool lines),
// each about one incident of one component in one project, with distractors about the same
// component in the same project; and questions of each kind a developer asks weeks later,
// labelled with the session that answers them. Some sessions are held in Chinese with
// English terms mixed in, as people write them.
import type { Exchange } from "../../src/extract/exchanges.ts";
import { lcg } from "../../test/support/random.ts";
import type { Store } from "../../src/store/sessions.ts";
import { buildRecord } from "../../src/extract/record.ts";
import { emptyState } from "../../src/extract/state.ts";

export interface ArchivedSession {
  id: string;
  project: string;
  updatedAt: string;
  request: string;
  exchanges: Exchange[];
}

export type QueryKind = "request" | "found" | "error" | "command" | "file" | "vague" | "chinese" | "en-about-zh";
export interface LabelledQuery {
  kind: QueryKind;
  query: string;
  target: string;
  project: string;
}

const COMPONENTS: [string, string, string][] = [
  ["payment webhook", "stripe callback", "payments"],
  ["auth middleware", "login middleware", "auth"],
  ["image uploader", "image uploads", "uploads"],
  ["search indexer", "indexing job", "search"],
  ["email sender", "outgoing mail", "mail"],
  ["invoice generator", "invoice pdfs", "billing"],
  ["rate limiter", "request throttling", "limits"],
  ["notification queue", "push notifications", "notify"],
  ["graphql resolver", "graphql layer", "graphql"],
  ["docker build", "container image", "docker"],
  ["ci pipeline", "github actions", "ci"],
  ["database migrations", "schema changes", "migrations"],
  ["cache layer", "redis cache", "cache"],
  ["websocket server", "realtime socket", "ws"],
  ["cron scheduler", "nightly jobs", "cron"],
  ["csv export", "report export", "export"],
];
// Incidents: what the user saw, what the assistant found (words the user never said), the error, the fix.
const INCIDENTS: { saw: string; said: string; cause: string; recall: string; error: string; command: string; lib: string }[] = [
  {
    saw: "times out under load",
    said: "gets really slow when traffic spikes",
    cause: "the connection pool was exhausted because clients were never released after a failed query",
    recall: "pool exhaustion unreleased clients",
    error: "TimeoutError: ResourceRequest timed out",
    command: "npm run bench -- --connections 200",
    lib: "generic-pool",
  },
  {
    saw: "crashes on some inputs",
    said: "dies with certain payloads",
    cause: "a null byte in the filename broke the multipart parser",
    recall: "null byte filename multipart",
    error: "TypeError: Cannot read properties of undefined (reading 'boundary')",
    command: "node scripts/fuzz.js --seed 7",
    lib: "busboy",
  },
  {
    saw: "sends duplicates",
    said: "fires twice sometimes",
    cause: "the retry wrapper re-sent after the server had already accepted the request, with no idempotency key",
    recall: "retry resend idempotency key missing",
    error: "409 Conflict: duplicate delivery",
    command: "redis-cli KEYS 'idem:*'",
    lib: "p-retry",
  },
  {
    saw: "uses too much memory",
    said: "keeps growing in RAM until it is killed",
    cause: "an unbounded Map kept every request's buffer alive",
    recall: "unbounded map buffers retained",
    error: "FATAL ERROR: Reached heap limit Allocation failed",
    command: "node --inspect --heapsnapshot-signal=SIGUSR2 server.js",
    lib: "lru-cache",
  },
  {
    saw: "returns stale data",
    said: "shows old values after an update",
    cause: "the invalidation ran before the transaction committed, so readers refilled the old row",
    recall: "invalidation before commit refilled old row",
    error: "AssertionError: expected 'v2' to equal 'v1'",
    command: "npx vitest run cache.test.ts --repeat 50",
    lib: "ioredis",
  },
  {
    saw: "fails only in CI",
    said: "passes locally but breaks on the build server",
    cause: "the test depended on the local timezone; the runners use UTC",
    recall: "timezone dependent test runners utc",
    error: "Expected: 2026-03-01 Received: 2026-02-28",
    command: "TZ=UTC npm test",
    lib: "date-fns-tz",
  },
  {
    saw: "loses messages on restart",
    said: "drops events when we redeploy",
    cause: "the consumer acknowledged messages before processing them",
    recall: "ack before processing consumer",
    error: "WARN 312 messages nacked on shutdown",
    command: "kubectl rollout restart deploy/worker",
    lib: "amqplib",
  },
  {
    saw: "is slow to start",
    said: "takes ages to boot",
    cause: "every module eagerly loaded the full locale bundle at import time",
    recall: "eager locale bundle import time",
    error: "startup took 14.2s (budget 3s)",
    command: "node --cpu-prof dist/main.js",
    lib: "esbuild",
  },
];
const FILLER: [string, string][] = [
  ["run the tests", "All 214 tests pass."],
  ["commit and push", "Committed and pushed to the branch."],
  ["ok thanks", "You're welcome."],
  ["also update the changelog", "Added an entry to CHANGELOG.md."],
  ["check the lint errors too", "Lint is clean now."],
];
const ZH: { req: string; reply: string; query: string; en: string }[] = [
  {
    req: "训练的时候checkpoint只需要看收敛loss就行，不用保存每一步",
    reply: "好的，我改成只在验证loss收敛时保存checkpoint。",
    query: "checkpoint 收敛 保存",
    en: "checkpoint loss convergence",
  },
  {
    req: "数据加载太慢了，dataloader卡在图片解码上",
    reply: "把图片解码换成了pillow-simd，并把num_workers调到8。",
    query: "图片解码 太慢",
    en: "dataloader decoding workers",
  },
  {
    req: "部署以后接口偶尔返回502，帮我查一下nginx配置",
    reply: "原因是upstream的keepalive超时比nginx短，已把keepalive_timeout调成75秒。",
    query: "接口 返回502 原因",
    en: "nginx keepalive upstream 502",
  },
  {
    req: "登录页面(login)在手机上显示错位，button跑到屏幕外面了",
    reply: "用flex布局重写了login form，去掉了固定宽度。",
    query: "登录页面 手机 错位",
    en: "login form flex mobile",
  },
  {
    req: "数据库migration脚本在生产环境执行失败，提示foreign key约束",
    reply: "先删除orphan的订单记录，再添加foreign key，migration已成功。",
    query: "迁移 外键 失败",
    en: "migration foreign key orphan",
  },
  {
    req: "单元测试coverage太低，给payment模块补一些unit tests",
    reply: "给payment模块加了32个unit tests，coverage从41%提高到78%。",
    query: "支付模块 覆盖率 单元测试",
    en: "payment coverage unit tests",
  },
];
const LEADS = ["what did we find about", "remind me what happened with", "the session where", "what was it with", "back when"];

/** Deterministic: the same options give the same corpus. */
export function makeArchiveCorpus(opts: { projects: number; perProject: number; queries: number; turns?: [number, number]; seed?: number; now?: number }) {
  const rand = lcg(opts.seed ?? 7);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = opts.now ?? Date.parse("2026-11-01T00:00:00Z");
  const [minTurns, maxTurns] = opts.turns ?? [4, 12];
  const sessions: (ArchivedSession & { c: number; k: number; zh?: number; file: string })[] = [];
  for (let p = 0; p < opts.projects; p++) {
    const project = `/home/dev/src/app-${String(p).padStart(2, "0")}`;
    const used = new Set<string>();
    for (let i = 0; i < opts.perProject; i++) {
      let c = 0,
        k = 0;
      for (let tries = 0; tries < 30; tries++) {
        c = Math.floor(rand() * COMPONENTS.length);
        k = Math.floor(rand() * INCIDENTS.length);
        if (!used.has(`${c}:${k}`)) break;
      }
      used.add(`${c}:${k}`);
      // About one session in twelve is held in Chinese (each text once per project).
      let zh: number | undefined = rand() < 0.08 ? Math.floor(rand() * ZH.length) : undefined;
      if (zh !== undefined && used.has(`zh:${zh}`)) zh = undefined;
      if (zh !== undefined) used.add(`zh:${zh}`);
      const [name, alt, dir] = COMPONENTS[c]!;
      const fn = `${pick(["handle", "load", "flush", "parse", "retry"])}${pick(["Batch", "Request", "Entry", "Chunk"])}${i}`;
      const inc = INCIDENTS[k]!;
      const file = `src/${dir}/${pick(["pool", "parser", "client", "worker", "handler"])}-${k}.ts`;
      const start = now - Math.floor(rand() * 120) * 86_400_000 - i * 60_000;
      const at = (n: number) => new Date(start + n * 90_000).toISOString();
      const exchanges: Exchange[] = [];
      const push = (prompt: string, replies: string[], tools: string[]) =>
        exchanges.push({ seq: exchanges.length + 1, at: at(exchanges.length), prompt, replies, tools });
      if (zh !== undefined) {
        const z = ZH[zh]!;
        push(z.req, [z.reply], [`Edit ${project}/${file}`]);
      } else {
        // People name a component more than one way within a session; the assistant's words are its own.
        push(
          `the ${name} ${inc.saw}, can you look into it?`,
          [`Let me reproduce it first with the ${alt}.`],
          [`Bash: ${inc.command} → error: ${inc.error}`, `Read ${project}/${file}`],
        );
        push(
          "what did you find?",
          [`Found it: ${inc.cause}. I fixed it in ${file} (${fn}) and switched the ${name} to ${inc.lib}.`],
          [`Edit ${project}/${file}`],
        );
      }
      const turns = minTurns + Math.floor(rand() * (maxTurns - minTurns + 1));
      while (exchanges.length < turns) {
        const [q, a] = pick(FILLER);
        push(q, [a], rand() < 0.5 ? ["Bash: npm test"] : []);
      }
      sessions.push({
        id: `arc-${p}-${i}-${Math.floor(rand() * 1e9).toString(36)}`,
        project,
        updatedAt: at(exchanges.length),
        request: exchanges[0]!.prompt,
        exchanges,
        c,
        k,
        zh,
        file,
      });
    }
  }
  const queries: LabelledQuery[] = [];
  const kinds: QueryKind[] = ["request", "found", "error", "command", "file", "vague"];
  for (let q = 0; q < opts.queries; q++) {
    const s = pick(sessions);
    const [main, other] = COMPONENTS[s.c]!;
    const alt = rand() < 0.5 ? main : other;
    const inc = INCIDENTS[s.k]!;
    if (s.zh !== undefined) {
      const z = ZH[s.zh]!;
      const kind: QueryKind = rand() < 0.5 ? "chinese" : "en-about-zh";
      queries.push({ kind, query: kind === "chinese" ? z.query : z.en, target: s.id, project: s.project });
      continue;
    }
    const kind = pick(kinds);
    const errWords = inc.error
      .split(/[\s:()'.,]+/)
      .filter((w) => w.length > 3)
      .slice(0, 3)
      .join(" ");
    const query = {
      request: `${pick(LEADS)} the ${alt} that ${inc.said}`,
      found: `${pick(LEADS)} ${inc.recall} in the ${alt}`,
      error: `${errWords} ${alt}`,
      command: `the command we ran for the ${alt}, ${inc.command.split(" ").slice(0, 2).join(" ")}`,
      file: `who changed ${s.file.split("/").at(-1)}`,
      vague: `that ${alt} problem, ${inc.said.split(" ").slice(0, 3).join(" ")}`,
    }[kind as Exclude<QueryKind, "chinese" | "en-about-zh">];
    queries.push({ kind, query, target: s.id, project: s.project });
  }
  // A few guaranteed queries per Chinese session kind, so each kind is measured.
  for (const s of sessions.filter((x) => x.zh !== undefined).slice(0, 20)) {
    const z = ZH[s.zh!]!;
    queries.push({ kind: "chinese", query: z.query, target: s.id, project: s.project }, { kind: "en-about-zh", query: z.en, target: s.id, project: s.project });
  }
  return { sessions, queries };
}

const CHORES = [
  "rename the helper",
  "add a unit test for the parser",
  "fix the lint warning in the config loader",
  "bump the dependency",
  "update the docs for the cli flags",
  "refactor the retry loop",
  "log the request id",
  "tidy the imports",
];

/**
 * Long sessions, as real ones are: the component is named when the session opens, then come a
 * hundred or more turns of chores with replies of a paragraph, and the incident is found somewhere
 * in the middle, in words that never name the component. The question names both. Distractors:
 * the same components with other incidents, the same incidents in other components.
 */
/**
 * Long sessions (`turns` to `turns` + 100, by default 150) whose finding came mid-session, the
 * component named in the first turn; or, with `spread`, named a few turns before the finding
 * instead: then no turn holds the question, and neither do the opening and newest turns the
 * record index keeps.
 */
export function makeLongSessions(opts: { components: number; incidents: number; seed?: number; now?: number; spread?: boolean; turns?: number }) {
  const rand = lcg(opts.seed ?? 5);
  const now = opts.now ?? Date.parse("2026-11-01T00:00:00Z");
  const project = "/home/dev/src/monolith";
  const sessions: ArchivedSession[] = [];
  const queries: LabelledQuery[] = [];
  for (let c = 0; c < opts.components; c++)
    for (let k = 0; k < opts.incidents; k++) {
      const [name, alt] = COMPONENTS[c % COMPONENTS.length]!;
      const inc = INCIDENTS[k % INCIDENTS.length]!;
      const start = now - Math.floor(rand() * 60) * 86_400_000;
      const exchanges: Exchange[] = [];
      const push = (prompt: string, reply: string, tools: string[] = []) =>
        exchanges.push({ seq: exchanges.length + 1, at: new Date(start + exchanges.length * 60_000).toISOString(), prompt, replies: [reply], tools });
      if (opts.spread) push("today: a few cleanups first", "Sure, starting with the small ones.");
      else push(`today we work on the ${name}: a few cleanups first`, `Sure, starting with the ${alt}.`);
      const turns = (opts.turns ?? 150) + Math.floor(rand() * 100);
      const found = Math.floor(turns / 2) - 30 + Math.floor(rand() * 60);
      for (let t = 1; t < turns; t++) {
        if (opts.spread && t === found - 3) push(`now let us look at the ${name}`, `Looking at the ${alt} now.`);
        else if (t === found) push(`it ${inc.saw} again`, `Found it: ${inc.cause}. Fixed, and switched to ${inc.lib}.`, [`Bash: ${inc.command}`]);
        else {
          const chore = CHORES[Math.floor(rand() * CHORES.length)]!;
          push(`${chore} (${t})`, `Done: ${chore}, step ${t}. ${"The change is small and every test still passes. ".repeat(16)}`, ["Bash: npm test"]);
        }
      }
      const id = `long-${opts.spread ? "spread-" : ""}${c}-${k}`;
      sessions.push({ id, project, updatedAt: exchanges.at(-1)!.at, request: exchanges[0]!.prompt, exchanges });
      queries.push({ kind: "found", query: `what did we find about ${inc.recall} in the ${rand() < 0.5 ? name : alt}`, target: id, project });
    }
  return { sessions, queries };
}

/** Generated sessions saved as the hooks would have saved them: records, archives and extraction states. */
export function storeArchived(store: Store, sessions: (ArchivedSession & { file: string })[]): void {
  store.transaction(() => {
    for (const s of sessions) {
      const state = emptyState();
      state.turnCount = s.exchanges.length;
      state.requests = s.exchanges.map((e) => e.prompt).slice(-50);
      state.lastAssistant = s.exchanges.at(-1)!.replies.at(-1);
      state.files = [`${s.project}/${s.file}`];
      state.exchanges = { seq: s.exchanges.length, done: s.exchanges, calls: {}, fromStart: true };
      const record = buildRecord(state, {
        sessionId: s.id,
        project: s.project,
        cwd: s.project,
        gitBranch: "main",
        transcriptPath: null,
        home: "/home/dev",
        now: s.updatedAt,
      });
      store.saveSession(record, { extract: state, files: {} }, 0);
    }
  });
}
