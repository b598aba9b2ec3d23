// `session-recorder ui` as shipped: the compiled binary serves the page it embeds,
// prints its URL first, opens a browser when asked, and exits cleanly on a signal.
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN } from "../support/paths.ts";
import { runBin } from "../support/spawn.ts";
import { sandbox } from "../support/tmp.ts";
import { seedRecords, seedStore } from "./seed.ts";

function seeded() {
  const sbx = sandbox();
  seedStore(join(sbx.data, "sessions.db"), seedRecords({ routine: 8 }));
  return sbx;
}

/** Start the viewer; resolve with the process and the first line of its stdout. */
async function startUi(env: Record<string, string>, args: string[] = ["--no-open"]) {
  const proc = Bun.spawn([BIN, "ui", ...args], { env, stdout: "pipe", stderr: "pipe" });
  const reader = proc.stdout.getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`ui exited before printing its URL: ${await new Response(proc.stderr).text()}`);
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return { proc, url: out.split("\n")[0]! };
}

describe("session-recorder ui (compiled binary)", () => {
  test("prints the URL first, serves the embedded page and script, stops on SIGTERM and SIGINT", async () => {
    const sbx = seeded();
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const { proc, url } = await startUi(sbx.env);
      const m = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/.exec(url);
      expect(m).not.toBeNull();
      const [, port, token] = m!;
      const first = await fetch(url, { redirect: "manual" });
      expect(first.status).toBe(303);
      const cookie = `sr_ui_${port}=${token}`;
      const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie } });
      expect(await page.text()).toContain('<script type="module" src="/assets/app.js">');
      const js = await (await fetch(`http://127.0.0.1:${port}/assets/app.js`, { headers: { cookie } })).text();
      expect(js).toContain("/api/");
      expect(js).not.toContain("import "); // one bundle, no module to fetch from elsewhere
      const css = await fetch(`http://127.0.0.1:${port}/assets/app.css`, { headers: { cookie } });
      expect(css.headers.get("content-type")).toStartWith("text/css");
      const projects = await (await fetch(`http://127.0.0.1:${port}/api/projects`, { headers: { cookie } })).json();
      expect((projects as { total: number }).total).toBe(4);
      expect((await fetch(`http://127.0.0.1:${port}/api/projects`)).status).toBe(401);
      proc.kill(signal);
      expect(await proc.exited).toBe(0);
    }
  });

  test("opens the browser with the URL; without one to open, it still serves", async () => {
    const sbx = seeded();
    const bin = join(sbx.dir, "fakebin");
    mkdirSync(bin);
    const opened = join(sbx.dir, "opened.txt");
    const opener = process.platform === "darwin" ? "open" : "xdg-open";
    // Written aside, then renamed: the test never reads a half-written file.
    writeFileSync(join(bin, opener), `#!/bin/sh\necho "$1" > "${opened}.tmp" && mv "${opened}.tmp" "${opened}"\n`);
    chmodSync(join(bin, opener), 0o755);
    const quiet = await startUi({ ...sbx.env, PATH: `${bin}:/usr/bin:/bin` }, ["--no-open"]);
    await Bun.sleep(300);
    quiet.proc.kill("SIGTERM");
    expect(await quiet.proc.exited).toBe(0);
    expect(existsSync(opened)).toBe(false); // --no-open opens nothing
    const withOpener = await startUi({ ...sbx.env, PATH: `${bin}:/usr/bin:/bin` }, []);
    for (let i = 0; i < 250 && !existsSync(opened); i++) await Bun.sleep(20);
    expect(readFileSync(opened, "utf8").trim()).toBe(withOpener.url);
    withOpener.proc.kill("SIGTERM");
    expect(await withOpener.proc.exited).toBe(0);

    const none = await startUi({ ...sbx.env, PATH: join(sbx.dir, "empty") }, []);
    expect((await fetch(none.url, { redirect: "manual" })).status).toBe(303);
    none.proc.kill("SIGTERM");
    expect(await none.proc.exited).toBe(0);
    expect(await new Response(none.proc.stderr).text()).toContain("could not open a browser");
  });

  test("a non-loopback --host or a bad --port is a one-line usage error (exit 2)", () => {
    const sbx = seeded();
    for (const args of [
      ["--host", "0.0.0.0"],
      ["--host", "192.168.1.2"],
      ["--host", "example.com"],
      ["--port", "70000"],
      ["--port", "http"],
    ]) {
      const r = runBin(["ui", "--no-open", ...args], { env: sbx.env });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  test("a port in use is a one-line error", async () => {
    const sbx = seeded();
    const taken = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    try {
      const r = runBin(["ui", "--no-open", "--port", String(taken.port)], { env: sbx.env });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(`port ${taken.port} is in use`);
    } finally {
      taken.stop(true);
    }
  });
});
