// Hook stdin, validated at the edge. Unknown fields are tolerated (Claude Code adds
// new ones often); the ids we use to name things are checked strictly.
import { z } from "zod";

/** Session ids become file names: no `/`, no `..`, nothing but a plain token. */
export const SESSION_ID = /^(?!\.{1,2}$)[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const HOOK_EVENTS = ["session-start", "stop", "pre-compact", "post-compact", "session-end"] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

let schema: ReturnType<typeof buildSchema> | undefined;
/** Texts (last_assistant_message, compact_summary) are cut here; we keep far less of them anyway. */
const MAX_TEXT = 1_000_000;

function buildSchema() {
  // One parse per process: zod's JIT-compiled parsers cost more to build than they save.
  z.config({ jitless: true });
  // Paths and texts are bounded: nothing legitimate is longer, and a 4 MB "path" must not reach the log or the record.
  const optStr = z.string().nullish().transform((v) => (v == null ? undefined : v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v));
  const optPath = z.string().max(4096).nullish().transform((v) => v ?? undefined);
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

export interface HookInput {
  session_id: string;
  transcript_path?: string;
  cwd?: string;
  hook_event_name?: string;
  source?: string;
  trigger?: string;
  reason?: string;
  compact_summary?: string;
  last_assistant_message?: string;
  custom_instructions?: string;
}

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
  return { ok: true, input: parsed.data as HookInput };
}
