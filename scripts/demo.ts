// `npm run demo`: a short story played through the real Claude Code CLI and a fake
// Anthropic API on 127.0.0.1 (the e2e test's harness). No API key, nothing leaves
// the machine. It prints what was recorded and what Claude was told at each step.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pluginDataRoot } from "../src/claude.ts";
import { startFakeApi, latestUserText } from "../test/e2e/fake-api.ts";
import { hookErrors, injectedContexts, makeSandbox, runTurns } from "../test/e2e/claude.ts";

const PLUGIN = resolve(import.meta.dir, "..", "plugin");
const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);

const sbx = makeSandbox("sr-demo-");
const project = join(sbx.root, "shop");
// What the fake model does for each prompt (the prompts themselves stay natural).
const api = await startFakeApi({
  scripts: {
    "rate limiting to the upload API": `[[todo:add a token bucket;cover downloads too;document the limits]] [[write:${project}/src/ratelimit.ts|export const PER_SECOND = 10;]] [[say:Added a token bucket in src/ratelimit.ts with 10 requests per second per user.]]`,
    "cover downloads": `[[write:${project}/src/download.ts|import { PER_SECOND } from "./ratelimit";]] [[say:Changed src/download.ts to use the same limiter instead of its own counter.]]`,
  },
});
mkdirSync(join(project, "src"), { recursive: true });

function step(title: string) {
  console.log(`\n${bold(`━━ ${title}`)}`);
}
function told(marker: string) {
  const body = api.requests.find((b) => latestUserText(b).includes(marker));
  // Claude Code appends its own reminders after ours: show ours only.
  const ctx = (body ? injectedContexts([body])[0]! : []).map(ours).join("\n");
  console.log(ctx ? indent(ctx) : dim("  (nothing injected)"));
}
function recorded(sessionId: string) {
  const base = pluginDataRoot(sbx.home);
  for (const d of readdirSync(base)) {
    try {
      const r = JSON.parse(readFileSync(join(base, d, "sessions", `${sessionId}.json`), "utf8"));
      const show = {
        turn_count: r.turn_count,
        working_on: r.working_on,
        last_user_request: r.last_user_request,
        todos: r.todos,
        decisions: r.decisions,
        files_modified: r.files_modified,
        git_branch: r.git_branch,
        compactions: r.compactions,
      };
      console.log(indent(JSON.stringify(show, null, 2)));
      return;
    } catch {}
  }
  console.log(dim("  (no record)"));
}
function ours(ctx: string): string {
  const end = ctx.indexOf("</session-recorder-data>");
  return end >= 0 ? ctx.slice(0, end + "</session-recorder-data>".length) : ctx.split("\n\n")[0]!;
}
const indent = (s: string) =>
  s
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
async function claude(turns: string[], label: string) {
  console.log(dim(`  $ claude --plugin-dir plugin   # ${label}: ${turns.length} turn(s)`));
  for (const t of turns) console.log(dim(`  > ${t}`));
  const r = await runTurns({ home: sbx.home, cwd: project, apiUrl: api.url, pluginDir: PLUGIN, turns, tmpDir: sbx.tmp });
  const errors = hookErrors(r);
  if (r.exitCode !== 0 || errors.length)
    throw new Error(`claude failed (exit ${r.exitCode}): ${JSON.stringify(errors).slice(0, 500)} ${r.stderr.slice(0, 500)}`);
  return r;
}

try {
  step("1. Session one works on the shop's upload API");
  const one = await claude(
    ["Add rate limiting to the upload API: 10 requests per second per user.", "Now cover downloads with the same limiter.", "/compact", "Where were we?"],
    "session one",
  );
  console.log(bold("\n  What session-recorder recorded (sessions/<id>.json):"));
  recorded(one.sessionId);
  console.log(bold("\n  What Claude was told right after /compact:"));
  told("Where were we?");

  step("2. A new session starts in the same project");
  await claude(["What's next for the upload API?"], "session two");
  console.log(bold("\n  What Claude was told at startup:"));
  told("What's next for the upload API?");

  step("Done");
  console.log(`  ${api.requests.length} API requests, all to the fake API on ${api.url}; no hook reported an error.`);
} finally {
  api.stop();
  sbx.cleanup();
}
