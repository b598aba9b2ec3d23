// The viewer's JSON API over the store, read-only but for forget. Every list is a
// page (offset, limit <= 200); search, the injected text and forget are the very
// code the CLI and the hooks run.
import type { Runtime } from "../runtime.ts";
import type { Store } from "../store/sessions.ts";
import type { SessionSummary } from "../store/browse.ts";
import type { SessionRecord } from "../record.ts";
import { projectKey } from "../paths.ts";
import { buildSessionStartContext, limits, startupContext } from "../context/gather.ts";
import { forgetSessions, projectSessions } from "../ingest/forget.ts";
import type * as T from "./types.ts";

export interface ApiContext {
  /** The read-only store every GET reads. */
  store: Store;
  /** Settings and paths; its own (writable) store is opened by forget only, then closed. */
  rt: Runtime;
}

const MAX_PAGE = 200;
const DEFAULT_PAGE = 50;
/** Days of the activity chart. */
const CHART_DAYS = 365;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function handleApi(req: Request, url: URL, ctx: ApiContext): Promise<unknown> {
  const parts = url.pathname.split("/").slice(2).map(decodeURIComponent); // "/api/x/y" -> ["x", "y"]
  const [what, key, sub] = parts;
  if (req.method === "POST" && what === "forget" && parts.length === 1) return forget(ctx, await jsonBody(req));
  if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "method not allowed");
  const q = url.searchParams;
  if (what === "projects" && parts.length === 1) return projects(ctx, q);
  if (what === "projects" && key && parts.length === 2) return project(ctx, key, q);
  if (what === "projects" && key && sub === "sessions" && parts.length === 3) return projectSessionPage(ctx, key, q);
  if (what === "sessions" && parts.length === 1) return sessionList(ctx, q);
  if (what === "sessions" && key && parts.length === 2) return session(ctx, key);
  if (what === "sessions" && key && sub === "exchanges" && parts.length === 3) return exchanges(ctx, key, q);
  if (what === "search" && parts.length === 1) return search(ctx, q);
  throw new HttpError(404, "no such API");
}

function projects(ctx: ApiContext, q: URLSearchParams): T.ProjectsResponse {
  const { offset, limit } = paging(q);
  const page = ctx.store.projectPage(offset, limit);
  return {
    total: page.total,
    offset,
    sessions: ctx.store.count(),
    items: page.items.map((p) => ({ ...p, key: projectKey(p.project), name: projectName(p.project) })),
  };
}

function project(ctx: ApiContext, key: string, q: URLSearchParams): T.ProjectResponse {
  const name = resolveProject(ctx, key);
  const p = ctx.store.projectSummary(name);
  if (!p) throw new HttpError(404, "no such project");
  const tz = intParam(q, "tz", 0, -14 * 60, 14 * 60);
  const rt = readOnly(ctx);
  return {
    ...p,
    key,
    name: projectName(p.project),
    days: ctx.store.sessionsByDay(name, tz, CHART_DAYS),
    startup_context: startupContext(rt, name, "ui-preview", limits(rt)),
  };
}

function projectSessionPage(ctx: ApiContext, key: string, q: URLSearchParams): T.Page<T.SessionItem> {
  const project = resolveProject(ctx, key);
  const { offset, limit } = paging(q);
  const page = ctx.store.sessionPage({ project, since: isoParam(q, "since"), until: isoParam(q, "until") }, offset, limit);
  return { total: page.total, offset, items: page.items.map(sessionItem) };
}

/** The latest sessions of every project. */
function sessionList(ctx: ApiContext, q: URLSearchParams): T.Page<T.SessionItem> {
  const { offset, limit } = paging(q);
  const page = ctx.store.sessionPage({}, offset, limit);
  return { total: page.total, offset, items: page.items.map(sessionItem) };
}

function session(ctx: ApiContext, id: string): T.SessionResponse {
  const record = ctx.store.getSession(id);
  if (!record) throw new HttpError(404, "no such session");
  // Exactly what the SessionStart hook would inject (as `session-recorder context` previews it).
  const rt = readOnly(ctx);
  // Only compact and resume are previewed: neither depends on the project passed.
  const preview = (source: string) => buildSessionStartContext(rt, { session_id: id, source }, record.project, { preview: true });
  return {
    record: record as T.SessionRecordView,
    project_key: projectKey(record.project),
    injected: { compact: preview("compact"), resume: preview("resume") },
  };
}

/** A session's archived turns, a page at a time (offset 0 = the first turn). */
function exchanges(ctx: ApiContext, id: string, q: URLSearchParams): T.ExchangesResponse {
  if (!ctx.store.getSession(id)) throw new HttpError(404, "no such session");
  const { offset, limit } = paging(q);
  return { total: ctx.store.exchangeCount(id), offset, items: ctx.store.exchanges(id, { from: offset + 1, limit }) };
}

function search(ctx: ApiContext, q: URLSearchParams): T.SearchResponse {
  const query = (q.get("q") ?? "").slice(0, 500);
  const { offset, limit } = paging(q);
  const key = q.get("project");
  const project = key ? resolveProject(ctx, key) : undefined;
  // Search ranks the best `n`; a later page asks for more and skips what was shown.
  const hits = ctx.store.search({ query, project, limit: offset + limit + 1 });
  const items = hits.slice(offset, offset + limit).map((h) => ({ ...sessionItem(h.record), snippet: h.snippet }));
  return { query, offset, items, more: hits.length > offset + limit };
}

function forget(ctx: ApiContext, body: unknown): T.ForgetResponse {
  const b = (body ?? {}) as Record<string, unknown>;
  let doomed: Pick<SessionRecord, "session_id" | "project">[];
  if (typeof b.session_id === "string") {
    const r = ctx.store.getSession(b.session_id);
    if (!r) throw new HttpError(404, "no such session");
    doomed = [r];
  } else if (typeof b.project_key === "string") {
    doomed = projectSessions(ctx.rt, resolveProject(ctx, b.project_key));
  } else throw new HttpError(400, "give session_id or project_key");
  try {
    forgetSessions(ctx.rt, doomed);
  } finally {
    ctx.rt.close(); // back to read-only: the writable connection lives for one forget only
  }
  const project = doomed[0]?.project;
  return { deleted: doomed.length, left_in_project: project === undefined ? 0 : (ctx.store.projectSummary(project)?.sessions ?? 0) };
}

/** The runtime the hooks' own code receives, whose store is the read-only one. */
function readOnly(ctx: ApiContext): Runtime {
  return { ...ctx.rt, store: () => ctx.store, close() {} };
}

function resolveProject(ctx: ApiContext, key: string): string {
  const project = ctx.store.projectNames().find((p) => projectKey(p) === key);
  if (!project) throw new HttpError(404, "no such project");
  return project;
}

function sessionItem(s: SessionSummary): T.SessionItem {
  return {
    session_id: s.session_id,
    project: s.project,
    project_key: projectKey(s.project),
    git_branch: s.git_branch,
    started_at: s.started_at,
    updated_at: s.updated_at,
    turn_count: s.turn_count,
    working_on: s.working_on,
  };
}

function paging(q: URLSearchParams): { offset: number; limit: number } {
  return { offset: intParam(q, "offset", 0, 0, 10_000_000), limit: intParam(q, "limit", DEFAULT_PAGE, 1, MAX_PAGE) };
}

function intParam(q: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const v = q.get(name);
  if (v === null || v === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function isoParam(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  if (!v) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new HttpError(400, `${name} must be a date`);
  return new Date(t).toISOString();
}

async function jsonBody(req: Request): Promise<unknown> {
  if (!(req.headers.get("content-type") ?? "").startsWith("application/json")) throw new HttpError(415, "send JSON");
  const text = await req.text();
  if (text.length > 10_000) throw new HttpError(413, "body too large");
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "body is not JSON");
  }
}

export const projectName = (p: string) => p.split("/").filter(Boolean).at(-1) ?? p;
