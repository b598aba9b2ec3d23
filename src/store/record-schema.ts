// The session record as data crossing the edge (import files): validated strictly
// enough that nothing malformed reaches the store, leniently enough that records
// written by older versions (no `repo`) still import.
import { z } from "zod";
import { SESSION_ID } from "../hooks/input.ts";
import type { SessionRecord } from "../extract/record.ts";
import type { Exchange } from "../extract/exchanges.ts";

let schema: ReturnType<typeof build> | undefined;

function build() {
  const text = (max: number) => z.string().max(max);
  const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date");
  return z.object({
    session_id: z.string().regex(SESSION_ID, "not a plain session id"),
    // Records written before titles existed have none.
    title: z.string().max(2000).nullable().optional().transform((v) => v ?? null),
    timestamp: isoDate,
    turn_count: z.number().int().min(0),
    working_on: text(2000),
    last_user_request: text(10_000),
    last_assistant_response: text(10_000),
    decisions: z.array(text(2000)).max(200),
    files_modified: z.array(text(4096)).max(2000),
    topics: z.array(text(1000)).max(50),
    project: z.string().min(1).max(4096),
    repo: z.string().max(4096).optional(),
    cwd: z.string().max(4096),
    git_branch: z.string().max(500).nullable(),
    started_at: isoDate,
    updated_at: isoDate,
    todos: z.array(z.object({ content: text(2000), status: z.enum(["pending", "in_progress", "completed"]) })).max(200),
    compactions: z.number().int().min(0),
    compact_summary: text(50_000).nullable(),
    requests: z.array(text(10_000)).max(500),
    transcript_path: z.string().max(4096).nullable(),
    // The exchange archive travels with its record (exports from before it have none).
    exchanges: z
      .array(z.object({ seq: z.number().int().min(1), at: z.string().max(64), prompt: text(20_000), replies: z.array(text(20_000)).max(100), tools: z.array(text(2000)).max(200) }))
      .max(100_000)
      .optional(),
  });
}

export type ImportedRecord = SessionRecord & { exchanges?: Exchange[] };

export function parseRecord(value: unknown): { ok: true; record: ImportedRecord } | { ok: false; error: string } {
  schema ??= build();
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, record: r.data as ImportedRecord };
  const issue = r.error.issues[0]!;
  return { ok: false, error: `${issue.path.join(".") || "(record)"}: ${issue.message}` };
}
