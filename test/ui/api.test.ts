// The viewer's server on 127.0.0.1, over real HTTP: security on every route, and
// the JSON API on a seeded store (paging, search, the injected text, forget).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sandbox } from "../support/tmp.ts";
import { openDatabase } from "../../src/store/db.ts";
import { Store } from "../../src/store/sessions.ts";
import { makeRuntime } from "../../src/runtime.ts";
import { startServer, type RunningServer } from "../../src/ui/server.ts";
import { renderCompactContext } from "../../src/context/render.ts";
import { limits } from "../../src/context/gather.ts";
import { projectKey } from "../../src/paths.ts";
import { HIT_CLOSE as STORE_CLOSE, HIT_OPEN as STORE_OPEN } from "../../src/store/snippets.ts";
import {
  HIT_CLOSE,
  HIT_OPEN,
  type Page,
  type ProjectResponse,
  type ProjectsResponse,
  type SearchResponse,
  type SessionItem,
  type SessionResponse,
} from "../../src/ui/types.ts";
import { BLOG, SHOP, STORIES, seedRecords, seedStore } from "./seed.ts";

const sbx = sandbox();
const records = seedRecords({ routine: 120 });
let server: RunningServer;
let base: string;
let cookie: string;

beforeAll(() => {
  seedStore(join(sbx.data, "sessions.db"), records);
  // A compaction in flight: the hook would consume this state, a preview only reads it.
  const store = new Store(openDatabase(join(sbx.data, "sessions.db")));
  store.saveRecovery(records.find((r) => r.session_id === STORIES[0]!.id)!, new Date().toISOString());
  store.close();
  mkdirSync(join(sbx.data, "sessions"), { recursive: true });
  for (const r of records) writeFileSync(join(sbx.data, "sessions", `${r.session_id}.json`), JSON.stringify(r));
  server = startServer({ host: "127.0.0.1", port: 0, rt: makeRuntime(sbx.env) });
  base = `http://127.0.0.1:${server.port}`;
  cookie = `sr_ui_${server.port}=${server.token}`;
});
afterAll(() => server.stop());

const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(base + path, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(base + path, { method: "POST", headers: { cookie, origin: base, "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("security", () => {
  test("the printed URL carries a fresh token on loopback", () => {
    expect(server.url).toBe(`${base}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(43);
  });

  test("every page, asset and API route needs the token: 401 without, 403 wrong", async () => {
    for (const path of [
      "/",
      "/project/x",
      "/session/y",
      "/assets/app.js",
      "/assets/app.css",
      "/favicon.svg",
      "/api/projects",
      "/api/search?q=retry",
      "/api/sessions/" + STORIES[0]!.id,
      "/nope",
    ]) {
      expect((await fetch(base + path)).status).toBe(401);
      expect((await fetch(base + path, { headers: { cookie: `sr_ui_${server.port}=wrong` } })).status).toBe(403);
      expect((await fetch(base + path + (path.includes("?") ? "&" : "?") + "token=wrong")).status).toBe(403);
    }
  });

  test("the token in the URL becomes an HttpOnly SameSite=Strict cookie and leaves the address", async () => {
    const res = await fetch(`${base}/session/abc?x=1&token=${server.token}`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/session/abc?x=1");
    expect(res.headers.get("set-cookie")).toBe(`sr_ui_${server.port}=${server.token}; Path=/; HttpOnly; SameSite=Strict`);
  });

  test("a foreign Host is refused, token or not (DNS rebinding)", async () => {
    for (const host of [`evil.example:${server.port}`, `localhost:${server.port}`, "127.0.0.1"]) {
      const res = await fetch(`${base}/api/projects?token=${server.token}`, { headers: { host } });
      expect(res.status).toBe(403);
    }
  });

  test("forget with a foreign or missing Origin is refused, and deletes nothing", async () => {
    const id = STORIES[2]!.id;
    expect((await post("/api/forget", { session_id: id }, { origin: "http://evil.example" })).status).toBe(403);
    const bare = await fetch(base + "/api/forget", {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ session_id: id }),
    });
    expect(bare.status).toBe(403);
    expect((await api<SessionResponse>(`/api/sessions/${id}`)).record.session_id).toBe(id);
  });

  test("headers: strict CSP, nosniff, no framing, no CORS; only GET (and forget's POST)", async () => {
    for (const path of ["/", "/assets/app.js", "/api/projects", "/missing"]) {
      const res = await fetch(base + path, { headers: { cookie, origin: "http://evil.example" } });
      expect(res.headers.get("content-security-policy")).toStartWith("default-src 'self'");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect([...res.headers.keys()].filter((k) => k.startsWith("access-control"))).toEqual([]);
    }
    expect((await fetch(base + "/", { method: "POST", headers: { cookie, origin: base } })).status).toBe(405);
    expect((await fetch(base + "/api/projects", { method: "DELETE", headers: { cookie, origin: base } })).status).toBe(405);
  });

  test("the page loads only its own script and stylesheet, no inline script", async () => {
    const html = await (await fetch(base + "/", { headers: { cookie } })).text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(2);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/assets\/[a-z]+\.js"/);
      expect(body!.trim()).toBe("");
    }
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('<link rel="preload" href="/api/projects?limit=50" as="fetch" crossorigin>');
    const session = await (await fetch(`${base}/session/${STORIES[0]!.id}`, { headers: { cookie } })).text();
    expect(session).toContain(`<link rel="preload" href="/api/sessions/${STORIES[0]!.id}" as="fetch" crossorigin>`);
    const search = await (await fetch(`${base}/?q=${encodeURIComponent('a "b" & <c>')}`, { headers: { cookie } })).text();
    expect(search).toContain(
      '<link rel="preload" href="/api/search?q=a+%22b%22+%26amp%3B+%3Cc%3E&amp;limit=20" as="fetch" crossorigin>'.replace("%26amp%3B", "%26"),
    );
    const js = await fetch(base + "/assets/app.js", { headers: { cookie } });
    expect(js.headers.get("content-type")).toStartWith("text/javascript");
    expect((await js.text()).length).toBeGreaterThan(5000);
  });
});

describe("API", () => {
  test("projects: counts and last activity, newest first, paged", async () => {
    const all = await api<ProjectsResponse>("/api/projects");
    expect(all.sessions).toBe(records.length);
    expect(all.total).toBe(4);
    expect(all.items.map((p) => p.name)).toEqual(["shop", "blog", "infra", "dotfiles"]);
    const shop = all.items[0]!;
    expect(shop.sessions).toBe(records.filter((r) => r.project === SHOP).length);
    expect(shop.last_activity).toBe(
      records
        .filter((r) => r.project === SHOP)
        .map((r) => r.updated_at)
        .sort()
        .at(-1)!,
    );
    expect(shop.key).toBe(projectKey(SHOP));
    const page2 = await api<ProjectsResponse>("/api/projects?offset=1&limit=2");
    expect(page2.items.map((p) => p.name)).toEqual(["blog", "infra"]);
    expect((await fetch(base + "/api/projects?limit=5000", { headers: { cookie } })).status).toBe(400);
  });

  test("a project: sessions by day, its startup context, and its sessions page by page", async () => {
    const key = projectKey(BLOG);
    const p = await api<ProjectResponse>(`/api/projects/${key}?tz=0`);
    const blog = records.filter((r) => r.project === BLOG);
    expect(p.sessions).toBe(blog.length);
    expect(p.days.reduce((a, d) => a + d.sessions, 0)).toBe(blog.length);
    expect(p.days[0]!.day).toBe(
      blog
        .map((r) => r.updated_at.slice(0, 10))
        .sort()
        .at(-1)!,
    );
    expect(p.startup_context).toContain("<session-recorder-data>");
    expect(p.startup_context).toContain("Write the draft of the post about SQLite");
    const seen: string[] = [];
    for (let offset = 0; ; offset += 4) {
      const page = await api<Page<SessionItem>>(`/api/projects/${key}/sessions?offset=${offset}&limit=4`);
      expect(page.total).toBe(blog.length);
      if (!page.items.length) break;
      seen.push(...page.items.map((s) => s.session_id));
    }
    expect(seen).toEqual(
      [...blog].sort((a, b) => b.updated_at.localeCompare(a.updated_at) || a.session_id.localeCompare(b.session_id)).map((r) => r.session_id),
    );
    const day = p.days[0]!.day;
    const one = await api<Page<SessionItem>>(`/api/projects/${key}/sessions?since=${day}T00:00:00Z&until=${day}T23:59:59.999Z`);
    expect(one.total).toBe(p.days[0]!.sessions);
    expect((await fetch(`${base}/api/projects/nope-123`, { headers: { cookie } })).status).toBe(404);
  });

  test("a session: the record and exactly what SessionStart would inject", async () => {
    const s = STORIES[0]!;
    const res = await api<SessionResponse>(`/api/sessions/${s.id}`);
    const record = records.find((r) => r.session_id === s.id)!;
    expect(res.record).toEqual(record as never);
    expect(res.project_key).toBe(projectKey(SHOP));
    expect(res.injected.compact).toBe(renderCompactContext(record, limits(makeRuntime(sbx.env))));
    expect(res.injected.resume).toContain(`resumed session ${s.id.slice(0, 8)}`);
    expect((await fetch(`${base}/api/sessions/no-such`, { headers: { cookie } })).status).toBe(404);
  });

  test("search: the CLI's ranking, highlighted snippets, paging", async () => {
    expect(HIT_OPEN).toBe(STORE_OPEN);
    expect(HIT_CLOSE).toBe(STORE_CLOSE);
    const res = await api<SearchResponse>("/api/search?q=terraform%20provider");
    expect(res.items[0]!.session_id).toBe(STORIES[5]!.id);
    expect(res.items[0]!.snippet).toContain(`${HIT_OPEN}terraform${HIT_CLOSE}`);
    const first = await api<SearchResponse>("/api/search?q=pagination&limit=5");
    expect(first.items.length).toBe(5);
    expect(first.more).toBe(true);
    const second = await api<SearchResponse>("/api/search?q=pagination&limit=5&offset=5");
    expect(second.items.map((i) => i.session_id)).not.toContainAnyValues(first.items.map((i) => i.session_id));
    expect((await api<SearchResponse>("/api/search?q=")).items).toEqual([]);
    expect((await api<SearchResponse>("/api/search?q=%22%29%20OR%20*%20NEAR")).items).toBeArray(); // FTS syntax is plain words
  });

  test("reading changes nothing on disk: the store is open read-only", async () => {
    const files = ["sessions.db", "sessions.db-wal"].map((f) => join(sbx.data, f)).filter((f) => existsSync(f));
    const digest = () => files.map((f) => Bun.hash(readFileSync(f)).toString(16)).join(",");
    const before = digest();
    for (const path of [
      "/api/projects",
      `/api/projects/${projectKey(SHOP)}?tz=60`,
      `/api/projects/${projectKey(SHOP)}/sessions?offset=10`,
      "/api/sessions",
      `/api/sessions/${STORIES[0]!.id}`,
      "/api/search?q=cache",
    ])
      await api(path);
    expect(digest()).toBe(before);
  });

  test("forget a session: gone from the store, search, its JSON file and the context files", async () => {
    const id = STORIES[1]!.id;
    const res = await post("/api/forget", { session_id: id });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: 1, left_in_project: records.filter((r) => r.project === SHOP).length - 1 });
    expect((await fetch(`${base}/api/sessions/${id}`, { headers: { cookie } })).status).toBe(404);
    expect((await api<SearchResponse>("/api/search?q=flaky%20cart%20clock")).items.map((i) => i.session_id)).not.toContain(id);
    expect(existsSync(join(sbx.data, "sessions", `${id}.json`))).toBe(false);
    expect(readFileSync(join(sbx.home, ".claude", "context", "session-history.md"), "utf8")).not.toContain(id.slice(0, 8));
  });

  test("forget a project: every session of it, and nothing else", async () => {
    const before = await api<ProjectsResponse>("/api/projects");
    const blog = before.items.find((p) => p.name === "blog")!;
    const res = await post("/api/forget", { project_key: blog.key });
    expect(await res.json()).toEqual({ deleted: blog.sessions, left_in_project: 0 });
    const after = await api<ProjectsResponse>("/api/projects");
    expect(after.items.map((p) => p.name)).toEqual(["shop", "infra", "dotfiles"]);
    expect(after.sessions).toBe(before.sessions - blog.sessions);
    expect((await post("/api/forget", { project_key: blog.key })).status).toBe(404);
    expect((await post("/api/forget", { nothing: 1 })).status).toBe(400);
    expect((await post("/api/forget", { session_id: "x" }, { "content-type": "text/plain" })).status).toBe(415);
  });
});

test("a session's archived turns, a page at a time", async () => {
  const id = STORIES[0]!.id;
  const store = new Store(openDatabase(join(sbx.data, "sessions.db")));
  store.replaceExchanges(
    id,
    Array.from({ length: 25 }, (_, i) => ({
      seq: i + 1,
      at: `2026-11-01T10:${String(i).padStart(2, "0")}:00Z`,
      prompt: `turn ${i + 1} question`,
      replies: [`answer ${i + 1}`],
      tools: i === 0 ? ["Bash: npm test → error: 2 failed"] : [],
    })),
  );
  store.close();
  const first = await api<{ total: number; offset: number; items: { seq: number; prompt: string; tools: string[] }[] }>(
    `/api/sessions/${id}/exchanges?offset=0&limit=20`,
  );
  expect(first.total).toBe(25);
  expect(first.items.length).toBe(20);
  expect(first.items[0]).toMatchObject({ seq: 1, prompt: "turn 1 question", tools: ["Bash: npm test → error: 2 failed"] });
  const next = await api<{ items: { seq: number }[] }>(`/api/sessions/${id}/exchanges?offset=20&limit=20`);
  expect(next.items.map((e) => e.seq)).toEqual([21, 22, 23, 24, 25]);
  const missing = await fetch(`${base}/api/sessions/nope/exchanges`, { headers: { cookie } });
  expect(missing.status).toBe(404);
});
