// `session-recorder search <query>`: ranked recall over every stored session.
import { defineStoreCommand } from "./runtime.ts";
import { findProject } from "../project.ts";
import type { SearchHit } from "../store/search.ts";
import { HIT_CLOSE, HIT_OPEN, plainSnippet } from "../store/snippets.ts";
import { bold, cyan, dim, fit, shortTime, useColor } from "./format.ts";
import { scopeArgs, timeArg, wholeNumber } from "./args.ts";

export const searchCommand = defineStoreCommand({
  meta: { name: "search", description: "Search past sessions (this project by default), best match first" },
  args: {
    query: { type: "positional", required: true, description: "Words to look for (plain words; no query syntax needed)" },
    ...scopeArgs,
    all: { type: "boolean", description: "Every project (this project's sessions still rank higher)" },
    limit: { type: "string", description: "How many results (default 10)", default: "10" },
  },
  run({ args }, rt) {
    const limit = wholeNumber(args.limit, "--limit", 1, 1000);
    const since = args.since ? timeArg(args.since, "--since") : undefined;
    // Positional words after the first are part of the query too: `search auth middleware`.
    const query = [args.query, ...args._.slice(1)].join(" ");
    const here = findProject(args.project ?? process.cwd());
    const hits = rt.store().search({ query, project: args.all ? undefined : here.project, near: here, since, limit });
    if (args.json) return void console.log(JSON.stringify(hits.map(toJson), null, 2));
    if (!hits.length) return void console.error(`no sessions match "${query}"${args.all ? "" : ` in ${here.project} (try --all)`}`);
    for (const h of hits) printHit(h, !!args.all);
  },
});

function toJson(h: SearchHit) {
  const r = h.record;
  return {
    session_id: r.session_id,
    title: r.title ?? null,
    project: r.project,
    updated_at: r.updated_at,
    working_on: r.working_on,
    score: +h.score.toFixed(4),
    snippet: plainSnippet(h.snippet),
    git_branch: r.git_branch,
    turn_count: r.turn_count,
    files_modified: r.files_modified.slice(-10),
    exchange: h.exchange ? { seq: h.exchange.seq, at: h.exchange.at, snippet: plainSnippet(h.exchange.snippet) } : null,
  };
}

function printHit(h: SearchHit, all: boolean): void {
  const r = h.record;
  const where = all ? ` ${dim(r.project)}` : "";
  console.log(
    `${cyan(r.session_id.slice(0, 8))} ${dim(shortTime(r.updated_at))} ${bold(fit(r.working_on || r.last_user_request || "-", 52).trimEnd())}${where}`,
  );
  const e = h.exchange;
  // The turn that matched, with when it was said; else the record's best field.
  if (e) console.log(`         ${dim(`#${e.seq} ${shortTime(e.at)}`)} ${highlight(fit(plainSpaces(e.snippet), 50).trimEnd())}`);
  else console.log(`         ${highlight(fit(plainSpaces(h.snippet), 70).trimEnd())}`);
}

const plainSpaces = (s: string) => s.replace(/\s+/g, " ");
/** Matched terms in bold yellow on a TTY; markers dropped otherwise. */
function highlight(s: string): string {
  return useColor() ? s.replaceAll(HIT_OPEN, "\x1b[1;33m").replaceAll(HIT_CLOSE, "\x1b[0m") + "\x1b[0m" : plainSnippet(s);
}
