// The markdown context files (`last-session.md`, `session-history.md`,
// `session-status.md`), for users who import them from CLAUDE.md. Pure.
import type { SessionRecord } from "../record.ts";
import type { HookRun } from "../store/sessions.ts";
import { inert, inertLine } from "./sanitize.ts";
import { short, stamp } from "./render.ts";

export function lastSessionMd(r: SessionRecord | null, maxFiles: number, maxDecisions: number): string {
  if (!r) return "# Last session\n\nNo session recorded yet.\n";
  const lines = [
    "# Last session",
    "",
    `Recorded by session-recorder: project \`${inertLine(r.project, 200)}\`${r.git_branch ? `, branch \`${inertLine(r.git_branch, 80)}\`` : ""}, ${r.turn_count} turns, ${stamp(r.started_at)} to ${stamp(r.updated_at)}, session ${r.session_id}.`,
    "",
    ...(r.title ? [`- **Title:** ${inertLine(r.title, 200)}`] : []),
    ...(r.working_on !== r.title ? [`- **Working on:** ${inertLine(r.working_on, 300) || "-"}`] : []),
    `- **Last request:** ${inertLine(r.last_user_request, 500) || "-"}`,
    `- **Last response:** ${inertLine(r.last_assistant_response, 500) || "-"}`,
  ];
  const open = r.todos.filter((t) => t.status !== "completed");
  if (open.length) lines.push("", "## Open todos", ...open.map((t) => `- [${t.status === "in_progress" ? "~" : " "}] ${inertLine(t.content, 160)}`));
  const decisions = r.decisions.slice(-maxDecisions);
  if (decisions.length) lines.push("", "## Decisions", ...decisions.map((d) => `- ${inertLine(d, 220)}`));
  const files = r.files_modified.slice(-maxFiles).reverse();
  if (files.length) lines.push("", "## Files modified", ...files.map((f) => `- \`${inertLine(f, 200)}\``));
  if (r.topics.length) lines.push("", "## Topics", ...r.topics.map((t) => `- ${inertLine(t, 100)}`));
  return lines.join("\n") + "\n";
}

export function historyMd(records: SessionRecord[]): string {
  const lines = [`# Session history (last ${records.length})`, ""];
  if (!records.length) lines.push("No session recorded yet.");
  for (const r of records) {
    lines.push(`## ${stamp(r.updated_at)} · ${inertLine(r.project, 120)} · ${short(r.session_id)}`);
    lines.push(
      `- **${r.title ? "Title" : "Working on"}:** ${inertLine(r.working_on, 200) || "-"} (${r.turn_count} turns${r.git_branch ? `, branch ${inertLine(r.git_branch, 60)}` : ""})`,
    );
    if (r.files_modified.length)
      lines.push(
        `- **Files:** ${r.files_modified
          .slice(-5)
          .reverse()
          .map((f) => inertLine(f, 100))
          .join(", ")}`,
      );
    if (r.decisions.length) lines.push(`- **Decision:** ${inertLine(r.decisions.at(-1), 200)}`);
    lines.push("");
  }
  return lines.join("\n");
}

export interface StatusFacts {
  sessions: number;
  projects: number;
  storageBytes: number;
  dataDir: string;
  runs: HookRun[];
}

export function statusMd(s: StatusFacts): string {
  const lines = [
    "# session-recorder status",
    "",
    `- Sessions stored: ${s.sessions} (in ${s.projects} project${s.projects === 1 ? "" : "s"})`,
    `- Storage used: ${formatBytes(s.storageBytes)} in \`${inert(s.dataDir, 300)}\``,
  ];
  if (s.runs.length) {
    lines.push("", "## Recent hook runs", "", "| when | hook | ms | ok |", "|---|---|---:|---|");
    for (const r of s.runs) lines.push(`| ${stamp(r.at)} | ${r.event} | ${r.ms.toFixed(1)} | ${r.ok ? "yes" : `no: ${inertLine(r.detail, 80)}`} |`);
  }
  return lines.join("\n") + "\n";
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
