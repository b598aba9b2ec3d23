// `export` and `import`: move memory between machines. Import validates every
// record before writing any, then merges by session id (the newest wins) in one
// transaction: a bad file changes nothing.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineStoreCommand } from "./runtime.ts";
import { findProject } from "../project.ts";
import { parseRecord, type ImportedRecord } from "../record.ts";
import type { Exchange } from "../extract/exchanges.ts";
import { lastSessionMd } from "../context/markdown.ts";
import { writeFileAtomic } from "../util/files.ts";
import { UserError } from "./errors.ts";
import { refreshContextFiles } from "../context/write.ts";

const FORMATS = ["json", "jsonl", "md"] as const;
type Format = (typeof FORMATS)[number];

export const exportCommand = defineStoreCommand({
  meta: { name: "export", description: "Write recorded sessions to stdout or a file (json, jsonl or md)" },
  args: {
    format: { type: "string", description: "json | jsonl | md (default json)", default: "json" },
    project: { type: "string", description: "Only this project (default: every project)" },
    out: { type: "string", description: "Write to this file (private, 0600) instead of stdout" },
  },
  run({ args }, rt) {
    if (!(FORMATS as readonly string[]).includes(args.format)) throw new UserError(`--format must be one of ${FORMATS.join(", ")}, not "${args.format}"`, 2);
    const project = args.project ? findProject(resolve(args.project)).project : undefined;
    const store = rt.store();
    // Oldest first: a stable, readable order. Each record carries its exchange archive.
    const records = store
      .recent({ project, limit: 1_000_000 })
      .reverse()
      .map((r) => ({ ...r, exchanges: store.exchanges(r.session_id, { limit: 1_000_000 }) }));
    const text = render(records, args.format as Format, rt.config.max_files_shown, rt.config.max_decisions);
    if (args.out) {
      writeFileAtomic(resolve(args.out), text);
      console.error(`exported ${records.length} session${records.length === 1 ? "" : "s"} to ${args.out}`);
    } else process.stdout.write(text);
  },
});

function render(records: ImportedRecord[], format: Format, maxFiles: number, maxDecisions: number): string {
  if (format === "json") return JSON.stringify(records, null, 2) + "\n";
  if (format === "jsonl") return records.map((r) => JSON.stringify(r) + "\n").join("");
  return records
    .map((r) => lastSessionMd(r, maxFiles, maxDecisions).replace(/^# Last session/, `# Session ${r.session_id}`) + exchangesMd(r.exchanges ?? []))
    .join("\n");
}

function exchangesMd(exchanges: Exchange[]): string {
  if (!exchanges.length) return "";
  const lines = ["", "## Exchanges"];
  for (const e of exchanges) {
    lines.push("", `### ${e.seq}. ${e.at}`, "", `**User:** ${e.prompt}`);
    for (const r of e.replies) lines.push("", `**Assistant:** ${r}`);
    if (e.tools.length) lines.push("", ...e.tools.map((t) => `- \`${t.replaceAll("`", "'")}\``));
  }
  return lines.join("\n") + "\n";
}

export const importCommand = defineStoreCommand({
  meta: { name: "import", description: "Merge sessions from an export (json or jsonl): by session id, the newest wins" },
  args: {
    file: { type: "positional", required: true, description: "A file written by `session-recorder export` (json or jsonl)" },
  },
  run({ args }, rt) {
    let text: string;
    try {
      text = readFileSync(resolve(args.file), "utf8");
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new UserError(`cannot read ${args.file}: ${e?.code === "ENOENT" ? "no such file" : e?.message}`);
    }
    const records = parseImport(text, args.file);
    const store = rt.store();
    let added = 0,
      updated = 0,
      kept = 0;
    store.transaction(() => {
      for (const r of records) {
        const existing = store.getSession(r.session_id);
        const { exchanges, ...record } = r;
        if (existing && r.updated_at <= existing.updated_at) {
          kept++;
          continue;
        }
        // The archive first: the record's index row takes the conversation from it.
        if (exchanges) store.replaceExchanges(record.session_id, exchanges);
        store.upsertRecord(record);
        existing ? updated++ : added++;
      }
    });
    refreshContextFiles(rt, [...new Set(records.map((r) => r.project))]);
    console.error(
      `imported ${records.length} record${records.length === 1 ? "" : "s"}: ${added} new, ${updated} updated, ${kept} kept (ours were newer or the same)`,
    );
  },
});

/** Every record validated before anything is written; the first bad one names its line and the reason. */
export function parseImport(text: string, name: string): ImportedRecord[] {
  const trimmed = text.trimStart();
  if (!trimmed) throw new UserError(`${name}: empty file, nothing imported`);
  const items: { value: unknown; line: number }[] = [];
  if (trimmed.startsWith("[")) {
    let values: unknown;
    try {
      values = JSON.parse(text);
    } catch (err) {
      throw new UserError(`${name}: not valid JSON (${(err as Error).message}); nothing imported`);
    }
    if (!Array.isArray(values)) throw new UserError(`${name}: expected an array of records; nothing imported`);
    for (const [i, value] of values.entries()) items.push({ value, line: i + 1 });
  } else {
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.trim()) continue;
      try {
        items.push({ value: JSON.parse(lines[i]!), line: i + 1 });
      } catch (err) {
        throw new UserError(`${name}:${i + 1}: not valid JSON (${(err as Error).message}); nothing imported`);
      }
    }
  }
  const label = trimmed.startsWith("[") ? "record" : "line";
  return items.map(({ value, line }) => {
    const r = parseRecord(value);
    if (!r.ok) throw new UserError(`${name}: ${label} ${line}: ${r.error}; nothing imported`);
    return r.record;
  });
}
