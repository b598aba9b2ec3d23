// Raw inputs (environment, config file) resolved once into the settings every
// command and hook receives. Nothing here runs at import time.
import { resolvePaths, type Paths } from "./paths.ts";
import { loadConfig, type Config } from "./config.ts";
import { fileLogger, type Logger } from "./log.ts";
import { compileUserPatterns, makeRedactor, redactDefault, type Redactor } from "./privacy/redact.ts";
import { openStore } from "./store/open.ts";
import type { Store } from "./store/sessions.ts";
import { ensurePrivateDir, trustSymlink } from "./util/files.ts";

export interface Runtime {
  paths: Paths;
  config: Config;
  configErrors: string[];
  log: Logger;
  redact: Redactor;
  now(): string;
  /** Opened on first use: a hook that has nothing to store never touches SQLite. */
  store(): Store;
  close(): void;
}

export function makeRuntime(env: Record<string, string | undefined> = process.env): Runtime {
  const paths = resolvePaths(env);
  trustSymlink(paths.dataDir);
  trustSymlink(paths.contextDir);
  const loaded = loadConfig(paths.config);
  const log = fileLogger(paths, loaded.config.verbose_logging);
  let store: Store | undefined;
  return {
    paths,
    config: loaded.config,
    configErrors: loaded.errors,
    log,
    redact: redactorFor(loaded.config),
    now: () => new Date().toISOString(),
    store() {
      if (!store) {
        ensurePrivateDir(paths.dataDir);
        store = openStore(paths.db);
      }
      return store;
    },
    close() {
      store?.close();
      store = undefined;
    },
  };
}

/** The built-in patterns, plus the user's, minus the kinds the user switched off: per pattern, never all. */
function redactorFor(config: Config): Redactor {
  if (!config.redact_patterns.length && !config.redact_disable.length) return redactDefault;
  return makeRedactor(compileUserPatterns(config.redact_patterns).patterns, new Set(config.redact_disable));
}
