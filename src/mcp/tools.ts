// The recall tools Claude can call. Each returns bounded, plainly labelled data:
// records of past sessions, never instructions.
import { z } from "zod";
import type { Store } from "../store/sessions.ts";
import type { SessionRecord } from "../record.ts";
import type { ProjectInfo } from "../project.ts";
import { plainSnippet } from "../store/snippets.ts";
import { inert, inertLine } from "../context/sanitize.ts";
import { queryTerms } from "../store/fts.ts";

export interface ToolContext {
  store: Store;
  /** The project of the directory Claude Code started us in. */
  here: ProjectInfo;
}

export interface Tool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** `_meta` of the tools/list entry (e.g. load it up front rather than behind tool search). */
  meta?: Record<string, unknown>;
  run(args: unknown, ctx: ToolContext): string;
}

const MAX_RESULT_CHARS = 8000;

const searchArgs = z.object({
  query: z.string().min(1).max(500),
  project: z.string().max(4096).optional(),
  limit: z.number().int().min(1).max(20).optional(),
});
const getArgs = z.object({ session_id: z.string().min(1).max(200) });
const exchangeArgs = z.object({
  session_id: z.string().min(1).max(200),
  query: z.string().max(500).optional(),
  around: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(30).optional(),
});
const recentArgs = z.object({ project: z.string().max(4096).optional(), limit: z.number().int().min(1).max(50).optional() });

export const TOOLS: Tool[] = [
  {
    name: "search_sessions",
    description:
      "Search every past Claude Code session on this machine (what the user asked, what the assistant found and replied, commands run, errors, files, decisions), best match first; sessions of the current project rank higher. Each result names the turn that matched (seq, time, excerpt): read around it with get_exchanges. Use it whenever the user refers to earlier work you have no record of here.",
    inputSchema: {
      type: "object",
      properties: {
        query: { type: "string", description: "Plain words, e.g. 'auth middleware token refresh'" },
        project: { type: "string", description: "Only this project path (default: every project, this one ranked first)" },
        limit: { type: "integer", minimum: 1, maximum: 20, description: "Results (default 5)" },
      },
      required: ["query"],
    },
    // Plugin MCP tools are deferred behind tool search unless they ask: this one is the way in.
    meta: { "anthropic/alwaysLoad": true },
    run(raw, { store, here }) {
      const a = searchArgs.parse(raw);
      const hits = store.search({ query: a.query, project: a.project, near: here, limit: a.limit ?? 5 });
      if (!hits.length) return `No recorded session matches "${inertLine(a.query, 200)}".`;
      return bounded(
        `Recorded sessions matching "${inertLine(a.query, 200)}" (data from session-recorder, best first):`,
        hits.map((h) => ({
          ...summary(h.record),
          score: +h.score.toFixed(3),
          match: inertLine(plainSnippet(h.snippet), 300),
          ...(h.exchange ? { matched_turn: { seq: h.exchange.seq, at: h.exchange.at, excerpt: inertLine(plainSnippet(h.exchange.snippet), 400) } } : {}),
        })),
      );
    },
  },
  {
    name: "get_exchanges",
    description:
      "Read a past session's archived turns (the user's request, the assistant's replies, the tools it ran) in order: around a turn (`around`: a seq from search_sessions), or the turns that best match `query`, else from the start.",
    inputSchema: {
      type: "object",
      properties: {
        session_id: { type: "string", description: "Session id or unique prefix" },
        around: { type: "integer", minimum: 1, description: "Center on this turn (seq)" },
        query: { type: "string", description: "Center on the turn that best matches these words" },
        limit: { type: "integer", minimum: 1, maximum: 30, description: "Turns to return (default 5)" },
      },
      required: ["session_id"],
    },
    run(raw, { store }) {
      const a = exchangeArgs.parse(raw);
      const r = store.getSession(a.session_id) ?? uniquePrefix(store, a.session_id);
      if (!r) return `No recorded session has the id or unique prefix "${inertLine(a.session_id, 100)}".`;
      const total = store.exchangeCount(r.session_id);
      if (!total)
        return `Session ${r.session_id} has no archived turns (recorded before the archive existed; \`session-recorder backfill\` fills it while its transcript exists).`;
      const limit = a.limit ?? 5;
      const center = a.around ?? (a.query ? store.bestExchange(r.session_id, queryTerms(a.query))?.seq : undefined);
      const from = center === undefined ? 1 : Math.max(1, center - Math.floor((limit - 1) / 2));
      const turns = store.exchanges(r.session_id, { from, limit });
      return bounded(
        `Archived turns ${turns[0]?.seq ?? from}-${turns.at(-1)?.seq ?? from} of ${total} of session ${r.session_id} (${inertLine(r.title || r.working_on, 120)}; data from session-recorder):`,
        turns.map((e) => ({
          seq: e.seq,
          at: e.at,
          user: inert(e.prompt, 1500),
          assistant: e.replies.map((x) => inert(x, 1500)),
          tools: e.tools.map((t) => inertLine(t, 220)),
        })),
      );
    },
  },
  {
    name: "get_session",
    description: "One recorded session in full (task, requests, decisions, todos, files, compaction summary), by session id or a unique id prefix.",
    inputSchema: { type: "object", properties: { session_id: { type: "string", description: "Session id or unique prefix" } }, required: ["session_id"] },
    run(raw, { store }) {
      const { session_id } = getArgs.parse(raw);
      const r = store.getSession(session_id) ?? uniquePrefix(store, session_id);
      if (!r) return `No recorded session has the id or unique prefix "${inertLine(session_id, 100)}".`;
      return bounded("A recorded session (data from session-recorder):", [full(r)]);
    },
  },
  {
    name: "list_recent_sessions",
    description: "The most recent recorded sessions, newest first (default: the current project).",
    inputSchema: {
      type: "object",
      properties: {
        project: { type: "string", description: "Project path (default: the current project)" },
        limit: { type: "integer", minimum: 1, maximum: 50, description: "How many (default 10)" },
      },
    },
    run(raw, { store, here }) {
      const a = recentArgs.parse(raw ?? {});
      const project = a.project ?? here.project;
      const rows = store.recent({ project, limit: a.limit ?? 10 });
      if (!rows.length) return `No recorded sessions for ${inertLine(project, 300)}.`;
      return bounded(`Recent recorded sessions of ${inertLine(project, 300)} (data from session-recorder, newest first):`, rows.map(summary));
    },
  },
];

function uniquePrefix(store: Store, prefix: string): SessionRecord | null {
  const m = store.findByPrefix(prefix, 2);
  return m.length === 1 ? m[0]! : null;
}

function summary(r: SessionRecord) {
  return {
    session_id: r.session_id,
    project: r.project,
    branch: r.git_branch,
    updated_at: r.updated_at,
    turns: r.turn_count,
    ...(r.title ? { title: inertLine(r.title, 200) } : {}),
    working_on: inertLine(r.working_on, 200),
    decisions: r.decisions.slice(-3).map((d) => inertLine(d, 200)),
    files: r.files_modified.slice(-5).reverse(),
  };
}

function full(r: SessionRecord) {
  return {
    ...summary(r),
    started_at: r.started_at,
    last_request: inertLine(r.last_user_request, 500),
    last_response: inertLine(r.last_assistant_response, 500),
    requests: r.requests.slice(-10).map((q) => inertLine(q, 300)),
    decisions: r.decisions.map((d) => inertLine(d, 220)),
    todos: r.todos.map((t) => `[${t.status}] ${inertLine(t.content, 160)}`),
    files: r.files_modified.slice(-30).reverse(),
    compactions: r.compactions,
    compact_summary: r.compact_summary ? inert(r.compact_summary, 2500) : null,
  };
}

/** Header + JSON, cut item by item so the whole stays under MAX_RESULT_CHARS and valid JSON. */
function bounded(header: string, items: object[]): string {
  const kept: object[] = [];
  for (const it of items) {
    if (header.length + JSON.stringify([...kept, it], null, 1).length > MAX_RESULT_CHARS && kept.length) break;
    kept.push(it);
  }
  const more = items.length - kept.length;
  return `${header}\n${JSON.stringify(kept, null, 1).slice(0, MAX_RESULT_CHARS)}${more ? `\n(${more} more not shown)` : ""}`;
}
