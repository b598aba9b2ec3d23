// "More …": the next page of a list, appended in place. Lists never load everything.
import { h } from "./dom.ts";

export interface MoreOptions<T> {
  shown: number;
  /** Known total (projects, sessions), or only whether there is more (search). */
  total?: number;
  more?: boolean;
  noun: string;
  fetch(offset: number): Promise<{ items: T[]; total?: number; more?: boolean }>;
  append(items: T[]): void;
}

export function moreButton<T>(o: MoreOptions<T>): HTMLButtonElement | null {
  let offset = o.shown;
  let total = o.total;
  const hasMore = (more: boolean | undefined) => (total !== undefined ? offset < total : !!more);
  if (!hasMore(o.more)) return null;
  const label = () => (total !== undefined ? `More ${o.noun} (${(total - offset).toLocaleString("en")} left)` : `More ${o.noun}`);
  const button: HTMLButtonElement = h("button", {
    type: "button",
    class: "item more",
    onclick: async () => {
      button.disabled = true;
      try {
        const next = await o.fetch(offset);
        o.append(next.items);
        offset += next.items.length;
        if (next.total !== undefined) total = next.total;
        if (!next.items.length || !hasMore(next.more)) return void button.remove();
        button.textContent = label();
      } finally {
        button.disabled = false;
      }
    },
  });
  button.textContent = label();
  return button;
}
