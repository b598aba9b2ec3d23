// The viewer's request checks, as pure functions: token, Host, Origin, headers.
import { describe, expect, test } from "bun:test";
import { checkRequest, loopbackHost, makeGuard, newToken, secureHeaders, tokenCookie } from "../../src/ui/security.ts";

const guard = makeGuard("127.0.0.1", 8123, "s3cret-token");
const req = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) => {
  const r = new Request(`http://127.0.0.1:8123${path}`, { method: init.method ?? "GET", headers: { host: "127.0.0.1:8123", ...init.headers } });
  return checkRequest(r, new URL(r.url), guard);
};

describe("loopbackHost", () => {
  test.each([
    ["127.0.0.1", "127.0.0.1"],
    ["127.3.2.1", "127.3.2.1"],
    ["localhost", "127.0.0.1"],
    ["::1", "::1"],
    ["[::1]", "::1"],
    ["0:0:0:0:0:0:0:1", "::1"],
  ])("%s is loopback", (h, want) => expect(loopbackHost(h)).toBe(want));
  test.each(["0.0.0.0", "192.168.1.10", "10.0.0.1", "::", "example.com", "127.0.0.256", "128.0.0.1", "", "127.0.0.1.nip.io"])("%s is not", (h) =>
    expect(loopbackHost(h)).toBeNull(),
  );
});

describe("checkRequest", () => {
  test("the token in the query, then in the cookie", () => {
    expect(req("/?token=s3cret-token")).toEqual({ ok: true, tokenInQuery: true });
    expect(req("/api/projects", { headers: { cookie: "other=1; sr_ui_8123=s3cret-token" } })).toEqual({ ok: true, tokenInQuery: false });
  });

  test("no token: 401; a wrong one: 403 (query or cookie, or another port's cookie)", () => {
    expect(req("/")).toMatchObject({ ok: false, status: 401 });
    expect(req("/api/projects", { headers: { cookie: "sr_ui_9999=s3cret-token" } })).toMatchObject({ ok: false, status: 401 });
    expect(req("/?token=s3cret-tokem")).toMatchObject({ ok: false, status: 403 });
    expect(req("/?token=")).toMatchObject({ ok: false, status: 403 });
    expect(req("/api/projects", { headers: { cookie: "sr_ui_8123=nope" } })).toMatchObject({ ok: false, status: 403 });
  });

  test("any other Host is refused before the token is looked at (DNS rebinding)", () => {
    for (const host of ["evil.example:8123", "localhost:8123", "127.0.0.1", "127.0.0.1:8124", "127.0.0.1:8123.evil", ""]) {
      expect(req("/?token=s3cret-token", { headers: { host } })).toMatchObject({ ok: false, status: 403 });
    }
  });

  test("a non-GET needs this very Origin", () => {
    const cookie = "sr_ui_8123=s3cret-token";
    expect(req("/api/forget", { method: "POST", headers: { cookie, origin: "http://127.0.0.1:8123" } })).toMatchObject({ ok: true });
    for (const origin of [undefined, "null", "http://evil.example", "http://127.0.0.1:8124", "https://127.0.0.1:8123", "http://localhost:8123"]) {
      const headers: Record<string, string> = { cookie };
      if (origin !== undefined) headers.origin = origin;
      for (const method of ["POST", "PUT", "DELETE", "PATCH"]) expect(req("/api/forget", { method, headers })).toMatchObject({ ok: false, status: 403 });
    }
    expect(req("/api/projects", { headers: { cookie } })).toMatchObject({ ok: true }); // a GET needs none
  });

  test("IPv6 loopback: Host and Origin carry brackets", () => {
    const g = makeGuard("::1", 8123, "t");
    expect(g.host).toBe("[::1]:8123");
    expect(g.origin).toBe("http://[::1]:8123");
  });
});

test("cookie and headers", () => {
  expect(tokenCookie(guard)).toBe("sr_ui_8123=s3cret-token; Path=/; HttpOnly; SameSite=Strict");
  const h = secureHeaders(new Headers());
  expect(h.get("content-security-policy")).toContain("default-src 'self'");
  expect(h.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(h.get("content-security-policy")).not.toContain("unsafe-inline");
  expect(h.get("x-content-type-options")).toBe("nosniff");
  expect(h.get("referrer-policy")).toBe("no-referrer");
  expect([...h.keys()].some((k) => k.startsWith("access-control-"))).toBe(false);
});

test("tokens are long and fresh", () => {
  const a = newToken();
  expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(newToken()).not.toBe(a);
});
