// Where session-recorder keeps its files. Resolved once per process from the
// environment it is given (never read at import time, so tests can isolate HOME).
import { homedir } from "node:os";
import { join } from "node:path";
import { claudeDir } from "./claude.ts";

export interface Paths {
  home: string;
  /** `$CLAUDE_PLUGIN_DATA`, else `~/.claude/session-recorder`. Private (0700). */
  dataDir: string;
  db: string;
  config: string;
  logDir: string;
  log: string;
  /** Parity with the original: one JSON file per session. */
  sessionsDir: string;
  /** Per-project copies of the context files. */
  projectsDir: string;
  /** `~/.claude/context`: the files users import from CLAUDE.md. */
  contextDir: string;
}

export function resolvePaths(env: Record<string, string | undefined> = process.env): Paths {
  const home = env.HOME || homedir();
  const dataDir = env.CLAUDE_PLUGIN_DATA || join(claudeDir(home), "session-recorder");
  const logDir = join(dataDir, "logs");
  return {
    home,
    dataDir,
    db: join(dataDir, "sessions.db"),
    config: join(dataDir, "config.json"),
    logDir,
    log: join(logDir, "session-recorder.log"),
    sessionsDir: join(dataDir, "sessions"),
    projectsDir: join(dataDir, "projects"),
    contextDir: join(claudeDir(home), "context"),
  };
}

/** A file-name-safe, readable key for a project path: `/home/me/src/shop` -> `home-me-src-shop-<hash>`. */
export function projectKey(project: string): string {
  const readable =
    project
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(-60) || "root";
  const hash = Bun.hash(project).toString(16).slice(0, 8);
  return `${readable}-${hash}`;
}
