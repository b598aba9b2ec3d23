// The one entry point of every hook, and its one error policy: whatever happens,
// exit 0, print nothing but valid hook JSON, and log the problem.
import { makeRuntime, type Runtime } from "../runtime.ts";
import { HOOK_EVENTS, isHookEvent, type HookEvent, type HookOutput } from "../claude.ts";
import { parseHookInput, type HookInput } from "./input.ts";
import { onSessionStart } from "./session-start.ts";
import { onStop } from "./stop.ts";
import { onPostCompact, onPreCompact } from "./compact.ts";
import { onSessionEnd } from "./session-end.ts";

const HANDLERS: Record<HookEvent, (rt: Runtime, input: HookInput) => HookOutput> = {
  "session-start": onSessionStart,
  stop: onStop,
  "pre-compact": onPreCompact,
  "post-compact": onPostCompact,
  "session-end": onSessionEnd,
};

/** Give up well before Claude Code's own timeout (HOOKS in src/claude.ts) would show the user an error. */
const WATCHDOG_MS: Record<HookEvent, number> = {
  "session-start": 8000,
  stop: 8000,
  "pre-compact": 20000,
  "post-compact": 8000,
  "session-end": 1200,
};
// Claude Code writes the hook JSON and closes stdin at once; waiting longer only delays the exit.
const STDIN_TIMEOUT_MS = 1500;
const MAX_STDIN_BYTES = 32 << 20;

export async function runHook(event: string): Promise<never> {
  const started = performance.now();
  let rt: Runtime | undefined;
  let sessionId: string | null = null;
  const finish = (ok: boolean, detail: string | null, output: HookOutput = null): never => {
    if (output) console.log(JSON.stringify(output));
    try {
      const chars = output?.hookSpecificOutput?.additionalContext.length ?? null;
      rt?.store().recordHookRun({ at: new Date().toISOString(), event, session_id: sessionId, ms: performance.now() - started, ok, detail, chars });
    } catch {}
    try {
      rt?.close();
    } catch {}
    process.exit(0);
  };
  const fail = (err: unknown): never => {
    const message = err instanceof Error ? err.message : String(err);
    try {
      (rt ?? makeRuntime()).log.log("error", `hook ${event} failed: ${message}`, {
        session_id: sessionId,
        stack: err instanceof Error ? err.stack : undefined,
      });
    } catch {}
    return finish(false, message.slice(0, 300));
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);

  try {
    if (!isHookEvent(event)) throw new Error(`unknown hook event "${event}" (expected one of: ${HOOK_EVENTS.join(", ")})`);
    const hook = event;
    setTimeout(() => fail(new Error(`timed out after ${WATCHDOG_MS[hook]} ms`)), WATCHDOG_MS[hook]).unref();
    rt = makeRuntime();
    for (const e of rt.configErrors) rt.log.log("warn", `config: ${e}`);
    const raw = await readStdin();
    const parsed = parseHookInput(raw);
    if (!parsed.ok) throw new Error(parsed.error);
    sessionId = parsed.input.session_id;
    const output = HANDLERS[hook](rt, parsed.input);
    rt.log.log("debug", `hook ${event} done`, { session_id: sessionId, ms: +(performance.now() - started).toFixed(1) });
    return finish(true, null, output);
  } catch (err) {
    return fail(err);
  }
}

/** Hook JSON is a few KB; stdin that never ends, or ends after gigabytes, is not hook input. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no end of stdin after ${STDIN_TIMEOUT_MS} ms`)), STDIN_TIMEOUT_MS);
  });
  try {
    return await Promise.race([readBounded(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readBounded(): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of Bun.stdin.stream()) {
    size += chunk.length;
    if (size > MAX_STDIN_BYTES) throw new Error(`stdin is over ${MAX_STDIN_BYTES >> 20} MB`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
