// Shared test helpers: temp dirs, transcript builders, and running the built binary.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectSlug, transcriptsDir } from "../src/claude.ts";

export const ROOT = join(import.meta.dir, "..");
export const FIXTURES = join(ROOT, "test", "fixtures");
export const BIN = join(ROOT, "plugin", "bin", "native", "session-recorder");

export function tempDir(prefix = "sr-"): string {
  return mkdtempSync(join(process.env.SR_TEST_ROOT ?? tmpdir(), prefix));
}

/** A project with a git HEAD (so it has a root and a branch) and a home, in one temp dir. */
export function sandbox(branch = "main") {
  const dir = tempDir("sr-sbx-");
  const home = join(dir, "home");
  const data = join(dir, "data");
  const project = join(dir, "proj");
  mkdirSync(join(project, ".git"), { recursive: true });
  writeFileSync(join(project, ".git", "HEAD"), `ref: refs/heads/${branch}\n`);
  mkdirSync(home, { recursive: true });
  const transcripts = join(transcriptsDir(home), projectSlug(project));
  mkdirSync(transcripts, { recursive: true });
  return { dir, home, data, project, transcripts, env: { ...process.env, HOME: home, CLAUDE_PLUGIN_DATA: data } as Record<string, string> };
}

let uuid = 0;
const ts = (n: number) => new Date(Date.UTC(2026, 10, 1, 10, 0, n)).toISOString();

/** Transcript lines shaped like Claude Code's. */
export const line = {
  user(text: string, extra: Record<string, unknown> = {}) {
    return JSON.stringify({ type: "user", isSidechain: false, uuid: `u${++uuid}`, timestamp: ts(uuid), cwd: extra.cwd ?? "/p", gitBranch: "main", message: { role: "user", content: text }, ...extra });
  },
  assistantText(text: string, extra: Record<string, unknown> = {}) {
    return JSON.stringify({ type: "assistant", isSidechain: false, uuid: `a${++uuid}`, timestamp: ts(uuid), cwd: "/p", message: { id: `m${uuid}`, role: "assistant", content: [{ type: "text", text }] }, ...extra });
  },
  toolUse(name: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    return JSON.stringify({ type: "assistant", isSidechain: false, uuid: `a${++uuid}`, timestamp: ts(uuid), cwd: "/p", message: { id: `m${uuid}`, role: "assistant", content: [{ type: "tool_use", id: `t${uuid}`, name, input }] }, ...extra });
  },
  toolResult(content = "ok") {
    return JSON.stringify({ type: "user", isSidechain: false, uuid: `r${++uuid}`, timestamp: ts(uuid), cwd: "/p", message: { role: "user", content: [{ type: "tool_result", tool_use_id: "t", content }] } });
  },
  compactBoundary() {
    return JSON.stringify({ type: "system", subtype: "compact_boundary", uuid: `s${++uuid}`, timestamp: ts(uuid), compactMetadata: { trigger: "manual" } });
  },
  compactSummary(text: string) {
    return JSON.stringify({ type: "user", isCompactSummary: true, uuid: `c${++uuid}`, timestamp: ts(uuid), message: { role: "user", content: text } });
  },
};

export function jsonl(lines: string[]): string {
  return lines.join("\n") + "\n";
}

/** Run the compiled binary with stdin; returns exit code, stdout, stderr and wall time. */
export function runBin(args: string[], opts: { stdin?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const started = performance.now();
  const p = Bun.spawnSync([BIN, ...args], { stdin: opts.stdin !== undefined ? Buffer.from(opts.stdin) : "ignore", env: opts.env ?? (process.env as Record<string, string>), cwd: opts.cwd });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString(), ms: performance.now() - started };
}
