// The viewer in a real browser (Debian's chromium through playwright-core), served
// by the compiled binary: pages render the seeded sessions, search as you type,
// deep links, keyboard, themes, forget. Skipped, and says so, without chromium.
// SR_UI_SCREENSHOTS=1 also writes the README's screenshots to docs/.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { BIN, ROOT } from "../support/paths.ts";
import { sandbox } from "../support/tmp.ts";
import { hasChromium, launch, type Browser, CHROMIUM } from "../../scripts/lib/chromium.ts";
import { projectKey } from "../../src/paths.ts";
import { renderCompactContext } from "../../src/context/render.ts";
import { defaultConfig } from "../../src/config.ts";
import { BLOG, INFRA, SHOP, STORIES, seedRecords, seedStore } from "./seed.ts";

const chromium = hasChromium();
if (!chromium) console.warn(`skipping the browser tests: no chromium at ${CHROMIUM} (apt-get install chromium)`);
const SHOTS = process.env.SR_UI_SCREENSHOTS === "1";

// Enough for a second page of the shop project (50 a page).
const records = seedRecords({ routine: 140 });
let browser: Browser;
let viewer: { proc: Bun.Subprocess<"ignore", "pipe", "pipe">; url: string; origin: string };
const errors: string[] = [];

async function startUi(env: Record<string, string>) {
  const proc = Bun.spawn([BIN, "ui", "--no-open"], { env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const reader = proc.stdout.getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("ui exited early");
    out += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const url = out.split("\n")[0]!;
  return { proc, url, origin: new URL(url).origin };
}

async function open(path = ""): Promise<Page> {
  const page = await browser.context.newPage();
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(path ? viewer.origin + path : viewer.url);
  return page;
}

async function shot(page: Page, name: string, theme: "light" | "dark") {
  if (!SHOTS) return;
  await page.emulateMedia({ colorScheme: theme });
  mkdirSync(join(ROOT, "docs"), { recursive: true });
  await page.screenshot({ path: join(ROOT, "docs", `ui-${name}-${theme}.png`) });
}

describe.skipIf(!chromium)("the viewer in chromium", () => {
  beforeAll(async () => {
    const sbx = sandbox();
    seedStore(join(sbx.data, "sessions.db"), records);
    viewer = await startUi(sbx.env);
    browser = await launch({ width: 1100, height: 700 });
    browser.context.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    viewer?.proc.kill("SIGTERM");
    await viewer?.proc.exited;
  });

  test("first load: the token leaves the address for an HttpOnly cookie; projects with counts", async () => {
    const page = await browser.context.newPage();
    const api: string[] = [];
    page.on("request", (r) => r.url().includes("/api/") && api.push(new URL(r.url()).pathname));
    await page.goto(viewer.url);
    await page.waitForSelector(".projects .item");
    expect(api.sort()).toEqual(["/api/projects", "/api/sessions"]); // the preloads were used, not fetched twice
    expect(page.url()).toBe(viewer.origin + "/");
    expect(await page.evaluate("document.cookie")).toBe("");
    const names = await page.locator(".projects .row-title").allTextContents();
    expect(names).toEqual(["shop", "blog", "infra", "dotfiles"]);
    const shop = records.filter((r) => r.project === SHOP).length;
    expect(await page.locator(".projects .item").first().locator(".badge").textContent()).toBe(`${shop} sessions`);
    expect(await page.locator("#totals").textContent()).toBe(`${records.length} sessions in 4 projects`);
    expect(await page.locator(".latest .item").count()).toBe(10);
    await shot(page, "projects", "light");
    await shot(page, "projects", "dark");
    await page.close();
  });

  test("a project: chart, sessions by day, paging, a day picked on the chart", async () => {
    const page = await open();
    await page.click(".projects .item >> text=shop");
    await page.waitForSelector(".chart svg");
    expect(page.url()).toBe(`${viewer.origin}/project/${projectKey(SHOP)}`);
    const shop = records.filter((r) => r.project === SHOP);
    expect(shop.length).toBeGreaterThan(50);
    expect(await page.locator(".timeline .item").count()).toBe(50);
    expect(await page.locator(".timeline .item").first().getAttribute("data-id")).toBe(STORIES[0]!.id);
    expect(await page.locator(".bar.on").count()).toBeGreaterThan(5);
    await shot(page, "project", "light");
    await shot(page, "project", "dark");
    await page.click("button.more");
    await page.waitForFunction((n) => (globalThis as any).document.querySelectorAll(".timeline .item").length === n, shop.length);
    expect(await page.locator("button.more").count()).toBe(0);
    const bar = page.locator(".bar.on").last();
    const day = (await bar.getAttribute("data-day"))!;
    await bar.click();
    await page.waitForSelector(".filter");
    expect(page.url()).toEndWith(`?day=${day}`);
    const shown = await page.locator(".timeline .day").allTextContents();
    expect(shown).toEqual([day]);
    await page.close();
  });

  test("a session: every part of the record, and the exact injected text", async () => {
    const s = STORIES[0]!;
    const page = await open(`/session/${s.id}`);
    await page.waitForSelector("article.session");
    const r = records.find((x) => x.session_id === s.id)!;
    expect(await page.locator("h1").textContent()).toBe(r.working_on);
    for (const id of ["task", "requests", "decisions", "todos", "files", "summary", "injected"]) expect(await page.locator(`section#${id}`).count()).toBe(1);
    expect(await page.locator("#requests li").allTextContents()).toEqual(r.requests);
    expect(await page.locator("#todos li.in_progress").textContent()).toContain("Document the retry policy");
    const injected = await page.locator("#injected pre").first().textContent();
    expect(injected).toBe(
      renderCompactContext(r, {
        maxChars: defaultConfig().context_max_chars,
        maxDecisions: defaultConfig().max_decisions,
        maxFiles: defaultConfig().max_files_shown,
      }),
    );
    await shot(page, "session", "light");
    await shot(page, "session", "dark");
    await page.close();
  });

  test("search as you type, highlighted; / focuses, arrows move, Enter opens, Esc goes back", async () => {
    const page = await open();
    await page.waitForSelector(".projects .item");
    await page.keyboard.press("/");
    await page.keyboard.type("terraform");
    await page.waitForSelector(".results .item");
    expect(page.url()).toBe(`${viewer.origin}/?q=terraform`);
    expect(await page.locator(".results .item").first().getAttribute("data-id")).toBe(STORIES[5]!.id);
    expect((await page.locator(".results mark").first().textContent())!.toLowerCase()).toBe("terraform");
    await page.fill("#q", "payment webhook retries");
    await page.waitForSelector(`.results .item[data-id="${STORIES[0]!.id}"]`);
    if (SHOTS) {
      await page.fill("#q", "stripe");
      await page.waitForSelector(`.results .item[data-id="${STORIES[2]!.id}"]`);
      await shot(page, "search", "light");
      await shot(page, "search", "dark");
      await page.fill("#q", "payment webhook retries");
      await page.waitForSelector(`section[data-query="payment webhook retries"]`);
    }
    await page.keyboard.press("ArrowDown"); // from the box to the first result
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    expect(await page.locator(".item.sel").getAttribute("data-id")).toBe(STORIES[0]!.id);
    await page.keyboard.press("Enter");
    await page.waitForSelector("article.session");
    expect(page.url()).toBe(`${viewer.origin}/session/${STORIES[0]!.id}`);
    await page.keyboard.press("Escape");
    await page.waitForSelector(".chart");
    expect(page.url()).toBe(`${viewer.origin}/project/${projectKey(SHOP)}`);
    await page.keyboard.press("Escape");
    await page.waitForSelector(".projects");
    await page.goBack();
    await page.waitForSelector(".chart");
    await page.close();
  });

  test("deep links: /?q=, /project/<key>, /session/<id>, also on the very first load", async () => {
    const page = await open(`/?q=${encodeURIComponent("sqlite bm25")}`);
    await page.waitForSelector(".results .item");
    expect(await page.inputValue("#q")).toBe("sqlite bm25");
    expect(await page.locator(".results .item").first().getAttribute("data-id")).toBe(STORIES[3]!.id);
    await page.goto(`${viewer.origin}/project/${projectKey(INFRA)}`);
    await page.waitForSelector(".chart");
    expect(await page.locator("h1").textContent()).toBe("infra");
    await page.close();
    // A fresh browser with the token on a deep link lands there.
    const other = await launch();
    try {
      const p = await other.context.newPage();
      await p.goto(`${viewer.origin}/session/${STORIES[6]!.id}?token=${new URL(viewer.url).searchParams.get("token")}`);
      await p.waitForSelector("article.session");
      expect(p.url()).toBe(`${viewer.origin}/session/${STORIES[6]!.id}`);
      const denied = await other.context.newPage();
      await other.context.clearCookies();
      const res = await denied.goto(viewer.origin + "/");
      expect(res!.status()).toBe(401);
    } finally {
      await other.close();
    }
  });

  test("themes: prefers-color-scheme, and the toggle overrides it", async () => {
    const page = await open();
    await page.waitForSelector(".projects .item");
    const bg = () => page.evaluate("getComputedStyle(document.body).backgroundColor");
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await bg();
    await page.emulateMedia({ colorScheme: "light" });
    const light = await bg();
    expect(dark).not.toBe(light);
    await page.click("#theme"); // auto -> light
    await page.click("#theme"); // light -> dark
    expect(await page.evaluate("document.documentElement.dataset.theme")).toBe("dark");
    expect(await bg()).toBe(dark);
    await page.reload();
    await page.waitForSelector(".projects .item");
    expect(await bg()).toBe(dark); // remembered, applied before the app runs
    await page.click("#theme"); // dark -> auto
    expect(await bg()).toBe(light);
    await page.close();
  });

  test("forget a session and a project, each after a confirmation that can be cancelled", async () => {
    const s = STORIES[4]!;
    const page = await open(`/session/${s.id}`);
    await page.waitForSelector("article.session");
    await page.click("text=Forget session…");
    await page.waitForSelector("dialog[open]");
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog", { state: "detached" });
    expect(await page.locator("article.session").count()).toBe(1);
    await page.click("text=Forget session…");
    await page.click("dialog button[value=yes]");
    await page.waitForSelector(".chart");
    expect(page.url()).toBe(`${viewer.origin}/project/${projectKey(BLOG)}`);
    expect(await page.locator(`.item[data-id="${s.id}"]`).count()).toBe(0);
    const known = errors.length;
    await page.goto(`${viewer.origin}/session/${s.id}`);
    await page.waitForSelector(".error");
    expect(await page.locator(".error").textContent()).toBe("no such session");
    errors.splice(known); // that 404 was the point

    // The last session of a project: back to the projects.
    await page.goto(`${viewer.origin}/session/${STORIES[6]!.id}`);
    await page.click("text=Forget session…");
    await page.click("dialog button[value=yes]");
    await page.waitForSelector(".projects .item");
    expect(await page.locator(".projects .row-title").allTextContents()).toEqual(["shop", "blog", "infra"]);

    await page.goto(`${viewer.origin}/project/${projectKey(BLOG)}`);
    await page.waitForSelector(".chart");
    await page.click("text=Forget project…");
    await page.click("dialog button[value=yes]");
    await page.waitForSelector(".projects .item");
    expect(await page.locator(".projects .row-title").allTextContents()).toEqual(["shop", "infra"]);
    await page.close();
  });

  test("no console errors and no CSP violations on any page", () => {
    expect(errors).toEqual([]);
  });
});
