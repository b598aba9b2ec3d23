// Search results as you type, with the matched words highlighted; 20 at a time.
import { PAGE_SIZE, type SearchItem, type SearchResponse } from "../../types.ts";
import { get } from "../api.ts";
import { h } from "../dom.ts";
import { moreButton } from "../more.ts";
import { sessionRow } from "./rows.ts";
import type { Shell } from "../shell.ts";

const PAGE = PAGE_SIZE.search;

export async function renderSearch(shell: Shell, q: string): Promise<void> {
  const res = await get<SearchResponse>("search", { q, limit: PAGE }, shell.signal);
  if (shell.signal.aborted) return;
  document.title = `${q} · session-recorder`;
  shell.crumbs([{ label: "Projects", href: "/" }, { label: `Search: ${q}` }]);
  const list = h(
    "ol",
    { class: "list results", "aria-label": "Search results" },
    res.items.map((s) => sessionRow(s, { showProject: true })),
  );
  const more = moreButton<SearchItem>({
    shown: res.items.length,
    more: res.more,
    noun: "results",
    fetch: (offset) => get<SearchResponse>("search", { q, offset, limit: PAGE }, shell.signal),
    append: (items) => list.append(...items.map((s) => sessionRow(s, { showProject: true }))),
  });
  shell.main.replaceChildren(
    h(
      "section",
      { class: "view", "data-query": q },
      h(
        "div",
        { class: "view-head" },
        h("h1", {}, "Search"),
        h("p", { class: "muted" }, res.items.length ? `Best matches for “${q}”, over every project` : `No session matches “${q}”.`),
      ),
      res.items.length ? list : null,
      more,
    ),
  );
}
