// User config: `<data dir>/config.json`, validated key by key so one bad value
// costs only that value (it falls back to its default and is reported), never a hook.
import { readFileSync } from "node:fs";
import { z } from "zod";

/** Hard cap for injected context: Claude Code moves any hook output over 10,000 characters to a file. */
export const CONTEXT_HARD_CAP = 9500;

const FIELDS = {
  max_sessions: { schema: () => z.number().int().min(1).max(1_000_000), default: 2000,
    doc: "Sessions kept in the store; the oldest are pruned (the live session never is)." },
  max_decisions: { schema: () => z.number().int().min(0).max(100), default: 5,
    doc: "Decisions kept per session." },
  max_files_shown: { schema: () => z.number().int().min(0).max(500), default: 10,
    doc: "Modified files listed in context." },
  related_sessions_limit: { schema: () => z.number().int().min(0).max(20), default: 3,
    doc: "Related past sessions of the project shown at startup." },
  verbose_logging: { schema: () => z.boolean(), default: false,
    doc: "Debug lines in the log file (and on stderr)." },
  context_max_chars: { schema: () => z.number().int().min(500).max(CONTEXT_HARD_CAP), default: 6000,
    doc: `Size budget of injected context (hard cap ${CONTEXT_HARD_CAP}).` },
  history_sessions: { schema: () => z.number().int().min(1).max(100), default: 10,
    doc: "Sessions listed in session-history.md." },
} as const;

type Fields = typeof FIELDS;
export type Config = { [K in keyof Fields]: Fields[K]["default"] extends boolean ? boolean : number };
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
  return Object.fromEntries(CONFIG_KEYS.map((k) => [k, FIELDS[k].default])) as Config;
}

export function loadConfig(path: string): LoadedConfig {
  const config = defaultConfig();
  const sources = Object.fromEntries(CONFIG_KEYS.map((k) => [k, "default"])) as Record<ConfigKey, Source>;
  const errors: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err: any) {
    if (err?.code !== "ENOENT") errors.push(`${path}: not valid JSON (${err?.message ?? err}); using defaults`);
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
      const why = parsed.error.issues[0]?.message ?? "invalid";
      errors.push(`${path}: "${k}" = ${JSON.stringify(value)} is invalid (${why}); using default ${JSON.stringify(FIELDS[k].default)}`);
    }
  }
  return { config, sources, errors, path };
}
