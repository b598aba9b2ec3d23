// The progress line of `backfill` on a terminal (stderr): one line redrawn in place at
// most 10 times a second, replaced at the end by the summary, so that nothing of it
// is left behind. Off a terminal nothing is drawn at all.
import type { Progress } from "../backfill/run.ts";

export interface Output {
  write(s: string): unknown;
  columns?: number;
}

const REDRAW_MS = 100;
const BAR = 20;

export class ProgressLine {
  private latest: Progress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  private drawn = false;
  private lastDraw = -Infinity;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly started = performance.now();

  constructor(
    private readonly out: Output,
    private readonly color: boolean,
  ) {}

  update(p: Progress): void {
    this.latest = p;
    // Redrawn by the clock too, so rate and ETA move while one big transcript is read.
    this.timer ??= setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref?.();
    if (performance.now() - this.lastDraw >= REDRAW_MS) this.draw();
  }

  /** A line above the progress line (a skipped transcript). */
  note(line: string): void {
    this.out.write(`${this.drawn ? "\r\x1b[K" : ""}${line}\n`);
    this.drawn = false;
    this.draw();
  }

  /** Stop redrawing and leave the cursor at the start of a clean line. */
  end(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.out.write("\r\x1b[K");
    this.drawn = false;
  }

  private draw(): void {
    const p = this.latest;
    if (!p.filesTotal) return;
    this.lastDraw = performance.now();
    const line = renderProgress(p, (this.lastDraw - this.started) / 1000, this.color, (this.out.columns || 80) - 1);
    this.out.write(`\r${line}\x1b[K`);
    this.drawn = true;
  }
}

/** `[#####-----]  812/2000 files  412/1024 MB  205 MB/s  ETA 3 s`, cut to `width` visible columns. */
export function renderProgress(p: Progress, seconds: number, color: boolean, width: number): string {
  const frac = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : p.filesTotal > 0 ? Math.min(1, p.filesDone / p.filesTotal) : 0;
  const full = Math.round(frac * BAR);
  const bar = "█".repeat(full) + "░".repeat(BAR - full);
  const rate = seconds > 0.2 ? p.bytesDone / 1048576 / seconds : 0;
  const left = Math.max(0, p.bytesTotal - p.bytesDone) / 1048576;
  const eta = rate > 0 && p.bytesDone > 0 ? `ETA ${duration(left / rate)}` : "ETA …";
  const parts = [
    `${String(Math.min(p.filesDone, p.filesTotal)).padStart(String(p.filesTotal).length)}/${p.filesTotal} files`,
    `${mb(Math.min(p.bytesDone, p.bytesTotal))}/${mb(p.bytesTotal)} MB`,
    `${rate.toFixed(0)} MB/s`,
    eta,
  ];
  // Drop fields from the right rather than wrap: a wrapped line cannot be redrawn in place.
  let text = parts.join("  ");
  while (parts.length > 1 && text.length + BAR + 1 > width) {
    parts.pop();
    text = parts.join("  ");
  }
  const barText = color ? `\x1b[36m${bar}\x1b[0m` : bar;
  return BAR + 1 + text.length <= width ? `${barText} ${text}` : text.slice(0, Math.max(0, width));
}

export function mb(bytes: number): string {
  const m = bytes / 1048576;
  return m < 10 ? m.toFixed(1) : m.toFixed(0);
}

export function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
