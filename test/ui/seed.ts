// Sessions for the viewer's tests and screenshots: a few written out by hand (with
// todos, decisions, a compaction summary, a secret already redacted), and routine
// ones spread over the last months so the timeline has a shape. Deterministic.
import { buildRecord } from "../../src/extract/record.ts";
import type { SessionRecord } from "../../src/record.ts";
import { emptyState } from "../../src/extract/state.ts";
import type { Todo } from "../../src/record.ts";
import { openDatabase } from "../../src/store/db.ts";
import { Store } from "../../src/store/sessions.ts";

export const HOME = "/home/me";
export const SHOP = "/home/me/src/shop";
export const BLOG = "/home/me/src/blog";
export const INFRA = "/home/me/src/infra";
export const DOTFILES = "/home/me/dotfiles";

interface Story {
  id: string;
  project: string;
  branch: string | null;
  daysAgo: number;
  hour: number;
  turns: number;
  requests: string[];
  decisions?: string[];
  todos?: Todo[];
  files?: string[];
  last?: string;
  summary?: string;
  compactions?: number;
}

export const STORIES: Story[] = [
  {
    id: "7f3c9a12-4b8e-4d1a-9c55-0e2f61a8b301",
    project: SHOP,
    branch: "feat/checkout-retry",
    daysAgo: 0,
    hour: 9,
    turns: 23,
    requests: ["The payment webhook sometimes times out under load; add retries with exponential backoff", "jitter, 5 max", "yes, and tests", "ok commit"],
    decisions: [
      "Added exponential backoff with jitter (5 attempts, cap 8s) to the payment webhook in src/payments/webhook.ts",
      "Kept the idempotency key check before the retry loop so a retried delivery is never charged twice",
    ],
    todos: [
      { content: "Add retry tests for the webhook", status: "completed" },
      { content: "Document the retry policy in docs/payments.md", status: "in_progress" },
      { content: "Alert when a webhook exhausts its retries", status: "pending" },
    ],
    files: ["src/payments/webhook.ts", "src/payments/retry.ts", "test/payments/webhook.test.ts", "docs/payments.md"],
    last: "All 214 tests pass. Committed as 'payments: retry webhook deliveries with backoff and jitter'.",
    summary:
      "The user asked to make the Stripe payment webhook resilient. We added a retry helper with exponential backoff and jitter, wired it into the webhook handler, kept the idempotency check first, and wrote tests for retries and duplicate deliveries. Remaining: document the policy, add an alert.",
    compactions: 1,
  },
  {
    id: "2d81e0b4-6c3f-4a77-8e12-5b9f0c4d7e22",
    project: SHOP,
    branch: "main",
    daysAgo: 1,
    hour: 15,
    turns: 9,
    requests: ["it still fails once in ten runs, freeze the clock", "Fix the flaky cart checkout test on CI"],
    decisions: ["Fixed the flaky cart test by freezing time with a fake clock in test/cart/checkout.test.ts"],
    files: ["test/cart/checkout.test.ts", "test/helpers/clock.ts"],
    last: "The test passed 200 runs in a row with the frozen clock.",
  },
  {
    id: "c4a7f2e9-0d15-4e3b-b6a8-91f27c3e5d40",
    project: SHOP,
    branch: "main",
    daysAgo: 3,
    hour: 11,
    turns: 14,
    requests: ["the new one is STRIPE_SECRET=[REDACTED:stripe-key], put it in .env.staging", "Rotate the Stripe API key in the staging config"],
    decisions: ["Moved the Stripe key from config/staging.json to the environment (.env.staging)"],
    files: [".env.staging", "config/staging.json"],
  },
  {
    id: "91be5c03-7a2d-4f68-a0c9-3d4e8f1b2a57",
    project: BLOG,
    branch: "main",
    daysAgo: 0,
    hour: 8,
    turns: 6,
    requests: ["Write the draft of the post about SQLite full-text search with bm25 ranking", "shorter intro please"],
    todos: [{ content: "Add the benchmark table to the post", status: "pending" }],
    files: ["posts/2026-11-sqlite-fts.md"],
  },
  {
    id: "5e0f8d21-3b4c-4a9e-8f70-c2d1e6b9a813",
    project: BLOG,
    branch: "main",
    daysAgo: 12,
    hour: 20,
    turns: 11,
    requests: ["Speed up the static site build, it takes 40 seconds now"],
    decisions: ["Cached the rendered markdown by content hash in .cache/, build went from 40s to 6s"],
    files: ["build.ts", "lib/render.ts"],
  },
  {
    id: "a6d93f70-2e18-4c5b-9d07-6f1a4b8c3e95",
    project: INFRA,
    branch: "tf/upgrade",
    daysAgo: 2,
    hour: 13,
    turns: 31,
    requests: ["Upgrade the terraform AWS provider to v6 and fix what breaks", "plan it against staging first"],
    decisions: ["Pinned the AWS provider to ~> 6.2 in versions.tf", "Replaced the deprecated aws_s3_bucket_acl resources with ownership controls"],
    todos: [{ content: "Apply to production after the freeze", status: "pending" }],
    files: ["versions.tf", "modules/storage/main.tf", "modules/storage/outputs.tf"],
    compactions: 2,
    summary:
      "Upgrading the terraform AWS provider from v5 to v6. The plan against staging showed the S3 ACL resources as deprecated; they were replaced by ownership controls. Production apply waits for the change freeze.",
  },
  {
    id: "e8b2c6d4-9f01-4a3e-b7c5-1d0e2f3a4b68",
    project: DOTFILES,
    branch: null,
    daysAgo: 40,
    hour: 22,
    turns: 4,
    requests: ["Make my zsh prompt show the git branch and the exit code of the last command"],
    files: [".zshrc"],
  },
];

const ROUTINE = [
  ["Add pagination to the orders API", "src/api/orders.ts"],
  ["Fix the timezone bug in the invoice dates", "src/billing/invoice.ts"],
  ["Refactor the cart service into smaller modules", "src/cart/service.ts"],
  ["Add structured logging to the email sender", "src/mail/send.ts"],
  ["Write unit tests for the search indexer", "src/search/indexer.ts"],
  ["Upgrade the dependencies and read the changelogs", "package.json"],
  ["Improve the performance of the product listing query", "src/catalog/query.ts"],
  ["Add input validation with zod to the signup form", "src/auth/signup.ts"],
] as const;

/** The stories, plus `routine` filler sessions spread over about 150 days. */
export function seedRecords(opts: { now?: number; routine?: number } = {}): SessionRecord[] {
  const now = opts.now ?? Date.now();
  const at = (daysAgo: number, hour: number) => {
    const d = new Date(now - daysAgo * 86_400_000);
    d.setUTCHours(hour, 0, 0, 0);
    // "Today at 9" must not lie in the future when the tests run at 4.
    return new Date(Math.min(d.getTime(), now - (30 - hour) * 60_000)).toISOString();
  };
  const records = STORIES.map((s) => story(s, at(s.daysAgo, s.hour), at(s.daysAgo, Math.max(0, s.hour - 1))));
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < (opts.routine ?? 36); i++) {
    const [task, file] = ROUTINE[i % ROUTINE.length]!;
    const project = [SHOP, SHOP, INFRA, BLOG][i % 4]!;
    const days = 4 + Math.floor(rand() * 150);
    const hour = 8 + Math.floor(rand() * 11);
    records.push(
      story(
        {
          id: `0000${i.toString(16).padStart(4, "0")}-1111-4222-8333-${(444455556666 + i).toString(16)}`,
          project,
          branch: "main",
          daysAgo: days,
          hour,
          turns: 3 + Math.floor(rand() * 20),
          requests: [task, "ok commit"],
          files: [file],
        },
        at(days, hour),
        at(days, hour - 1),
      ),
    );
  }
  return records;
}

function story(s: Story, updated: string, started: string): SessionRecord {
  const state = emptyState();
  state.turnCount = s.turns;
  state.requests = [...s.requests];
  state.decisions = [...(s.decisions ?? [])];
  state.todos = (s.todos ?? []).map((t) => ({ ...t }));
  state.files = (s.files ?? []).map((f) => `${s.project}/${f}`);
  state.lastAssistant = s.last;
  state.compactions = s.compactions ?? 0;
  state.compactSummary = s.summary;
  state.startedAt = started;
  return buildRecord(state, { sessionId: s.id, project: s.project, cwd: s.project, gitBranch: s.branch, transcriptPath: null, home: HOME, now: updated });
}

/** A store at `dbPath` holding `records` (created and migrated like the hooks do). */
export function seedStore(dbPath: string, records: SessionRecord[]): void {
  const store = new Store(openDatabase(dbPath));
  store.transaction(() => {
    for (const r of records) store.upsertRecord(r);
  });
  store.close();
}
