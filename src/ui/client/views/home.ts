// The start page: every project, most recently active first, 50 at a time; then the
// latest sessions of all projects, 10 at a time.
import { PAGE_SIZE, type Page, type ProjectItem, type ProjectsResponse, type SessionItem } from "../../types.ts";
import { get, seg } from "../api.ts";
import { ago, h, localTime, navLink, plural } from "../dom.ts";
import type { Shell } from "../shell.ts";
import { moreButton } from "../more.ts";
import { sessionRow } from "./rows.ts";

const PAGE = PAGE_SIZE.projects;
const LATEST = PAGE_SIZE.latest;

export async function renderHome(shell: Shell): Promise<void> {
  const [data, latest] = await Promise.all([
    get<ProjectsResponse>("projects", { limit: PAGE }, shell.signal),
    get<Page<SessionItem>>("sessions", { limit: LATEST }, shell.signal),
  ]);
  shell.crumbs([]);
  document.title = "session-recorder";
  if (!data.total) {
    shell.main.replaceChildren(
      h(
        "section",
        { class: "view" },
        h("h1", {}, "No sessions recorded yet"),
        h(
          "p",
          { class: "muted" },
          "Sessions appear here once Claude Code has run with session-recorder. To index the sessions Claude Code already has: ",
          h("code", {}, "session-recorder backfill"),
          ".",
        ),
      ),
    );
    return;
  }
  const list = h("ol", { class: "list projects", "aria-label": "Projects" }, data.items.map(projectRow));
  const more = moreButton<ProjectItem>({
    shown: data.items.length,
    total: data.total,
    noun: "projects",
    fetch: (offset) => get<ProjectsResponse>("projects", { offset, limit: PAGE }, shell.signal),
    append: (items) => list.append(...items.map(projectRow)),
  });
  const recent = h(
    "ol",
    { class: "list latest", "aria-label": "Latest sessions" },
    latest.items.map((s) => sessionRow(s, { showProject: true })),
  );
  shell.main.replaceChildren(
    h(
      "section",
      { class: "view" },
      h(
        "div",
        { class: "view-head" },
        h("h1", {}, "Projects"),
        h("p", { class: "muted", id: "totals" }, `${plural(data.sessions, "session")} in ${plural(data.total, "project")}`),
      ),
      list,
      more,
      h("h2", { class: "section-title" }, "Latest sessions"),
      recent,
      moreButton<SessionItem>({
        shown: latest.items.length,
        total: latest.total,
        noun: "sessions",
        fetch: (offset) => get<Page<SessionItem>>("sessions", { offset, limit: LATEST }, shell.signal),
        append: (items) => recent.append(...items.map((s) => sessionRow(s, { showProject: true }))),
      }),
    ),
  );
}

function projectRow(p: ProjectItem): HTMLElement {
  return h(
    "li",
    {},
    navLink(
      `/project/${seg(p.key)}`,
      { class: "item row", "data-key": p.key },
      h("span", { class: "row-main" }, h("span", { class: "row-title" }, p.name), h("span", { class: "row-sub mono" }, p.project)),
      h(
        "span",
        { class: "row-side" },
        h("span", { class: "badge" }, plural(p.sessions, "session")),
        h("time", { datetime: p.last_activity, title: localTime(p.last_activity) }, ago(p.last_activity)),
      ),
    ),
  );
}
