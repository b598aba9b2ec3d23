// Raw inputs (environment, config file) resolved once into the settings every
// command and hook receives, and the store they may open. Nothing here runs at
// import time.
import { resolvePaths, type Paths } from "./paths.ts";
import { loadConfig, type Config } from "./config.ts";
import { fileLogger, type Logger } from "./log.ts";
import { compileUserPatterns, makeRedactor, redactDefault, type Redactor } from "./privacy/redact.ts";
import { openStore } from "./store/open.ts";
import type { Store } from "./store/sessions.ts";
import { ensurePrivateDir, trustSymlink } from "./util/files.ts";

/** What a hook, a command or a backfill worker is configured with. Holds nothing open. */
export interface Settings {
  paths: Paths;
  config: Config;
  configErrors: string[];
  log: Logger;
  redact: Redactor;
  now(): string;
}

/** Settings, and the store they point at: opened on first use, released by close(). */
export interface Runtime extends Settings {
  /** Opened on first use: a hook that has nothing to store never touches SQLite. */
  store(): Store;
  /** Closes the store if it was opened; a later store() opens it again. */
  close(): void;
}

export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const paths = resolvePaths(env);
  trustSymlink(paths.dataDir);
  trustSymlink(paths.contextDir);
  const loaded = loadConfig(paths.config);
  return {
    paths,
    config: loaded.config,
    configErrors: loaded.errors,
    log: fileLogger(paths, loaded.config.verbose_logging),
    redact: redactorFor(loaded.config),
    now: () => new Date().toISOString(),
  };
}

/** The settings with a handle on their store. */
export function withStore(settings: Settings): Runtime {
  let store: Store | undefined;
  return {
    ...settings,
    store() {
      if (!store) {
        ensurePrivateDir(settings.paths.dataDir);
        store = openStore(settings.paths.db);
      }
      return store;
    },
    close() {
      store?.close();
      store = undefined;
    },
  };
}

export function makeRuntime(env: Record<string, string | undefined> = process.env): Runtime {
  return withStore(loadSettings(env));
}

/** The built-in patterns, plus the user's, minus the kinds the user switched off: per pattern, never all. */
function redactorFor(config: Config): Redactor {
  if (!config.redact_patterns.length && !config.redact_disable.length) return redactDefault;
  return makeRedactor(compileUserPatterns(config.redact_patterns).patterns, new Set(config.redact_disable));
}
