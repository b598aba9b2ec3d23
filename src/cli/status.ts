// `session-recorder status`: what is stored, where, and how the hooks have been doing.
import { existsSync, readFileSync } from "node:fs";
import { defineStoreCommand } from "./runtime.ts";
import { dirBytes } from "../context/write.ts";
import { formatBytes } from "../context/markdown.ts";
import type { HookRun } from "../store/sessions.ts";
import { bold, dim, shortTime } from "./format.ts";

export const statusCommand = defineStoreCommand({
  meta: { name: "status", description: "Sessions stored, storage used, recent hook runs and their timings, recent errors" },
  args: { json: { type: "boolean", description: "Print JSON" } },
  run({ args }, rt) {
    const store = rt.store();
    const runs = store.recentHookRuns(200);
    const injected = runs.filter((r) => r.chars != null).slice(0, 10);
    const status = {
      data_dir: rt.paths.dataDir,
      sessions: store.count(),
      projects: store.projectCount(),
      storage_bytes: dirBytes(rt.paths.dataDir),
      archive: { exchanges: store.exchangeCount(), chars: store.archiveChars() },
      full_text_search: store.fts,
      hook_timings_ms: timings(runs),
      recent_hook_runs: runs.slice(0, 10),
      recent_injections: injected.map((r) => ({ at: r.at, session_id: r.session_id, chars: r.chars, est_tokens: Math.ceil((r.chars ?? 0) / 4) })),
      recent_errors: recentErrors(rt.paths.log, 5),
      config_errors: rt.configErrors,
    };
    if (args.json) return void console.log(JSON.stringify(status, null, 2));
    const row = (k: string, v: string) => console.log(`${bold(k.padEnd(18))} ${v}`);
    row("data dir", status.data_dir);
    row("sessions", `${status.sessions} in ${status.projects} project${status.projects === 1 ? "" : "s"}`);
    row("storage", formatBytes(status.storage_bytes));
    row("archive", `${status.archive.exchanges} exchanges, ${formatBytes(status.archive.chars)} of redacted text`);
    row("search", status.full_text_search ? "full-text index (FTS5)" : "scan (this SQLite has no FTS5)");
    for (const [event, t] of Object.entries(status.hook_timings_ms))
      row(`hook ${event}`, `median ${t.median} ms, max ${t.max} ms over ${t.runs} runs${t.failed ? `, ${t.failed} failed` : ""}`);
    if (injected.length) {
      const avg = Math.round(injected.reduce((a, r) => a + (r.chars ?? 0), 0) / injected.length);
      row("injected", `last ${injected[0]!.chars} chars (~${Math.ceil((injected[0]!.chars ?? 0) / 4)} tokens); average of ${injected.length}: ${avg} chars`);
    }
    if (!runs.length) console.log(dim("no hook has run yet: is the plugin installed? (session-recorder doctor)"));
    for (const e of status.recent_errors) console.log(`${bold("error".padEnd(18))} ${e}`);
    for (const e of status.config_errors) console.log(`${bold("config".padEnd(18))} ${e}`);
  },
});

function timings(runs: HookRun[]): Record<string, { runs: number; median: number; max: number; failed: number }> {
  const by = new Map<string, HookRun[]>();
  for (const r of runs) by.set(r.event, [...(by.get(r.event) ?? []), r]);
  return Object.fromEntries(
    [...by].map(([event, rs]) => {
      const ms = rs.map((r) => r.ms).sort((a, b) => a - b);
      return [
        event,
        { runs: rs.length, median: +ms[Math.floor(ms.length / 2)]!.toFixed(1), max: +ms.at(-1)!.toFixed(1), failed: rs.filter((r) => !r.ok).length },
      ];
    }),
  );
}

/** The last warnings and errors of the log, one line each. */
function recentErrors(log: string, n: number): string[] {
  if (!existsSync(log)) return [];
  const lines = readFileSync(log, "utf8").trimEnd().split("\n").slice(-500);
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < n; i--) {
    try {
      const e = JSON.parse(lines[i]!);
      if (e.level === "error" || e.level === "warn") out.push(`${shortTime(e.at)} ${e.message}`);
    } catch {}
  }
  return out;
}
