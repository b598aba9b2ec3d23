// One session: what was recorded, and exactly what Claude would be told about it.
// The page is a list of sections; the exchange archive, once it exists, is one more.
import type { ExchangesResponse, ExchangeView, SessionRecordView, SessionResponse, Todo } from "../../types.ts";
import { moreButton } from "../more.ts";
import { forget, get, seg } from "../api.ts";
import { h, localTime, navLink, plural } from "../dom.ts";
import { confirmDialog } from "../confirm.ts";
import { flash } from "./project.ts";
import type { Shell } from "../shell.ts";

interface Section {
  id: string;
  title: string;
  body(r: SessionRecordView, res: SessionResponse): Node | null;
}

const FILES_SHOWN = 40;

const SECTIONS: Section[] = [
  { id: "task", title: "Task", body: (r) => (r.working_on ? h("p", { class: "lead" }, r.working_on) : null) },
  {
    id: "requests",
    title: "Requests",
    body: (r) =>
      r.requests.length
        ? h(
            "ol",
            { class: "plain numbered" },
            r.requests.map((q) => h("li", { class: "pre-line" }, q)),
          )
        : null,
  },
  { id: "last-response", title: "Last response", body: (r) => (r.last_assistant_response ? h("p", { class: "pre-line" }, r.last_assistant_response) : null) },
  {
    id: "decisions",
    title: "Decisions",
    body: (r) =>
      r.decisions.length
        ? h(
            "ul",
            { class: "plain" },
            r.decisions.map((d) => h("li", {}, d)),
          )
        : null,
  },
  { id: "todos", title: "Todos", body: (r) => (r.todos.length ? h("ul", { class: "plain todos" }, r.todos.map(todo)) : null) },
  { id: "files", title: "Files modified", body: (r) => files(r.files_modified) },
  { id: "summary", title: "Compaction summary", body: (r) => (r.compact_summary ? h("pre", { class: "summary" }, r.compact_summary) : null) },
  { id: "exchanges", title: "Exchanges", body: (r) => exchanges(r.session_id) },
  { id: "injected", title: "What Claude is told", body: (_r, res) => injected(res) },
];

export async function renderSession(shell: Shell, id: string): Promise<void> {
  const res = await get<SessionResponse>(`sessions/${seg(id)}`, {}, shell.signal);
  const r = res.record;
  const name = r.project.split("/").filter(Boolean).at(-1) ?? r.project;
  const projectHref = `/project/${seg(res.project_key)}`;
  const heading = r.title || r.working_on || r.last_user_request || "(no task recorded)";
  document.title = `${heading.slice(0, 60)} · session-recorder`;
  shell.crumbs([{ label: "Projects", href: "/" }, { label: name, href: projectHref }, { label: r.session_id.slice(0, 8) }]);

  const forgetButton = h(
    "button",
    {
      type: "button",
      class: "btn danger",
      onclick: async () => {
        if (
          !(await confirmDialog(
            "Forget this session?",
            `Session ${r.session_id} (${heading}) will be deleted for good: its record, search index entry, JSON file and its mentions in the context files. This cannot be undone.`,
            "Forget session",
          ))
        )
          return;
        const done = await forget({ session_id: r.session_id });
        flash("Session forgotten.");
        // Back to its project, unless that was its last session.
        shell.go(done.left_in_project ? projectHref : "/", { replace: true });
      },
    },
    "Forget session…",
  );

  const sections = SECTIONS.map((s) => [s, s.body(r, res)] as const).filter(([, body]) => body !== null);
  shell.main.replaceChildren(
    h(
      "article",
      { class: "view session", "data-id": r.session_id },
      h(
        "div",
        { class: "view-head" },
        h("h1", {}, heading),
        h(
          "p",
          { class: "facts muted" },
          navLink(projectHref, { "data-up": "" }, name),
          r.git_branch ? h("span", { class: "chip mono" }, r.git_branch) : null,
          h("span", {}, `${localTime(r.started_at)} → ${localTime(r.updated_at)}`),
          h("span", {}, plural(r.turn_count, "turn")),
          r.compactions ? h("span", {}, plural(r.compactions, "compaction")) : null,
          h("span", { class: "mono" }, r.session_id),
        ),
      ),
      h(
        "nav",
        { class: "toc" },
        sections.map(([s]) => h("a", { href: `#${s.id}` }, s.title)),
      ),
      sections.map(([s, body]) => h("section", { id: s.id, class: "block" }, h("h2", {}, s.title), body)),
      h("div", { class: "danger-zone" }, forgetButton),
    ),
  );
}

function todo(t: Todo): HTMLElement {
  const mark = t.status === "completed" ? "✓" : t.status === "in_progress" ? "◐" : "○";
  return h("li", { class: `todo ${t.status}` }, h("span", { class: "mark", "aria-label": t.status.replace("_", " ") }, mark), t.content);
}

const EXCHANGES_PAGE = 20;

/** The archived turns, loaded after the page (a long session has hundreds), a page at a time. */
function exchanges(id: string): Node {
  const list = h("ol", { class: "plain exchanges" });
  const box = h("div", {}, h("p", { class: "muted" }, "Loading…"), list);
  void get<ExchangesResponse>(`sessions/${seg(id)}/exchanges`, { offset: 0, limit: EXCHANGES_PAGE }).then((page) => {
    box.firstChild?.replaceWith(
      h(
        "p",
        { class: "muted" },
        page.total
          ? `${plural(page.total, "turn")}, as archived (redacted).`
          : "No turns archived for this session (recorded before the archive existed; `session-recorder backfill` fills it while its transcript exists).",
      ),
    );
    list.append(...page.items.map(turn));
    const more = moreButton<ExchangeView>({
      shown: page.items.length,
      total: page.total,
      noun: "turns",
      fetch: (offset) => get<ExchangesResponse>(`sessions/${seg(id)}/exchanges`, { offset, limit: EXCHANGES_PAGE }),
      append: (items) => list.append(...items.map(turn)),
    });
    if (more) box.append(more);
  });
  return box;
}

function turn(e: ExchangeView): HTMLElement {
  return h(
    "li",
    { class: "turn", id: `turn-${e.seq}` },
    h("p", { class: "muted" }, `#${e.seq} · ${localTime(e.at)}`),
    h("p", { class: "pre-line user" }, e.prompt),
    e.tools.length
      ? h(
          "ul",
          { class: "plain mono tools" },
          e.tools.map((t) => h("li", {}, t)),
        )
      : null,
    ...e.replies.map((r) => h("p", { class: "pre-line reply" }, r)),
  );
}

function files(all: string[]): Node | null {
  if (!all.length) return null;
  const newest = [...all].reverse();
  const list = h(
    "ul",
    { class: "plain mono files" },
    newest.slice(0, FILES_SHOWN).map((f) => h("li", {}, f)),
  );
  if (newest.length <= FILES_SHOWN) return list;
  const rest: HTMLButtonElement = h(
    "button",
    { type: "button", class: "btn", onclick: () => (list.append(...newest.slice(FILES_SHOWN).map((f) => h("li", {}, f))), rest.remove()) },
    `Show all ${newest.length}`,
  );
  return h("div", {}, h("p", { class: "muted" }, "Newest first."), list, rest);
}

function injected(res: SessionResponse): Node {
  const pane = (label: string, text: string, note: string) =>
    h(
      "details",
      { class: "injected", open: label === "After a compaction" },
      h("summary", {}, label),
      h("p", { class: "muted" }, note),
      h("pre", { class: "inject" }, text || "(nothing would be injected)"),
    );
  return h(
    "div",
    {},
    pane("After a compaction", res.injected.compact, "The additionalContext SessionStart(compact) would inject for this session now, character for character."),
    pane("On --resume", res.injected.resume, "What SessionStart(resume) would inject: a pointer, since Claude Code replays the conversation itself."),
  );
}
