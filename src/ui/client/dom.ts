// Building the page: elements from data, text always as text (never parsed as HTML).

type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";
export function svg(tag: string, attrs: Attrs = {}, ...children: (Child | Child[])[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else if (k === "class") el.setAttribute("class", String(v));
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

/** Text with the search hits (between open and close markers) in <mark>. */
export function highlighted(text: string, open: string, close: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  let rest = text;
  for (;;) {
    const a = rest.indexOf(open);
    if (a < 0) break;
    const b = rest.indexOf(close, a + 1);
    if (b < 0) break;
    if (a > 0) frag.append(rest.slice(0, a));
    frag.append(h("mark", {}, rest.slice(a + open.length, b)));
    rest = rest.slice(b + close.length);
  }
  if (rest) frag.append(rest.replaceAll(open, "").replaceAll(close, ""));
  return frag;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Local calendar day of an ISO time: `2026-11-20`. */
export function localDay(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `2026-11-20 14:05`, local time. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${localDay(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 90) return "just now";
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129600) return `${Math.round(s / 3600)} h ago`;
  if (s < 86400 * 45) return `${Math.round(s / 86400)} days ago`;
  return localDay(iso);
}

export const plural = (n: number, one: string, many = one + "s") => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export const shortId = (id: string) => id.slice(0, 8);

/** A link the page routes itself (no reload). */
export function navLink(href: string, attrs: Attrs, ...children: (Child | Child[])[]): HTMLAnchorElement {
  return h("a", { href, "data-nav": "", ...attrs }, ...children);
}
