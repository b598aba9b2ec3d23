// A small developer thesaurus for recall: people rarely remember the words they
// used. "the slowness of the cart" should find "improve cart performance". Each
// group is words that mean the same thing in a code base; a query word from a
// group also searches the others (single words only, lower case).
const GROUPS = [
  "performance perf speed slow slowness latency faster optimize optimise optimization sluggish",
  "docs doc documentation document documented guide readme",
  "flaky flakiness intermittent intermittently nondeterministic unstable",
  "test tests testing spec specs coverage",
  "upgrade upgrading bump bumped outdated dependency dependencies deps package packages",
  "toggle toggles toggling flag flags switch enable disable",
  "log logs logging logger",
  "timeout timeouts deadline",
  "i18n l10n localization localisation translation translations translate locale",
  "auth authentication login signin authenticate",
  "permission permissions access authorization authorisation rbac role roles acl",
  "error errors exception exceptions failure failures crash crashes",
  "retry retries retrying backoff",
  "cache caching cached memoize lru",
  "race concurrency mutex deadlock",
  "leak leaking leaks memory oom",
  "refactor refactoring split splitting restructure modularize decompose",
  "metrics tracing traces observability telemetry opentelemetry monitoring spans",
  "docker dockerfile container containers",
  "cron scheduler scheduled schedule jobs",
  "webhook webhooks callback callbacks",
  "throttle throttling ratelimit limiter",
  "pagination paginate paginated paging",
  "db database sql",
  "config configuration settings",
  "validate validation validating zod",
  "idempotent idempotency duplicate duplicates dedupe deduplicate",
  "ci pipeline pipelines workflow workflows",
  "email emails mail smtp",
  "typescript ts",
  "javascript js",
  "cli argv arguments",
  "delete deletion remove removal",
  "bug bugs defect regression",
  "deploy deployment deploys release",
  "secret secrets credential credentials",
].map((g) => g.split(" "));

const INDEX = new Map<string, string[]>();
for (const group of GROUPS) for (const w of group) INDEX.set(w, [...(INDEX.get(w) ?? []), ...group.filter((x) => x !== w)]);

/** The query's words plus their synonyms, each once. */
export function expandTerms(terms: string[]): string[] {
  const out = new Set(terms);
  for (const t of terms) for (const s of INDEX.get(t) ?? []) out.add(s);
  return [...out];
}
