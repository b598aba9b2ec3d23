// Hook stdin, validated at the edge. Unknown fields are tolerated (Claude Code adds
// new ones often); the ids we use to name things are checked strictly.
import { z } from "zod";
import { SESSION_ID } from "../record.ts";

let schema: ReturnType<typeof buildSchema> | undefined;
/** Texts (last_assistant_message, compact_summary) are cut here; we keep far less of them anyway. */
const MAX_TEXT = 1_000_000;

function buildSchema() {
  // One parse per process: zod's JIT-compiled parsers cost more to build than they save.
  z.config({ jitless: true });
  // Paths and texts are bounded: nothing legitimate is longer, and a 4 MB "path" must not reach the log or the record.
  // `.optional()` last: the fields stay optional in the derived type (the value is the same).
  const optStr = z
    .string()
    .nullish()
    .transform((v) => (v == null ? undefined : v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v))
    .optional();
  const optPath = z
    .string()
    .max(4096)
    .nullish()
    .transform((v) => v ?? undefined)
    .optional();
  return z.looseObject({
    session_id: z.string().regex(SESSION_ID, "session_id must be a plain id (letters, digits, . _ -)"),
    transcript_path: optPath,
    cwd: optPath,
    hook_event_name: optStr,
    source: optStr,
    trigger: optStr,
    reason: optStr,
    compact_summary: optStr,
    last_assistant_message: optStr,
    custom_instructions: optStr,
  });
}

export type HookInput = z.output<ReturnType<typeof buildSchema>>;

/** Building zod schemas costs milliseconds: once, and only when a hook runs. */
export function parseHookInput(raw: string): { ok: true; input: HookInput } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  } catch (err) {
    return { ok: false, error: `stdin is not JSON (${raw.length} bytes): ${(err as Error).message}` };
  }
  schema ??= buildSchema();
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `invalid hook input: ${issue?.path.join(".") || "(root)"}: ${issue?.message}` };
  }
  return { ok: true, input: parsed.data };
}
