// `list` and `show`: look at what was recorded.
import { defineStoreCommand } from "./runtime.ts";
import { findProject } from "../project.ts";
import { renderCompactContext } from "../context/render.ts";
import { limits } from "../context/gather.ts";
import type { Store } from "../store/sessions.ts";
import type { SessionRecord } from "../record.ts";
import { UserError } from "./errors.ts";
import { bold, cyan, dim, fit, shortTime } from "./format.ts";
import { scopeArgs, timeArg, wholeNumber } from "./args.ts";

export const listCommand = defineStoreCommand({
  meta: { name: "list", description: "Recent sessions, one line each (this project by default)" },
  args: {
    ...scopeArgs,
    limit: { type: "string", description: "How many (default 20)", default: "20" },
  },
  run({ args }, rt) {
    const limit = wholeNumber(args.limit, "--limit", 1, 1_000_000);
    const since = args.since ? timeArg(args.since, "--since") : undefined;
    const project = args.all ? undefined : findProject(args.project ?? process.cwd()).project;
    const rows = rt.store().recent({ project, since, limit });
    if (args.json) return void console.log(JSON.stringify(rows, null, 2));
    if (!rows.length) return void console.error(`no sessions recorded${project ? ` for ${project} (try --all)` : ""}`);
    for (const r of rows) {
      const where = args.all ? `${fit(projectName(r.project), 14)} ` : "";
      // id 8 + time 16 + branch 10 + turns 4 + spaces 5 = 43 columns; the task gets the rest of 80.
      console.log(
        `${cyan(r.session_id.slice(0, 8))} ${dim(shortTime(r.updated_at))} ${where}${fit(r.git_branch ?? "-", 10)} ${String(r.turn_count).padStart(4)}  ${fit(r.working_on || "-", args.all ? 22 : 37).trimEnd()}`,
      );
    }
  },
});

export const showCommand = defineStoreCommand({
  meta: { name: "show", description: "One whole session record, by id or unique id prefix" },
  args: {
    id: { type: "positional", required: true, description: "Session id or a unique prefix of it" },
    json: { type: "boolean", description: "Print the record as JSON" },
    md: { type: "boolean", description: "Print what would be injected about it after a compaction" },
    exchanges: { type: "boolean", description: "Print its archived exchanges (every turn: prompt, replies, tool calls), a page at a time" },
    from: { type: "string", description: "With --exchanges: start at this turn (default 1)", default: "1" },
    limit: { type: "string", description: "With --exchanges: how many turns (default 20)", default: "20" },
  },
  run({ args }, rt) {
    const from = wholeNumber(args.from, "--from", 1, 1_000_000_000);
    const limit = wholeNumber(args.limit, "--limit", 1, 100_000);
    const r = resolveSession(rt.store(), args.id);
    if (args.exchanges) printExchanges(rt.store(), r, from, limit, !!args.json);
    else if (args.json) console.log(JSON.stringify(r, null, 2));
    else if (args.md) console.log(renderCompactContext(r, limits(rt)));
    else printRecord(r);
  },
});

/** Exact id, else a unique prefix; an unknown or ambiguous id is a clear error. */
export function resolveSession(store: Store, id: string): SessionRecord {
  const exact = store.getSession(id);
  if (exact) return exact;
  const matches = store.findByPrefix(id, 6);
  if (matches.length === 1) return matches[0]!;
  if (!matches.length) throw new UserError(`no session matches "${id}" (see: session-recorder list --all)`);
  throw new UserError(
    `"${id}" is ambiguous: ${matches
      .slice(0, 5)
      .map((m) => m.session_id.slice(0, 12))
      .join(", ")}${matches.length > 5 ? ", …" : ""}`,
  );
}

function printRecord(r: SessionRecord): void {
  const row = (k: string, v: string) => console.log(`${bold(k.padEnd(14))} ${v}`);
  row("session", r.session_id);
  row("project", `${r.project}${r.git_branch ? ` (${r.git_branch})` : ""}`);
  row("time", `${shortTime(r.started_at)} → ${shortTime(r.updated_at)}, ${r.turn_count} turns, ${r.compactions} compactions`);
  if (r.title) row("title", r.title);
  if (r.working_on !== r.title) row("working on", r.working_on || "-");
  row("last request", r.last_user_request || "-");
  row("last response", r.last_assistant_response.split("\n")[0] || "-");
  const list = (title: string, items: string[]) => {
    if (!items.length) return;
    console.log(bold(title));
    for (const i of items) console.log(`  - ${i}`);
  };
  list(
    "todos",
    r.todos.map((t) => `[${t.status === "completed" ? "x" : t.status === "in_progress" ? "~" : " "}] ${t.content}`),
  );
  list("decisions", r.decisions);
  list("files", [...r.files_modified].reverse());
  list("requests", r.requests.slice(-10));
  if (r.compact_summary) list("compaction summary", [r.compact_summary.split("\n").slice(0, 6).join(" ").slice(0, 400)]);
}

function printExchanges(store: Store, r: SessionRecord, from: number, limit: number, json: boolean): void {
  const page = store.exchanges(r.session_id, { from, limit });
  const total = store.exchangeCount(r.session_id);
  if (json) return void console.log(JSON.stringify({ session_id: r.session_id, total, from, exchanges: page }, null, 2));
  if (!page.length)
    return void console.error(
      total
        ? `session ${r.session_id.slice(0, 8)} has ${total} exchanges; none from ${from} on`
        : `no exchanges archived for ${r.session_id.slice(0, 8)} (recorded before the archive existed? run: session-recorder backfill)`,
    );
  for (const e of page) {
    console.log(`${bold(`#${e.seq}`)} ${dim(shortTime(e.at))}`);
    console.log(`  ${cyan("user")}  ${e.prompt.replace(/\n/g, "\n        ")}`);
    for (const t of e.tools) console.log(`  ${dim("tool")}  ${t}`);
    for (const a of e.replies) console.log(`  ${cyan("claude")} ${a.replace(/\n/g, "\n         ")}`);
  }
  const last = page.at(-1)!.seq;
  if (last < total)
    // The whole id: a listing's 8-character prefix may be shared by another session.
    console.error(dim(`turns ${page[0]!.seq}-${last} of ${total}; next: session-recorder show ${r.session_id} --exchanges --from ${last + 1}`));
}

const projectName = (p: string) => p.split("/").filter(Boolean).at(-1) ?? p;
