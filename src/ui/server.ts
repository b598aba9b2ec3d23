// The viewer's HTTP server: loopback only, one token per run, every response with
// the security headers. Pages are one shell (the script routes /, /project/<key>,
// /session/<id> itself); data comes from /api/.
import type { Server } from "bun";
import type { Runtime } from "../runtime.ts";
import type { Store } from "../store/sessions.ts";
import { isCurrent, openStoreReadOnly } from "../store/open.ts";
import { checkRequest, makeGuard, newToken, secureHeaders, tokenCookie, type Guard } from "./security.ts";
import { handleApi, HttpError, type ApiContext } from "./api.ts";
import { ASSETS, PAGE } from "./assets.ts";
import { preloads, withPreloads } from "./preload.ts";

export interface ServerOptions {
  /** A loopback address (checked by the caller). */
  host: string;
  /** 0: any free port. */
  port: number;
  rt: Runtime;
  /** Tests pin it; otherwise random per run. */
  token?: string;
}

export interface RunningServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

const PAGE_PATH = /^\/(?:|project\/[^/]+|session\/[^/]+)$/;

export function startServer(opts: ServerOptions): RunningServer {
  const ctx: ApiContext = { store: openReadOnly(opts.rt), rt: opts.rt };
  const token = opts.token ?? newToken();
  let guard: Guard | undefined;
  const server: Server<undefined> = Bun.serve({
    hostname: opts.host,
    port: opts.port,
    development: false,
    maxRequestBodySize: 64 * 1024, // forget's body is a few bytes; nothing else has one
    fetch: (req) => respond(req, guard!, ctx),
    error: (err) => plain(500, `internal error: ${err.message}`),
  });
  const port = server.port!;
  guard = makeGuard(opts.host, port, token);
  return {
    url: `${guard.origin}/?token=${token}`,
    port,
    token,
    async stop() {
      await server.stop(true);
      ctx.store.close();
      opts.rt.close();
    },
  };
}

async function respond(req: Request, guard: Guard, ctx: ApiContext): Promise<Response> {
  const url = new URL(req.url);
  const verdict = checkRequest(req, url, guard);
  if (!verdict.ok) return plain(verdict.status, verdict.reason);
  const safe = req.method === "GET" || req.method === "HEAD";
  if (url.pathname.startsWith("/api/")) {
    try {
      const started = performance.now();
      const body = await handleApi(req, url, ctx);
      // How long the store took, for the browser's timing panel and bench:ui.
      return json(200, body, { "Server-Timing": `store;dur=${(performance.now() - started).toFixed(1)}` });
    } catch (err) {
      if (err instanceof HttpError) return json(err.status, { error: err.message });
      throw err;
    }
  }
  if (!safe) return plain(405, "method not allowed");
  if (PAGE_PATH.test(url.pathname)) {
    // The token came in the address: keep it in a cookie and take it out of the address bar and history.
    if (verdict.tokenInQuery) {
      url.searchParams.delete("token");
      return new Response(null, {
        status: 303,
        headers: secureHeaders(new Headers({ Location: url.pathname + url.search, "Set-Cookie": tokenCookie(guard) })),
      });
    }
    return asset(withPreloads(PAGE.body, preloads(url)), PAGE.type);
  }
  const a = ASSETS[url.pathname];
  return a ? asset(a.body, a.type) : plain(404, "not found");
}

/** The store is migrated (or created) once with a writable connection, then only read. */
function openReadOnly(rt: Runtime): Store {
  if (!isCurrent(rt.paths.db)) rt.store();
  rt.close();
  return openStoreReadOnly(rt.paths.db);
}

function asset(body: string, type: string): Response {
  return new Response(body, { headers: secureHeaders(new Headers({ "Content-Type": type })) });
}

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: secureHeaders(new Headers({ "Content-Type": "application/json; charset=utf-8", ...extra })) });
}

function plain(status: number, text: string): Response {
  return new Response(text + "\n", { status, headers: secureHeaders(new Headers({ "Content-Type": "text/plain; charset=utf-8" })) });
}
