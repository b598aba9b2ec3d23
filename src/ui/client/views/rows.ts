// One session in a list (a project's timeline, search results).
import { HIT_CLOSE, HIT_OPEN, type SearchItem, type SessionItem } from "../../types.ts";
import { seg } from "../api.ts";
import { h, highlighted, localTime, navLink, plural, shortId } from "../dom.ts";

export function sessionRow(s: SessionItem | SearchItem, opts: { showProject?: boolean } = {}): HTMLElement {
  const snippet = "snippet" in s && s.snippet ? h("span", { class: "snippet" }, highlighted(s.snippet.replace(/\s+/g, " "), HIT_OPEN, HIT_CLOSE)) : null;
  const project = opts.showProject ? h("span", { class: "chip" }, s.project.split("/").filter(Boolean).at(-1) ?? s.project) : null;
  return h(
    "li",
    {},
    navLink(
      `/session/${seg(s.session_id)}`,
      { class: "item row", "data-id": s.session_id },
      h("span", { class: "row-main" }, h("span", { class: "row-title" }, s.working_on || "(no task recorded)"), snippet),
      h(
        "span",
        { class: "row-side" },
        project,
        s.git_branch ? h("span", { class: "chip mono" }, s.git_branch) : null,
        h("span", { class: "muted" }, plural(s.turn_count, "turn")),
        h("time", { datetime: s.updated_at, class: "mono" }, localTime(s.updated_at).slice(11)),
        h("span", { class: "mono muted" }, shortId(s.session_id)),
      ),
    ),
  );
}
