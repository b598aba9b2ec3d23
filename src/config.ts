// User config: `<data dir>/config.json`, validated key by key so one bad value
// costs only that value (it falls back to its default and is reported), never a hook.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { compileUserPatterns, type UserPatternSpec } from "./privacy/redact.ts";
import { CONTEXT_HARD_CAP } from "./claude.ts";

const FIELDS = {
  max_sessions: {
    schema: () => z.number().int().min(1).max(1_000_000),
    default: 2000 as number,
    doc: "Sessions kept in the store; the oldest are pruned (the live session never is).",
  },
  max_decisions: { schema: () => z.number().int().min(0).max(100), default: 5 as number, doc: "Decisions kept per session." },
  max_files_shown: { schema: () => z.number().int().min(0).max(500), default: 10 as number, doc: "Modified files listed in context." },
  related_sessions_limit: {
    schema: () => z.number().int().min(0).max(20),
    default: 3 as number,
    doc: "Related past sessions of the project shown at startup.",
  },
  verbose_logging: { schema: () => z.boolean(), default: false as boolean, doc: "Debug lines in the log file (and on stderr)." },
  context_max_chars: {
    schema: () => z.number().int().min(500).max(CONTEXT_HARD_CAP),
    default: 6000 as number,
    doc: `Size budget of injected context (hard cap ${CONTEXT_HARD_CAP}).`,
  },
  history_sessions: { schema: () => z.number().int().min(1).max(100), default: 10 as number, doc: "Sessions listed in session-history.md." },
  redact_patterns: {
    schema: () =>
      z
        .array(z.object({ kind: z.string(), regex: z.string(), flags: z.string().optional() }))
        .max(100)
        .superRefine((list, ctx) => {
          for (const e of compileUserPatterns(list).errors) ctx.addIssue({ code: "custom", message: e });
        }),
    default: [] as UserPatternSpec[],
    doc: "Extra secret patterns: [{kind, regex, flags?}]; a group named `secret` limits what is replaced.",
  },
  redact_disable: {
    schema: () => z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).max(100),
    default: [] as string[],
    doc: "Built-in pattern kinds to switch off (redaction itself cannot be switched off).",
  },
} as const;

type Fields = typeof FIELDS;
export type Config = { -readonly [K in keyof Fields]: Fields[K]["default"] };
export type ConfigKey = keyof Config;
export type Source = "default" | "config.json";

export interface LoadedConfig {
  config: Config;
  sources: Record<ConfigKey, Source>;
  /** One line per problem; empty when the file is valid (or absent). */
  errors: string[];
  path: string;
}

export const CONFIG_KEYS = Object.keys(FIELDS) as ConfigKey[];
export const configDoc = (key: ConfigKey) => FIELDS[key].doc;

export function defaultConfig(): Config {
  return Object.fromEntries(CONFIG_KEYS.map((k) => [k, structuredClone(FIELDS[k].default)])) as Config;
}

export function loadConfig(path: string): LoadedConfig {
  const config = defaultConfig();
  const sources = Object.fromEntries(CONFIG_KEYS.map((k) => [k, "default"])) as Record<ConfigKey, Source>;
  const errors: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e?.code !== "ENOENT") errors.push(`${path}: not valid JSON (${e?.message ?? e}); using defaults`);
    return { config, sources, errors, path };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    errors.push(`${path}: must be a JSON object; using defaults`);
    return { config, sources, errors, path };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in FIELDS)) {
      errors.push(`${path}: unknown key "${key}" (known: ${CONFIG_KEYS.join(", ")})`);
      continue;
    }
    const k = key as ConfigKey;
    const parsed = FIELDS[k].schema().safeParse(value);
    if (parsed.success) {
      (config as Record<string, unknown>)[k] = parsed.data;
      sources[k] = "config.json";
    } else {
      const why = parsed.error.issues.map((i) => i.message).join("; ") || "invalid";
      errors.push(`${path}: "${k}" = ${JSON.stringify(value)} is invalid (${why}); using default ${JSON.stringify(FIELDS[k].default)}`);
    }
  }
  return { config, sources, errors, path };
}
