// A project: its activity chart, its sessions by day (50 at a time), what a new
// session here would be told, and forgetting it.
import { PAGE_SIZE, type Page, type ProjectResponse, type SessionItem } from "../../types.ts";
import { forget, get, seg } from "../api.ts";
import { h, localDay, localTime, plural } from "../dom.ts";
import { activityChart } from "../chart.ts";
import { confirmDialog } from "../confirm.ts";
import { moreButton } from "../more.ts";
import { sessionRow } from "./rows.ts";
import type { Shell } from "../shell.ts";

const PAGE = PAGE_SIZE.sessions;

export async function renderProject(shell: Shell, key: string, day: string | null): Promise<void> {
  const range = day && /^\d{4}-\d\d-\d\d$/.test(day) ? dayRange(day) : {};
  const tz = -new Date().getTimezoneOffset();
  const path = `projects/${seg(key)}`;
  const [p, first] = await Promise.all([
    get<ProjectResponse>(path, { tz }, shell.signal),
    get<Page<SessionItem>>(`${path}/sessions`, { limit: PAGE, ...range }, shell.signal),
  ]);
  document.title = `${p.name} · session-recorder`;
  shell.crumbs([{ label: "Projects", href: "/" }, { label: p.name }]);

  const list = h("div", { class: "timeline" });
  let lastDay = "";
  let group: HTMLElement | null = null;
  const append = (items: SessionItem[]) => {
    for (const s of items) {
      const d = localDay(s.updated_at);
      if (d !== lastDay || !group) {
        lastDay = d;
        group = h("ol", { class: "list" });
        list.append(h("h3", { class: "day" }, h("time", { datetime: d }, d)), group);
      }
      group.append(sessionRow(s));
    }
  };
  append(first.items);
  const more = moreButton<SessionItem>({
    shown: first.items.length,
    total: first.total,
    noun: "sessions",
    fetch: (offset) => get<Page<SessionItem>>(`${path}/sessions`, { offset, limit: PAGE, ...range }, shell.signal),
    append,
  });

  const here = `/project/${seg(key)}`;
  const filter = day
    ? h("p", { class: "filter" }, `${plural(first.total, "session")} on ${day}. `, h("a", { href: here, "data-nav": "" }, "Show every day"))
    : null;
  const forgetButton = h(
    "button",
    {
      type: "button",
      class: "btn danger",
      onclick: async () => {
        const ok = await confirmDialog(
          `Forget ${p.name}?`,
          `All ${plural(p.sessions, "session")} of ${p.project} will be deleted for good: records, search index, JSON files and their mentions in the context files. This cannot be undone.`,
          `Forget ${plural(p.sessions, "session")}`,
        );
        if (!ok) return;
        const res = await forget({ project_key: key });
        flash(`Forgot ${plural(res.deleted, "session")} of ${p.name}.`);
        shell.go("/", { replace: true });
      },
    },
    "Forget project…",
  );

  shell.main.replaceChildren(
    h(
      "section",
      { class: "view" },
      h(
        "div",
        { class: "view-head" },
        h("h1", {}, p.name),
        h("p", { class: "muted mono" }, p.project),
        h("p", { class: "muted" }, `${plural(p.sessions, "session")}, ${localTime(p.first_activity)} to ${localTime(p.last_activity)}`),
      ),
      activityChart(p.days, day, (d) => shell.go(`${here}?day=${d}`)),
      filter,
      list,
      more,
      h(
        "details",
        { class: "injected" },
        h("summary", {}, "What a new session here is told"),
        h("p", { class: "muted" }, "Exactly the context the SessionStart hook would inject at startup or after /clear in this project, now."),
        h("pre", { class: "inject" }, p.startup_context || "(nothing would be injected)"),
      ),
      h("div", { class: "danger-zone" }, forgetButton),
    ),
  );
}

/** A local calendar day as the ISO bounds the API filters on. */
function dayRange(day: string): { since: string; until: string } {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return { since: new Date(y, m - 1, d).toISOString(), until: new Date(y, m - 1, d + 1).toISOString() };
}

/** A short notice after a forget, shown on the next page. */
export function flash(text: string): void {
  const el = h("div", { class: "flash", role: "status" }, text);
  document.body.append(el);
  setTimeout(() => el.remove(), 4000);
}
