// What stands between the viewer and every other page and process on this machine:
// a per-run token (query parameter once, then an HttpOnly SameSite=Strict cookie),
// an exact Host (DNS rebinding), an exact Origin on anything that is not a read, and
// headers that keep the page from being framed, sniffed or loading anything foreign.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

export interface Guard {
  token: string;
  /** `127.0.0.1:8123`: the only Host header accepted. */
  host: string;
  /** `http://127.0.0.1:8123`: the only Origin accepted on a non-GET. */
  origin: string;
  /** Cookies ignore ports: one name per port, so two viewers never clobber each other's. */
  cookie: string;
}

export type Verdict = { ok: true; tokenInQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** A literal loopback address (127.0.0.0/8 or ::1); `localhost` stands for 127.0.0.1. */
export function loopbackHost(host: string): string | null {
  const h = host.trim().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost") return "127.0.0.1";
  if (isIP(h) === 4 && /^127\.\d+\.\d+\.\d+$/.test(h) && h.split(".").every((p) => Number(p) <= 255)) return h;
  if (isIP(h) === 6 && /^(0{0,4}:){2,7}0{0,3}1$|^::1$/i.test(h)) return "::1";
  return null;
}

export function makeGuard(host: string, port: number, token: string): Guard {
  const hostPort = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  return { token, host: hostPort, origin: `http://${hostPort}`, cookie: `sr_ui_${port}` };
}

/** Host first (a rebound name never gets as far as the token), then the token, then Origin. */
export function checkRequest(req: Request, url: URL, guard: Guard): Verdict {
  if (req.headers.get("host") !== guard.host) return { ok: false, status: 403, reason: "wrong Host header" };
  const fromQuery = url.searchParams.get("token");
  const given = fromQuery ?? cookieValue(req.headers.get("cookie"), guard.cookie);
  if (given === null) return { ok: false, status: 401, reason: "token required: open the URL that `session-recorder ui` printed" };
  if (!sameSecret(given, guard.token)) return { ok: false, status: 403, reason: "wrong token" };
  if (req.method !== "GET" && req.method !== "HEAD" && req.headers.get("origin") !== guard.origin)
    return { ok: false, status: 403, reason: "foreign or missing Origin" };
  return { ok: true, tokenInQuery: fromQuery !== null };
}

export function tokenCookie(guard: Guard): string {
  return `${guard.cookie}=${guard.token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** On every response, errors included. No CORS header is ever set. */
export function secureHeaders(headers: Headers): Headers {
  headers.set(
    "Content-Security-Policy",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Referrer-Policy", "no-referrer");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  headers.set("Cache-Control", "no-store");
  return headers;
}

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
