/**
 * A scripted stand-in for the Anthropic Messages API, so the real Claude Code CLI can
 * run offline and deterministically.
 *
 * Script language: directives in the latest real user text of a conversation (the last
 * user message that is not a tool_result). Each tool directive is one API round trip:
 * the step we are at is the number of assistant replies already following that message.
 *
 *   [[write:<path>|<content>]]     Write tool_use (split on the first `|`)
 *   [[edit:<path>|<old>|<new>]]    Edit tool_use (split on the first two `|`)
 *   [[bash:<command>]]             Bash tool_use
 *   [[todo:<a>;<b>;...]]           TodoWrite (first item in_progress, the rest pending); the
 *                                  CLI only has it with the env runTurns sets by default
 *   [[agent:<prompt>]]             Agent tool_use (general-purpose, description "sub task"),
 *                                  run in the foreground so the turn waits for it
 *   [[bgagent:<prompt>]]           the same with run_in_background: true (the CLI's default in
 *                                  2.1.330): the turn ends at once and the CLI later runs
 *                                  an extra turn for the task notification
 *   [[say:<text>]]                 <text> goes into the final text reply (not a step)
 *   [[tokens:<n>]]                 report <n> input tokens in every reply of this turn
 *                                  (not a step; lets a test push the CLI into auto-compaction)
 *
 * Brackets nest: `[[agent:[[write:/x/y.txt|hi]]]]` gives the subagent the prompt
 * `[[write:/x/y.txt|hi]]`, and since a subagent's first user text is its prompt, the
 * subagent then runs that write. Only top-level directives run in a given conversation.
 * Consequence: literal `[[` / `]]` cannot appear inside directive arguments.
 *
 * Tool calls are only emitted when the request offers tools at all: side requests (titles,
 * summaries of the prompt...) quote the user's text, directives included, and must get
 * plain text back (2.1.330 with CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 made none in
 * our runs). Not "only when it offers that tool": TodoWrite is a deferred tool in 2.1.330,
 * absent from `tools`, yet callable directly.
 */

import type { Server } from "bun";

export interface FakeApi {
  url: string;
  /** Every POST /v1/messages body, parsed, in arrival order. */
  requests: any[];
  /** Every HTTP request seen, with the status it got (404 for anything unknown). */
  calls: { method: string; path: string; status: number }[];
  stop(): void;
}

export type Directive =
  | { kind: "write"; path: string; content: string }
  | { kind: "edit"; path: string; oldString: string; newString: string }
  | { kind: "bash"; command: string }
  | { kind: "todo"; items: string[] }
  | { kind: "agent"; prompt: string; background: boolean }
  | { kind: "tool"; name: string; input: Record<string, unknown> }
  | { kind: "say"; text: string }
  | { kind: "tokens"; count: number };

type ToolDirective = Extract<Directive, { kind: "write" | "edit" | "bash" | "todo" | "agent" | "tool" }>;

export type ContentBlock = { type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

export interface Reply {
  content: ContentBlock[];
  stopReason: "end_turn" | "tool_use";
  inputTokens: number;
}

const DEFAULT_INPUT_TOKENS = 12;
const OUTPUT_TOKENS = 5;

/** Top-level `[[kind:args]]` directives of a text, with nested brackets kept inside args. */
export function parseDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length - 1; i++) {
    const pair = text.slice(i, i + 2);
    if (pair === "[[") {
      if (depth === 0) start = i + 2;
      depth++;
      i++;
    } else if (pair === "]]" && depth > 0) {
      depth--;
      if (depth === 0) {
        const d = toDirective(text.slice(start, i));
        if (d) out.push(d);
      }
      i++;
    }
  }
  return out;
}

function toDirective(body: string): Directive | undefined {
  const colon = body.indexOf(":");
  if (colon < 0) return undefined;
  const kind = body.slice(0, colon);
  const args = body.slice(colon + 1);
  switch (kind) {
    case "write": {
      const [path = "", content = ""] = splitN(args, "|", 2);
      return { kind, path, content };
    }
    case "edit": {
      const [path = "", oldString = "", newString = ""] = splitN(args, "|", 3);
      return { kind, path, oldString, newString };
    }
    case "bash":
      return { kind, command: args };
    case "todo":
      return {
        kind,
        items: args
          .split(";")
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      };
    case "agent":
      return { kind, prompt: args, background: false };
    case "bgagent":
      return { kind: "agent", prompt: args, background: true };
    case "say":
      return { kind, text: args };
    case "tool": {
      // [[tool:<name>|<json input>]]: any tool, e.g. an MCP tool by the last part of its name.
      const [name = "", json = "{}"] = splitN(args, "|", 2);
      try {
        return { kind, name, input: JSON.parse(json) };
      } catch {
        return undefined;
      }
    }
    case "tokens": {
      const count = Number(args);
      return Number.isFinite(count) ? { kind, count } : undefined;
    }
    default:
      return undefined;
  }
}

/** Split on the first n-1 separators only, so the last part may contain `sep`. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts: string[] = [];
  let rest = s;
  for (let k = 0; k < n - 1; k++) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  parts.push(rest);
  return parts;
}

function blocksOf(message: any): any[] {
  const c = message?.content;
  if (typeof c === "string") return [{ type: "text", text: c }];
  return Array.isArray(c) ? c : [];
}

function textOf(message: any): string {
  return blocksOf(message)
    .filter((b) => b?.type === "text" && typeof b.text === "string")
    .map((b) => b.text as string)
    .join("\n");
}

function isToolResultMessage(message: any): boolean {
  return blocksOf(message).some((b) => b?.type === "tool_result");
}

/** Index of the last user message that is a real prompt rather than tool results. */
function lastRealUserIndex(messages: any[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === "user" && !isToolResultMessage(m)) return i;
  }
  return -1;
}

/**
 * The text the directives are read from: all text blocks of the latest real user message
 * (Claude Code puts <system-reminder> blocks beside the prompt). Handy in tests to find
 * the request that served a given turn.
 */
export function latestUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const i = lastRealUserIndex(messages);
  return i >= 0 ? textOf(messages[i]) : "";
}

/**
 * The compaction prompt asks for "<analysis>...<summary>" and says "create a detailed
 * summary". `<summary>` alone is not enough: background-task notifications carry
 * `<summary>Agent "..." finished</summary>`. The prompt may share a user message with a
 * tool_result (seen after a turn that used a tool), so no tool_result check here.
 * A reply without a <summary> block makes the CLI retry the request.
 */
export function isCompactionRequest(body: any): boolean {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = messages.findLast((m) => m?.role === "user");
  if (!last) return false;
  const text = textOf(last);
  return text.includes("<summary>") && /create a detailed summary|respond with text only/i.test(text);
}

function offersTools(body: any): boolean {
  return Array.isArray(body?.tools) && body.tools.length > 0;
}

let toolUseCounter = 0;
function toolUseId(): string {
  toolUseCounter++;
  return `toolu_fake${String(toolUseCounter).padStart(6, "0")}${Math.random().toString(36).slice(2, 10)}`;
}

/** MCP tools are offered as `mcp__<server>__<tool>`: a directive may name just `<tool>`. */
function offeredName(body: any, name: string): string {
  const names: string[] = Array.isArray(body?.tools) ? body.tools.map((t: any) => t?.name).filter((n: unknown) => typeof n === "string") : [];
  return names.find((n) => n === name) ?? names.find((n) => n.endsWith(`__${name}`)) ?? name;
}

function toolUse(d: ToolDirective, body: any): ContentBlock {
  const id = toolUseId();
  switch (d.kind) {
    case "tool":
      return { type: "tool_use", id, name: offeredName(body, d.name), input: d.input };
    case "write":
      return { type: "tool_use", id, name: "Write", input: { file_path: d.path, content: d.content } };
    case "edit":
      return {
        type: "tool_use",
        id,
        name: "Edit",
        input: { file_path: d.path, old_string: d.oldString, new_string: d.newString },
      };
    case "bash":
      return { type: "tool_use", id, name: "Bash", input: { command: d.command } };
    case "todo":
      return {
        type: "tool_use",
        id,
        name: "TodoWrite",
        input: {
          todos: d.items.map((content, i) => ({
            content,
            status: i === 0 ? "in_progress" : "pending",
            activeForm: content,
          })),
        },
      };
    case "agent":
      return {
        type: "tool_use",
        id,
        name: "Agent",
        input: {
          description: "sub task",
          prompt: d.prompt,
          subagent_type: "general-purpose",
          run_in_background: d.background,
        },
      };
  }
}

function isToolDirective(d: Directive): d is ToolDirective {
  return d.kind !== "say" && d.kind !== "tokens";
}

export function planReply(body: any, scripts: Record<string, string> = {}): Reply {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];

  if (isCompactionRequest(body)) {
    return {
      content: [{ type: "text", text: "<summary>FAKE SUMMARY: the conversation so far was scripted by the fake API.</summary>" }],
      stopReason: "end_turn",
      inputTokens: DEFAULT_INPUT_TOKENS,
    };
  }

  const userIdx = lastRealUserIndex(messages);
  const text = latestUserText(body);
  const scripted = Object.entries(scripts).flatMap(([when, directives]) => (text.includes(when) ? [directives] : []));
  const directives = parseDirectives([text, ...scripted].join(" "));
  const tokens = directives.findLast((d) => d.kind === "tokens");
  const inputTokens = tokens?.kind === "tokens" ? tokens.count : DEFAULT_INPUT_TOKENS;
  const steps = offersTools(body) ? directives.filter(isToolDirective) : [];
  const stepsDone = messages.slice(userIdx + 1).filter((m) => m?.role === "assistant").length;

  const next = steps[stepsDone];
  if (next) {
    return { content: [toolUse(next, body)], stopReason: "tool_use", inputTokens };
  }

  const said = directives.flatMap((d) => (d.kind === "say" ? [d.text] : []));
  return {
    content: [{ type: "text", text: said.length > 0 ? said.join("\n") : "Done." }],
    stopReason: "end_turn",
    inputTokens,
  };
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function streamReply(model: string, reply: Reply): string {
  const usage = {
    input_tokens: reply.inputTokens,
    output_tokens: OUTPUT_TOKENS,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  let out = sse("message_start", {
    type: "message_start",
    message: {
      id: `msg_fake${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  reply.content.forEach((block, index) => {
    if (block.type === "text") {
      out += sse("content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } });
      out += sse("content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: block.text } });
    } else {
      out += sse("content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
      });
      out += sse("content_block_delta", {
        type: "content_block_delta",
        index,
        delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) },
      });
    }
    out += sse("content_block_stop", { type: "content_block_stop", index });
  });
  out += sse("message_delta", {
    type: "message_delta",
    delta: { stop_reason: reply.stopReason, stop_sequence: null },
    usage,
  });
  out += sse("message_stop", { type: "message_stop" });
  return out;
}

function json(status: number, data: unknown): Response {
  return new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json" } });
}

/**
 * `scripts` keeps prompts natural: when the latest user text contains a key, the
 * directives of its value run as if they were written in the prompt (the demo uses it,
 * so that what is recorded reads like a real session).
 */
export async function startFakeApi(opts: { scripts?: Record<string, string> } = {}): Promise<FakeApi> {
  const requests: any[] = [];
  const calls: FakeApi["calls"] = [];
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      const call = { method: req.method, path, status: 200 };
      calls.push(call);
      if (req.method === "POST" && path === "/v1/messages") {
        const body: any = await req.json();
        requests.push(body);
        const reply = planReply(body, opts.scripts);
        return new Response(streamReply(typeof body?.model === "string" ? body.model : "claude-fake", reply), {
          headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
        });
      }
      // Not called by 2.1.330 in these tests; answered in case another version does.
      if (req.method === "POST" && path === "/v1/messages/count_tokens") {
        return json(200, { input_tokens: DEFAULT_INPUT_TOKENS });
      }
      call.status = 404;
      return json(404, { type: "error", error: { type: "not_found_error", message: `fake API: no ${req.method} ${path}` } });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    calls,
    stop: () => void server.stop(true),
  };
}
