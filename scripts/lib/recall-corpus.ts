// A synthetic but realistic recall corpus: sessions across many projects, each
// about one (component, aspect) pair, with requests, decisions, files and todos in
// the words a developer would use; and queries that paraphrase one session each
// (other words, other order, other inflections), labelled with its id.
import { buildRecord } from "../../src/extract/record.ts";
import type { SessionRecord } from "../../src/record.ts";
import { emptyState } from "../../src/extract/state.ts";
import { lcg } from "../../test/support/random.ts";

interface Component {
  name: string;
  alt: string[];
  dir: string;
}
interface Aspect {
  does: string;
  asks: string[];
  decision: (c: string, file: string, n: number) => string;
  todo: string;
}

const COMPONENTS: Component[] = [
  ["payment webhook", ["stripe callback", "payment webhooks"], "payments"],
  ["auth middleware", ["authentication middleware", "login middleware"], "auth"],
  ["session store", ["sessions storage", "session storage"], "sessions"],
  ["image uploader", ["upload of images", "image uploads"], "uploads"],
  ["search indexer", ["search indexing", "the indexer"], "search"],
  ["email sender", ["outgoing email", "emails we send"], "mail"],
  ["invoice generator", ["invoices", "invoice generation"], "billing"],
  ["rate limiter", ["rate limiting", "request throttling"], "limits"],
  ["feature flags", ["feature flag service", "flags"], "flags"],
  ["csv export", ["exporting csv", "csv exports"], "export"],
  ["user profile page", ["profile page", "user profiles"], "profile"],
  ["notification queue", ["notifications queue", "queued notifications"], "notify"],
  ["graphql resolver", ["graphql resolvers", "the resolvers"], "graphql"],
  ["docker build", ["dockerfile", "container build"], "docker"],
  ["ci pipeline", ["continuous integration", "the ci workflow"], "ci"],
  ["database migrations", ["schema migrations", "migration scripts"], "migrations"],
  ["cache layer", ["caching layer", "the cache"], "cache"],
  ["websocket server", ["websockets", "socket server"], "ws"],
  ["pdf renderer", ["pdf rendering", "rendering pdfs"], "pdf"],
  ["audit log", ["audit logging", "the audit trail"], "audit"],
  ["cron scheduler", ["scheduled jobs", "cron jobs"], "cron"],
  ["i18n translations", ["translations", "localization strings"], "i18n"],
  ["oauth login", ["oauth sign in", "login with oauth"], "oauth"],
  ["admin dashboard", ["admin panel", "dashboard for admins"], "admin"],
  ["metrics exporter", ["prometheus metrics", "exported metrics"], "metrics"],
  ["file watcher", ["watching files", "the watcher"], "watch"],
  ["cli parser", ["command line parsing", "argument parser"], "cli"],
  ["password reset flow", ["resetting passwords", "password resets"], "reset"],
  ["shopping cart", ["the cart", "cart checkout"], "cart"],
  ["pagination api", ["paginated endpoints", "paging in the api"], "pagination"],
].map(([name, alt, dir]) => ({ name: name as string, alt: alt as string[], dir: dir as string }));

const ASPECTS: Aspect[] = [
  {
    does: "add retries with exponential backoff to the",
    asks: ["retrying failed", "backoff when retrying"],
    decision: (c, f, n) => `Added exponential backoff with ${n} retries to the ${c} in ${f}`,
    todo: "add retry tests",
  },
  {
    does: "fix the memory leak in the",
    asks: ["leaking memory in", "the memory leak of"],
    decision: (c, f) => `Fixed the leak in ${f} by closing the ${c} handles`,
    todo: "profile memory again",
  },
  {
    does: "write unit tests for the",
    asks: ["testing the", "tests covering"],
    decision: (c, f, n) => `Added ${n} unit tests for the ${c} in ${f}`,
    todo: "raise coverage",
  },
  {
    does: "increase the timeout of the",
    asks: ["timeouts in the", "timing out in"],
    decision: (c, f, n) => `Changed the ${c} timeout from ${n}s to ${n * 3}s in ${f}`,
    todo: "watch timeout alerts",
  },
  {
    does: "add structured logging to the",
    asks: ["logs for the", "logging in"],
    decision: (c, f) => `Switched the ${c} to structured json logging in ${f}`,
    todo: "ship logs to loki",
  },
  {
    does: "migrate to typescript the",
    asks: ["typescript conversion of", "porting to typescript the"],
    decision: (c, f) => `Converted the ${c} to TypeScript in ${f}`,
    todo: "remove leftover js",
  },
  {
    does: "add caching in front of the",
    asks: ["cache in front of", "caching for the"],
    decision: (c, f, n) => `Added an LRU cache of ${n * 100} entries to the ${c} in ${f}`,
    todo: "tune cache size",
  },
  {
    does: "fix the race condition in the",
    asks: ["race in the", "concurrency bug of"],
    decision: (c, f) => `Fixed the race in ${f} with a mutex around the ${c} state`,
    todo: "add a stress test",
  },
  { does: "document the", asks: ["docs for the", "documentation of"], decision: (c, f) => `Wrote the ${c} guide in ${f}`, todo: "review the docs" },
  {
    does: "improve the performance of the",
    asks: ["speed up the", "slowness of the"],
    decision: (c, f, n) => `Reduced ${c} latency from ${n * 10}ms to ${n * 3}ms in ${f}`,
    todo: "benchmark again",
  },
  {
    does: "add input validation with zod to the",
    asks: ["validating input of", "zod schemas for"],
    decision: (c, f) => `Added zod schemas to the ${c} in ${f}`,
    todo: "validate query params",
  },
  {
    does: "handle errors gracefully in the",
    asks: ["error handling of", "errors thrown by"],
    decision: (c, f) => `Wrapped the ${c} in a typed error boundary in ${f}`,
    todo: "map errors to codes",
  },
  {
    does: "add metrics and tracing to the",
    asks: ["tracing for", "observability of the"],
    decision: (c, f) => `Added opentelemetry spans to the ${c} in ${f}`,
    todo: "build a grafana panel",
  },
  {
    does: "refactor into smaller modules the",
    asks: ["splitting up the", "breaking apart the"],
    decision: (c, f) => `Split the ${c} into three modules under ${f}`,
    todo: "delete the old module",
  },
  {
    does: "upgrade the dependencies of the",
    asks: ["outdated packages in", "bumping versions for"],
    decision: (c, f, n) => `Bumped the ${c} dependencies to v${n} in ${f}`,
    todo: "read the changelogs",
  },
  {
    does: "add feature toggles around the",
    asks: ["toggling", "turning on and off the"],
    decision: (c, f) => `Put the ${c} behind a toggle in ${f}`,
    todo: "clean up toggles",
  },
  {
    does: "secure with stricter permissions the",
    asks: ["permission checks in", "access control for"],
    decision: (c, f) => `Required the admin role for the ${c} in ${f}`,
    todo: "pen test",
  },
  {
    does: "make idempotent the",
    asks: ["idempotency of", "duplicate requests to"],
    decision: (c, f) => `Added an idempotency key check to the ${c} in ${f}`,
    todo: "test duplicate delivery",
  },
  {
    does: "add pagination to the",
    asks: ["paging through", "pages of results from"],
    decision: (c, f, n) => `Capped the ${c} page size at ${n * 10} in ${f}`,
    todo: "add cursor pagination",
  },
  {
    does: "fix the flaky test of the",
    asks: ["flakiness in", "intermittent test failures of"],
    decision: (c, f) => `Fixed the flaky ${c} test by freezing time in ${f}`,
    todo: "quarantine flaky tests",
  },
];

const LEADS = [
  "what did we do about",
  "how did we handle",
  "remind me about",
  "the session where we worked on",
  "what was decided on",
  "find the work on",
  "when did we touch",
  "what happened with",
];

export interface Corpus {
  records: SessionRecord[];
  queries: { query: string; target: string; project: string }[];
}

/** Deterministic: the same seed gives the same corpus. */
export function makeCorpus(opts: { sessions: number; projects: number; queries: number; seed?: number; now?: number }): Corpus {
  const rand = lcg(opts.seed ?? 42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = opts.now ?? Date.parse("2026-11-01T00:00:00Z");
  const records: SessionRecord[] = [];
  const used = new Set<string>();
  for (let i = 0; i < opts.sessions; i++) {
    const p = i % opts.projects;
    const project = `/home/dev/src/project-${String(p).padStart(2, "0")}`;
    let c: number,
      a: number,
      key: string,
      tries = 0;
    // One session per (project, component, aspect): otherwise a query could not tell them apart.
    do {
      c = Math.floor(rand() * COMPONENTS.length);
      a = Math.floor(rand() * ASPECTS.length);
      key = `${p}:${c}:${a}`;
    } while (used.has(key) && ++tries < 50);
    used.add(key);
    const comp = COMPONENTS[c]!;
    const asp = ASPECTS[a]!;
    const n = 2 + Math.floor(rand() * 8);
    const file = `src/${comp.dir}/${pick(["index", "handler", "service", "core", "client"])}.ts`;
    const state = emptyState();
    state.turnCount = 3 + Math.floor(rand() * 20);
    state.requests = [
      `${asp.does} ${comp.name}`,
      pick(["looks good, now run the tests", "can you also update the changelog", "ok commit it", "check the lint errors too"]),
      `make sure the ${comp.name} still builds`,
    ];
    state.decisions = [asp.decision(comp.name, file, n)];
    state.todos = [{ content: asp.todo, status: "pending" }];
    state.files = [`${project}/${file}`, `${project}/test/${comp.dir}.test.ts`];
    const updated = new Date(now - Math.floor(rand() * 180) * 86_400_000 - i * 1000).toISOString();
    records.push(
      buildRecord(state, {
        sessionId: `sess-${String(i).padStart(6, "0")}-${Math.floor(rand() * 1e9).toString(36)}`,
        project,
        cwd: project,
        gitBranch: pick(["main", `feat/${comp.dir}`, "dev"]),
        transcriptPath: null,
        home: "/home/dev",
        now: updated,
      }),
    );
    (records.at(-1) as SessionRecord & { _ca?: [number, number] })._ca = [c, a];
  }
  const queries: Corpus["queries"] = [];
  for (let q = 0; q < opts.queries; q++) {
    const r = records[Math.floor(rand() * records.length)] as SessionRecord & { _ca: [number, number] };
    const [c, a] = r._ca;
    // A paraphrase: another lead, another name for the component, other words for the aspect.
    const query = `${pick(LEADS)} ${pick(ASPECTS[a]!.asks)} ${pick(COMPONENTS[c]!.alt)}`.replace(/\bthe the\b/g, "the");
    queries.push({ query, target: r.session_id, project: r.project });
  }
  for (const r of records) delete (r as { _ca?: unknown })._ca;
  return { records, queries };
}
