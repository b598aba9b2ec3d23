// The viewer's page: a tiny router over /, /?q=, /project/<key>, /session/<id>,
// the search box, and the shell every view renders into.
import { h } from "./dom.ts";
import type { Shell } from "./shell.ts";
import { installKeys, resetSelection } from "./keys.ts";
import { renderHome } from "./views/home.ts";
import { renderProject } from "./views/project.ts";
import { renderSession } from "./views/session.ts";
import { renderSearch } from "./views/search.ts";
import { installThemeToggle } from "./theme-toggle.ts";

export type Route = { view: "home" } | { view: "search"; q: string } | { view: "project"; key: string; day: string | null } | { view: "session"; id: string };

const main = document.getElementById("main")!;
const crumbsEl = document.getElementById("crumbs")!;
const search = document.getElementById("q") as HTMLInputElement;
let current: AbortController | null = null;

export function parseRoute(loc: { pathname: string; search: string }): Route {
  const params = new URLSearchParams(loc.search);
  const [, kind, arg] = loc.pathname.split("/");
  if (kind === "project" && arg) return { view: "project", key: decodeURIComponent(arg), day: params.get("day") };
  if (kind === "session" && arg) return { view: "session", id: decodeURIComponent(arg) };
  const q = params.get("q")?.trim();
  return q ? { view: "search", q } : { view: "home" };
}

function go(href: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  void render();
}

function crumbs(items: { label: string; href?: string }[]): void {
  crumbsEl.replaceChildren(
    ...items
      .flatMap((c, i) => [i ? h("span", { class: "sep" }, "/") : null, c.href ? h("a", { href: c.href, "data-nav": "" }, c.label) : h("span", {}, c.label)])
      .filter((x) => x !== null),
  );
}

async function render(): Promise<void> {
  current?.abort();
  const ctl = new AbortController();
  current = ctl;
  const route = parseRoute(location);
  if (route.view === "search") {
    if (document.activeElement !== search) search.value = route.q;
  } else if (document.activeElement !== search) search.value = "";
  const shell: Shell = { main, signal: ctl.signal, go, crumbs };
  main.setAttribute("aria-busy", "true");
  try {
    if (route.view === "home") await renderHome(shell);
    else if (route.view === "search") await renderSearch(shell, route.q);
    else if (route.view === "project") await renderProject(shell, route.key, route.day);
    else await renderSession(shell, route.id);
    if (ctl.signal.aborted) return;
    main.dataset.view = route.view;
    resetSelection();
  } catch (err) {
    if (ctl.signal.aborted) return;
    crumbs([]);
    main.replaceChildren(
      h(
        "section",
        { class: "view" },
        h("p", { class: "error" }, (err as Error).message),
        h("p", {}, h("a", { href: "/", "data-nav": "" }, "Back to the projects")),
      ),
    );
    main.dataset.view = "error";
  } finally {
    if (current === ctl) main.removeAttribute("aria-busy");
  }
}

// Search as you type: every keystroke replaces the last request (no debounce: a search takes milliseconds).
search.addEventListener("input", () => {
  const q = search.value.trim();
  const onSearch = parseRoute(location).view === "search";
  if (q) go(`/?q=${encodeURIComponent(q)}`, { replace: onSearch });
  else if (onSearch) go("/", { replace: true });
});

document.addEventListener("click", (e) => {
  const a = (e.target as Element).closest?.("a[data-nav]") as HTMLAnchorElement | null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  go(a.getAttribute("href")!);
});

window.addEventListener("popstate", () => void render());

installKeys({
  search,
  back() {
    const r = parseRoute(location);
    if (r.view === "session") {
      const up = main.querySelector<HTMLAnchorElement>("a[data-up]");
      go(up?.getAttribute("href") ?? "/");
    } else if (r.view === "project" && r.day) go(`/project/${encodeURIComponent(r.key)}`);
    else if (r.view !== "home") go("/");
  },
});
installThemeToggle(document.getElementById("theme") as HTMLButtonElement);
void render().then(() => performance.mark("sr:first-render"));
