// A small inline SVG of sessions per day: the last 26 weeks, one bar per day.
import { h, localDay, plural, svg } from "./dom.ts";

const DAYS = 182;
const W = 4; // bar width
const GAP = 1;
const HEIGHT = 56;

export function activityChart(days: { day: string; sessions: number }[], selected: string | null, onPick: (day: string) => void): HTMLElement {
  const counts = new Map(days.map((d) => [d.day, d.sessions]));
  const today = new Date();
  const span: string[] = [];
  for (let i = DAYS - 1; i >= 0; i--) span.push(localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - i)));
  const max = Math.max(1, ...span.map((d) => counts.get(d) ?? 0));
  const width = DAYS * (W + GAP);
  const bars = span.map((day, i) => {
    const n = counts.get(day) ?? 0;
    const hgt = n ? Math.max(3, Math.round((n / max) * (HEIGHT - 14))) : 1;
    return svg(
      "rect",
      {
        x: i * (W + GAP),
        y: HEIGHT - 12 - hgt,
        width: W,
        height: hgt,
        rx: 1,
        class: `bar${n ? " on" : ""}${day === selected ? " picked" : ""}`,
        "data-day": day,
        onclick: n ? () => onPick(day) : undefined,
      },
      svg("title", {}, `${day}: ${plural(n, "session")}`),
    );
  });
  // Month ticks under the first day of each month.
  const ticks = span.flatMap((day, i) =>
    day.endsWith("-01")
      ? [svg("text", { x: i * (W + GAP), y: HEIGHT - 1, class: "tick" }, new Date(day + "T12:00").toLocaleString("en", { month: "short" }))]
      : [],
  );
  const older = days.filter((d) => d.day < span[0]!).reduce((a, d) => a + d.sessions, 0);
  return h(
    "figure",
    { class: "chart" },
    svg("svg", { viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, role: "img", "aria-label": "Sessions per day, last 26 weeks" }, bars, ticks),
    h(
      "figcaption",
      { class: "muted" },
      `Sessions per day, last 26 weeks${older ? ` (${plural(older, "older session")} before)` : ""}. Click a day to list it.`,
    ),
  );
}
