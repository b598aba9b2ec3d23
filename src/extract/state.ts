// The extraction state: everything we keep from a transcript, updated one entry at
// a time so that each Stop only feeds what was appended. It is plain JSON, stored
// with the file cursors, and already redacted.
import { isAbsolute, resolve } from "node:path";
import type { Entry } from "../transcript/entries.ts";
import { extractDecisions, keepDecision } from "./decisions.ts";
import { filesWrittenByBash } from "./bash-files.ts";
import type { Redactor } from "../privacy/redact.ts";
import { keepName, keepText } from "../privacy/keep.ts";
import { clip, TODO_STATUSES, type Todo } from "../record.ts";
import { applyExchange, emptyLog, EXCHANGE_LIMITS, type ExchangeLog } from "./exchanges.ts";

export interface ExtractState {
  startedAt?: string;
  lastAt?: string;
  cwd?: string;
  gitBranch?: string;
  turnCount: number;
  /** The user's real requests, newest last (bounded). */
  requests: string[];
  lastAssistant?: string;
  /** Decision candidates, newest last (bounded; the config cap applies when rendering). */
  decisions: string[];
  /** Absolute paths of files changed, most recently changed last. */
  files: string[];
  todos: Todo[];
  compactions: number;
  /** The summary Claude Code wrote at the last compaction. */
  compactSummary?: string;
  /** The cwd of the main thread's first line: it decides the project (later lines follow `cd`). */
  firstCwd?: string;
  /** Claude Code's version on the main thread's newest line: it tells where subagents write. */
  version?: string;
  /** Titles Claude Code gave the session: from /rename, generated, and older versions' summaries. */
  customTitle?: string;
  aiTitle?: string;
  summaryTitle?: string;
  /** Older versions' summaries whose leaf message was not seen yet (bounded). */
  pendingSummaries?: { leaf: string; text: string }[];
  /** Ids of the main thread's newest lines, for a summary written after its leaf (bounded). */
  recentUuids?: string[];
  /** TaskCreate calls waiting for their result: tool_use id -> index in `todos`. */
  pendingTasks?: Record<string, number>;
  /** Task id (from the TaskCreate result) -> index in `todos`. */
  taskIds?: Record<string, number>;
  /** The exchange archive's turn in progress and the turns not yet stored. */
  exchanges?: ExchangeLog;
}

/** Longer "paths" are not paths (PATH_MAX is 4096 on Linux). */
const MAX_PATH = 4096;

export const LIMITS = {
  requests: 50,
  requestChars: 600,
  assistantChars: 1200,
  decisions: 40,
  files: 400,
  todos: 50,
  todoChars: 200,
  summaryChars: 6000,
  titleChars: 200,
  pendingSummaries: 20,
  recentUuids: 256,
};

const ARCHIVED = new Set<Entry["kind"]>(["prompt", "assistant-text", "tool-use", "tool-result", "task-report"]);

export function emptyState(): ExtractState {
  return { turnCount: 0, requests: [], decisions: [], files: [], todos: [], compactions: 0 };
}

/** What the transcript does not say but the reading of it needs; hooks and backfill pass the same. */
export interface ExtractOptions {
  /** The user's home, for `~` and `$HOME` in Bash commands. */
  home?: string;
}

/** Fold one entry into the state (mutates and returns it: this runs per line on large files). */
export function applyEntry(state: ExtractState, entry: Entry, redact: Redactor, options: ExtractOptions = {}): ExtractState {
  const { meta } = entry;
  if (meta.timestamp) {
    state.startedAt ??= meta.timestamp;
    if (!state.lastAt || meta.timestamp > state.lastAt) state.lastAt = meta.timestamp;
  }
  if (!meta.sidechain) {
    if (meta.cwd && meta.cwd.length <= MAX_PATH) {
      state.cwd = meta.cwd;
      state.firstCwd ??= meta.cwd;
    }
    // Claude Code writes "HEAD" outside a git repository (and when detached): no branch.
    if (meta.gitBranch && meta.gitBranch !== "HEAD") state.gitBranch = keepName(meta.gitBranch, redact);
    if (meta.version) state.version = meta.version;
    if (meta.uuid) noteUuid(state, meta.uuid);
  }
  // Prompts and replies are redacted once, for the record and the archive alike.
  const clean = meta.sidechain
    ? undefined
    : entry.kind === "prompt"
      ? keepText(entry.text, redact, EXCHANGE_LIMITS.promptChars)
      : entry.kind === "assistant-text"
        ? assistantParts(entry.text.trim(), redact)
        : undefined;
  if (!meta.sidechain && ARCHIVED.has(entry.kind)) {
    // A state from before the archive starts numbering after the turns it already counted.
    const text = typeof clean === "string" ? clean : clean?.reply;
    applyExchange((state.exchanges ??= emptyLog(state.turnCount)), entry, redact, text);
  }
  switch (entry.kind) {
    case "title":
      if (entry.source === "custom") state.customTitle = keepText(entry.text, redact, LIMITS.titleChars);
      else state.aiTitle = keepText(entry.text, redact, LIMITS.titleChars);
      break;
    case "summary":
      if (!meta.sidechain) noteSummary(state, entry.leafUuid, keepText(entry.text, redact, LIMITS.titleChars));
      break;
    case "task-created": {
      const idx = state.pendingTasks?.[entry.toolUseId];
      if (idx !== undefined) {
        delete state.pendingTasks![entry.toolUseId];
        (state.taskIds ??= {})[entry.taskId] = idx;
      }
      break;
    }
    case "prompt":
      state.turnCount++;
      pushBounded(
        state.requests,
        typeof clean === "string" ? clip(clean, LIMITS.requestChars) : keepText(entry.text, redact, LIMITS.requestChars),
        LIMITS.requests,
      );
      break;
    case "assistant-text": {
      if (meta.sidechain) break;
      // Decisions are cut to a sentence: taken from the redacted text, never redacted after the cut.
      const { head, tail } = clean && typeof clean !== "string" ? clean : assistantParts(entry.text.trim(), redact);
      state.lastAssistant = head;
      for (const d of extractDecisions(tail)) addDecision(state, d);
      break;
    }
    case "tool-use":
      // A subagent's own todo list is not the user's task list; its file edits do count.
      if (meta.sidechain && /^(?:TodoWrite|TaskCreate|TaskUpdate)$/.test(entry.name)) break;
      applyToolUse(state, entry, meta.cwd ?? state.cwd, redact, options);
      break;
    // A subagent's own compaction is not the session's.
    case "compact-boundary":
      if (!meta.sidechain) state.compactions++;
      break;
    case "compact-summary":
      if (meta.sidechain) break;
      state.compactSummary = keepText(summaryBody(entry.text), redact, LIMITS.summaryChars);
      break;
  }
  return state;
}

function applyToolUse(
  state: ExtractState,
  use: Extract<Entry, { kind: "tool-use" }>,
  cwd: string | undefined,
  redact: Redactor,
  options: ExtractOptions,
): void {
  const { input } = use;
  switch (use.name) {
    case "Write":
    case "Edit":
    case "MultiEdit":
      addFile(state, input.file_path, cwd, redact);
      break;
    case "NotebookEdit":
      addFile(state, input.notebook_path, cwd, redact);
      break;
    case "Bash":
      // Its paths arrive resolved (the command's own `cd` and `~` followed); relative ones only when the cwd is unknown.
      if (typeof input.command === "string") for (const f of filesWrittenByBash(input.command, { cwd, home: options.home })) addFile(state, f, cwd, redact);
      break;
    case "TodoWrite":
      if (Array.isArray(input.todos)) state.todos = input.todos.flatMap((t) => toTodo(t, redact)).slice(0, LIMITS.todos);
      delete state.taskIds;
      delete state.pendingTasks;
      break;
    // Newer Claude Code versions track tasks with TaskCreate/TaskUpdate. A task's id is in
    // its create call's result: parallel creates are numbered in the order they finish.
    case "TaskCreate": {
      const todo = toTodo({ content: input.subject ?? input.description, status: "pending" }, redact);
      if (!todo.length || state.todos.length >= LIMITS.todos) break;
      state.todos.push(todo[0]!);
      if (use.id) (state.pendingTasks ??= {})[use.id] = state.todos.length - 1;
      break;
    }
    case "TaskUpdate": {
      const id = String(input.taskId);
      // Without results (older transcripts) ids are 1-based in creation order.
      const idx = state.taskIds?.[id] ?? (state.taskIds && Object.keys(state.taskIds).length ? undefined : Number(id) - 1);
      const todo = idx === undefined ? undefined : state.todos[idx];
      if (todo && isStatus(input.status)) todo.status = input.status;
      break;
    }
  }
}

/** A summary names its conversation by the last message: it titles this session only if that message is ours. */
function noteSummary(state: ExtractState, leaf: string, text: string): void {
  if (!text) return;
  if (state.recentUuids?.includes(uuidKey(leaf))) return void (state.summaryTitle = text);
  const pending = (state.pendingSummaries ??= []);
  pushBounded(pending, { leaf: uuidKey(leaf), text }, LIMITS.pendingSummaries);
}

function noteUuid(state: ExtractState, uuid: string): void {
  const key = uuidKey(uuid);
  const recent = (state.recentUuids ??= []);
  if (recent.at(-1) === key) return; // one line, several entries
  const pending = state.pendingSummaries;
  const at = pending ? pending.findIndex((p) => p.leaf === key) : -1;
  if (at !== -1) {
    state.summaryTitle = pending![at]!.text;
    pending!.splice(at, 1);
  }
  recent.push(key);
  // Trimmed in batches: this runs for every line of large transcripts.
  if (recent.length > LIMITS.recentUuids * 2) recent.splice(0, recent.length - LIMITS.recentUuids);
}

/** A uuid's first 13 characters (48 random bits) tell a session's lines apart and keep the state small. */
const uuidKey = (uuid: string) => uuid.slice(0, 13);

/**
 * The stored reply (redacted, clipped) and the redacted text decisions are read from. Decisions sit
 * near the end of a reply, and a multi-megabyte text is output, not prose: its last 100 KB only,
 * from a word boundary (a token cut there would leave a stub).
 */
function assistantParts(text: string, redact: Redactor): { head: string; tail: string; reply: string } {
  if (text.length <= 100_000) {
    const clean = keepText(text, redact);
    return { head: clip(clean, LIMITS.assistantChars), tail: clean, reply: clip(clean, EXCHANGE_LIMITS.replyChars) };
  }
  const from = text.length - 100_000;
  const cut = text.slice(from).search(/\s/);
  const reply = keepText(text, redact, Math.max(LIMITS.assistantChars, EXCHANGE_LIMITS.replyChars));
  return { head: clip(reply, LIMITS.assistantChars), tail: keepText(text.slice(from + Math.max(cut, 0)), redact), reply };
}

function addFile(state: ExtractState, path: unknown, cwd: string | undefined, redact: Redactor): void {
  if (typeof path !== "string" || !path || path.length > MAX_PATH) return;
  const abs = keepName(isAbsolute(path) || !cwd ? path : resolve(cwd, path), redact);
  const at = state.files.indexOf(abs);
  if (at !== -1) state.files.splice(at, 1);
  pushBounded(state.files, abs, LIMITS.files);
}

function addDecision(state: ExtractState, decision: string): void {
  keepDecision(state.decisions, decision, LIMITS.decisions);
}

function toTodo(t: unknown, redact: Redactor): Todo[] {
  if (typeof t !== "object" || t === null) return [];
  const { content, status } = t as Record<string, unknown>;
  if (typeof content !== "string" || !content.trim()) return [];
  return [{ content: keepText(content.trim(), redact, LIMITS.todoChars), status: isStatus(status) ? status : "pending" }];
}

function isStatus(s: unknown): s is Todo["status"] {
  return (TODO_STATUSES as readonly unknown[]).includes(s);
}

/**
 * The compaction summary without its wrapping: the `<summary>` body when there is one
 * (PostCompact), else the transcript's copy without Claude Code's preamble and epilogue.
 */
export function summaryBody(text: string): string {
  const m = /<summary>([\s\S]*?)(?:<\/summary>|$)/.exec(text);
  if (m) return m[1]!.trim();
  return text
    .replace(/^This session is being continued from a previous conversation[^\n]*\n+(?:The summary below[^\n]*\n+)?/, "")
    .replace(/\nIf you need specific details from before compaction[\s\S]*$/, "")
    .trim();
}

function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}
