// The session record: what we store and show, derived from the extraction state.
// Field names follow the original plugin's JSON so old tooling keeps working.
import { relative, isAbsolute } from "node:path";
import { clip, type ExtractState, type Todo } from "./state.ts";

export interface SessionRecord {
  session_id: string;
  /** Same as updated_at; kept for parity with the original's records. */
  timestamp: string;
  turn_count: number;
  working_on: string;
  last_user_request: string;
  last_assistant_response: string;
  decisions: string[];
  files_modified: string[];
  topics: string[];
  project: string;
  /** The repository's main work tree: shared by its worktrees (records before v0.2 may lack it). */
  repo?: string;
  cwd: string;
  git_branch: string | null;
  started_at: string;
  updated_at: string;
  todos: Todo[];
  compactions: number;
  compact_summary: string | null;
  /** Recent real user requests, oldest first. */
  requests: string[];
  transcript_path: string | null;
}

export interface RecordInput {
  sessionId: string;
  project: string;
  repo?: string;
  cwd: string;
  gitBranch: string | null;
  transcriptPath: string | null;
  home: string;
  now: string;
  /** `max_decisions`: the newest ones are kept in the record. */
  maxDecisions?: number;
}

export function buildRecord(state: ExtractState, input: RecordInput): SessionRecord {
  const requests = state.requests;
  const updatedAt = input.now;
  return {
    session_id: input.sessionId,
    timestamp: updatedAt,
    turn_count: state.turnCount,
    working_on: workingOn(requests),
    last_user_request: requests.at(-1) ?? "",
    last_assistant_response: state.lastAssistant ?? "",
    decisions: input.maxDecisions === undefined ? [...state.decisions] : input.maxDecisions > 0 ? state.decisions.slice(-input.maxDecisions) : [],
    files_modified: state.files.map((f) => displayPath(f, input.project, input.home)),
    topics: requests.slice(-5).map((r) => clip(firstLine(r), 80)),
    project: input.project,
    repo: input.repo ?? input.project,
    cwd: state.cwd ?? input.cwd,
    git_branch: input.gitBranch ?? state.gitBranch ?? null,
    started_at: state.startedAt ?? updatedAt,
    updated_at: updatedAt,
    todos: state.todos.map((t) => ({ ...t })),
    compactions: state.compactions,
    compact_summary: state.compactSummary ?? null,
    requests: [...requests],
    transcript_path: input.transcriptPath,
  };
}

// "ok, now add tests" is a request; "ok" alone is not a task.
const FILLER = /^(?:(?:yes|yeah|yep|ok|okay|sure|thanks|thank you|great|perfect|nice|cool|good|continue|go on|go ahead|proceed|please|do it|sounds good|lgtm|now|and|so|then|next|alright|right)\b[\s,.!:;-]*)+/i;

// "Where were we?" asks about the task; it is not one.
const META = /^(?:where (?:were|are) we|what(?:'s| is| was) (?:next|the status|left)|what (?:were|are) we (?:doing|working on)|what now|status|any updates?|keep going|carry on|resume|try again|again)\b/i;

/** The task: the newest request with substance once filler words are stripped, cut at its first sentence. */
export function workingOn(requests: string[]): string {
  for (let i = requests.length - 1; i >= 0; i--) {
    const line = firstLine(requests[i]!);
    const stripped = line.replace(FILLER, "").trim();
    // "ok, now write tests" -> "Write tests": the task reads as a sentence of its own.
    const sentence = firstSentence(stripped === line ? line : stripped.charAt(0).toUpperCase() + stripped.slice(1));
    if (sentence.length > 15 && sentence.split(/\s+/).length >= 3 && !META.test(sentence)) return clip(sentence, 200);
  }
  return clip(firstSentence(firstLine(requests.at(-1) ?? "")), 200);
}

function firstLine(s: string): string {
  return (s.split("\n").find((l) => l.trim()) ?? "").trim();
}

function firstSentence(s: string): string {
  const m = /^(.+?[.!?])(?:\s+[A-Z]|\s*$)/.exec(s);
  return (m ? m[1]! : s).trim();
}

/** Paths inside the project are shown relative to it; others with `~` for home. */
export function displayPath(abs: string, project: string, home: string): string {
  if (!isAbsolute(abs)) return abs;
  const rel = relative(project, abs);
  if (rel && !rel.startsWith("..") && !isAbsolute(rel)) return rel;
  if (home && (abs === home || abs.startsWith(home + "/"))) return "~" + abs.slice(home.length);
  return abs;
}
