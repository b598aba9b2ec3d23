// Keyboard: / search, j/k or arrows move through the list, Enter opens, Esc goes back.
let selected = -1;

const items = () => Array.from(document.querySelectorAll<HTMLElement>("#main .item"));

export function resetSelection(): void {
  selected = -1;
}

function select(i: number): void {
  const all = items();
  if (!all.length) return;
  selected = Math.max(0, Math.min(all.length - 1, i));
  all.forEach((el, n) => {
    el.classList.toggle("sel", n === selected);
  });
  const el = all[selected]!;
  el.scrollIntoView({ block: "nearest" });
  el.focus({ preventScroll: true });
}

export function installKeys(opts: { search: HTMLInputElement; back(): void }): void {
  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey) return;
    if (document.querySelector("dialog[open]")) return; // the dialog has its own keys
    const target = e.target as HTMLElement;
    if (target === opts.search) {
      if (e.key === "Escape") {
        e.preventDefault();
        if (opts.search.value) {
          opts.search.value = "";
          opts.search.dispatchEvent(new Event("input"));
        }
        opts.search.blur();
      } else if (e.key === "ArrowDown" || e.key === "Enter") {
        e.preventDefault();
        opts.search.blur();
        if (e.key === "Enter" && items().length) items()[0]!.click();
        else select(0);
      }
      return;
    }
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    const all = items();
    // Where focus sits on an item (Tab, a click), moving continues from there.
    const focused = all.indexOf(target);
    if (focused >= 0) selected = focused;
    switch (e.key) {
      case "/":
        e.preventDefault();
        opts.search.focus();
        opts.search.select();
        break;
      case "j":
      case "ArrowDown":
        e.preventDefault();
        select(selected + 1);
        break;
      case "k":
      case "ArrowUp":
        e.preventDefault();
        select(selected < 0 ? 0 : selected - 1);
        break;
      case "Enter":
        if (selected >= 0 && all[selected] && focused < 0) {
          e.preventDefault();
          all[selected]!.click();
        }
        break;
      case "Escape":
        e.preventDefault();
        opts.back();
        break;
    }
  });
}
