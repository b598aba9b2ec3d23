// The viewer's JSON API, shared by the server (src/ui/api.ts) and the page
// (src/ui/client/). Plain types only: the page's bundle must not pull server code.

export interface Page<T> {
  total: number;
  offset: number;
  items: T[];
}

export interface ProjectItem {
  key: string;
  project: string;
  name: string;
  sessions: number;
  last_activity: string;
  first_activity: string;
}

export interface ProjectsResponse extends Page<ProjectItem> {
  /** Sessions in the whole store. */
  sessions: number;
}

export interface SessionItem {
  session_id: string;
  project: string;
  project_key: string;
  git_branch: string | null;
  started_at: string;
  updated_at: string;
  turn_count: number;
  working_on: string;
}

export interface ProjectResponse extends ProjectItem {
  /** Sessions per day of last activity (the viewer's time zone), newest first. */
  days: { day: string; sessions: number }[];
  /** What a new session started in this project would be told now. */
  startup_context: string;
}

export interface Todo {
  content: string;
  status: "pending" | "in_progress" | "completed";
}

/** The stored record, as much of it as the page shows. */
export interface SessionRecordView {
  session_id: string;
  project: string;
  cwd: string;
  git_branch: string | null;
  started_at: string;
  updated_at: string;
  turn_count: number;
  /** Sessions recorded once titles exist carry one; older records do not. */
  title?: string | null;
  working_on: string;
  last_user_request: string;
  last_assistant_response: string;
  requests: string[];
  decisions: string[];
  todos: Todo[];
  files_modified: string[];
  topics: string[];
  compactions: number;
  compact_summary: string | null;
  transcript_path: string | null;
}

export interface SessionResponse {
  record: SessionRecordView;
  project_key: string;
  /** Exactly what SessionStart would inject for this session, per source; "" = nothing. */
  injected: { compact: string; resume: string };
}

/** One archived turn: the user's request, the assistant's replies, the tools it ran. */
export interface ExchangeView {
  seq: number;
  at: string;
  prompt: string;
  replies: string[];
  tools: string[];
}

export type ExchangesResponse = Page<ExchangeView>;

export interface SearchItem extends SessionItem {
  /** Matched terms are wrapped in HIT_OPEN / HIT_CLOSE (control characters, never HTML). */
  snippet: string;
}

export interface SearchResponse {
  query: string;
  offset: number;
  items: SearchItem[];
  /** Whether asking for more could return more. */
  more: boolean;
}

export type ForgetRequest = { session_id: string } | { project_key: string };

export interface ForgetResponse {
  deleted: number;
  /** Sessions its project still has (0: the project is gone from the list). */
  left_in_project: number;
}

export const HIT_OPEN = "\u0001";
export const HIT_CLOSE = "\u0002";

/** Page sizes: the page asks for these, and the server preloads exactly those URLs. */
export const PAGE_SIZE = { projects: 50, latest: 10, sessions: 50, search: 20 } as const;
