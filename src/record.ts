// The session record: what we store, show and export, and the shape an imported one must
// have. One zod schema; the TypeScript types are derived from it. Field names follow the
// original plugin's JSON so old tooling keeps working. Validation is strict enough that
// nothing malformed reaches the store, lenient enough that records written by older
// versions (no `repo`, no `title`, no exchanges) still import.
import { z } from "zod";

/** Session ids become file names: no `/`, no `..`, nothing but a plain token. */
export const SESSION_ID = /^(?!\.{1,2}$)[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `s` cut to `max` chars, the last one an ellipsis when anything was cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  // Never half a character: a cut after a high surrogate would leave a lone one (an emoji's first half).
  const end = max - 1 > 0 && (s.charCodeAt(max - 2) & 0xfc00) === 0xd800 ? max - 2 : max - 1;
  return s.slice(0, end) + "…";
}

export const TODO_STATUSES = ["pending", "in_progress", "completed"] as const;

// Built on first use: zod schemas cost milliseconds to build, and only imports need them.
function buildRecordSchema() {
  const text = (max: number) => z.string().max(max);
  const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date");
  return z.object({
    session_id: z.string().regex(SESSION_ID, "not a plain session id"),
    /** The name Claude Code gave the session: /rename, else generated, else an older version's summary. */
    title: z
      .string()
      .max(2000)
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    /** Same as updated_at; kept for parity with the original's records. */
    timestamp: isoDate,
    turn_count: z.number().int().min(0),
    working_on: text(2000),
    last_user_request: text(10_000),
    last_assistant_response: text(10_000),
    decisions: z.array(text(2000)).max(200),
    files_modified: z.array(text(4096)).max(2000),
    topics: z.array(text(1000)).max(50),
    project: z.string().min(1).max(4096),
    /** The repository's main work tree: shared by its worktrees (records before v0.2 may lack it). */
    repo: z.string().max(4096).optional(),
    cwd: z.string().max(4096),
    git_branch: z.string().max(500).nullable(),
    started_at: isoDate,
    updated_at: isoDate,
    todos: z.array(z.object({ content: text(2000), status: z.enum(TODO_STATUSES) })).max(200),
    compactions: z.number().int().min(0),
    compact_summary: text(50_000).nullable(),
    /** Recent real user requests, oldest first. */
    requests: z.array(text(10_000)).max(500),
    transcript_path: z.string().max(4096).nullable(),
  });
}

function buildImportSchema() {
  const text = (max: number) => z.string().max(max);
  return buildRecordSchema().extend({
    // The exchange archive travels with its record (exports from before it have none).
    exchanges: z
      .array(
        z.object({
          seq: z.number().int().min(1),
          at: z.string().max(64),
          prompt: text(20_000),
          replies: z.array(text(20_000)).max(100),
          tools: z.array(text(2000)).max(200),
        }),
      )
      .max(100_000)
      .optional(),
  });
}

export type SessionRecord = z.output<ReturnType<typeof buildRecordSchema>>;
export type Todo = SessionRecord["todos"][number];
/** A record as an export file carries it: with its exchange archive, when it has one. */
export type ImportedRecord = z.output<ReturnType<typeof buildImportSchema>>;

let importSchema: ReturnType<typeof buildImportSchema> | undefined;

export function parseRecord(value: unknown): { ok: true; record: ImportedRecord } | { ok: false; error: string } {
  importSchema ??= buildImportSchema();
  const r = importSchema.safeParse(value);
  if (r.success) return { ok: true, record: r.data };
  const issue = r.error.issues[0]!;
  return { ok: false, error: `${issue.path.join(".") || "(record)"}: ${issue.message}` };
}
