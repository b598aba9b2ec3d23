// The first data a page will ask for, announced in its HTML (<link rel="preload">): the
// browser fetches it while the script still loads, and the script's fetch() picks it up.
// The URLs must be exactly the ones the page builds (src/ui/client/views/).
import { PAGE_SIZE } from "./types.ts";

export function preloads(url: URL): string[] {
  const [, kind, arg] = url.pathname.split("/");
  const seg = (s: string) => encodeURIComponent(safeDecode(s));
  if (kind === "project" && arg && !url.searchParams.get("day"))
    return [`/api/projects/${seg(arg)}/sessions?${new URLSearchParams({ limit: String(PAGE_SIZE.sessions) })}`];
  if (kind === "session" && arg) return [`/api/sessions/${seg(arg)}`];
  if (kind) return [];
  const q = url.searchParams.get("q")?.trim();
  if (q) return [`/api/search?${new URLSearchParams({ q, limit: String(PAGE_SIZE.search) })}`];
  return [`/api/projects?limit=${PAGE_SIZE.projects}`, `/api/sessions?limit=${PAGE_SIZE.latest}`];
}

/** The page's HTML with the preload links at the end of <head>. */
export function withPreloads(html: string, urls: string[]): string {
  const links = urls.map((u) => `<link rel="preload" href="${u.replaceAll("&", "&amp;").replaceAll('"', "%22")}" as="fetch" crossorigin>\n`).join("");
  return html.replace("</head>", `${links}</head>`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
