// Terminal output helpers: colour only on a TTY and without NO_COLOR; widths for 80 columns.
export const useColor = () => !!process.stdout.isTTY && !process.env.NO_COLOR;
const wrap = (code: string) => (s: string) => (useColor() ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = wrap("1");
export const dim = wrap("2");
export const cyan = wrap("36");

/** Cut to `width` display characters with an ellipsis. */
export function fit(s: string, width: number): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length <= width ? flat.padEnd(width) : flat.slice(0, Math.max(0, width - 1)) + "…";
}

/** `2026-11-23T21:28:29.648Z` -> `2026-11-23 21:28`. */
export const shortTime = (iso: string) => iso.slice(0, 16).replace("T", " ");

/** `--since 7d`, `--since 12h`, or an ISO date -> ISO timestamp. Throws on anything else. */
export function parseSince(value: string, now = Date.now()): string {
  const rel = /^(\d+)\s*([mhdw])$/.exec(value.trim());
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[rel[2] as "m" | "h" | "d" | "w"];
    return new Date(now - Number(rel[1]) * unit).toISOString();
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`--since "${value}" is not a date or a duration like 7d, 12h, 30m, 2w`);
  return new Date(t).toISOString();
}
