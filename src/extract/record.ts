// The session record (src/record.ts), derived from the extraction state.
import { relative, isAbsolute } from "node:path";
import { clip, type SessionRecord } from "../record.ts";
import type { ExtractState } from "./state.ts";

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
  const title = state.customTitle ?? state.aiTitle ?? state.summaryTitle ?? null;
  return {
    session_id: input.sessionId,
    title,
    timestamp: updatedAt,
    turn_count: state.turnCount,
    working_on: title ?? workingOn(requests),
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
const FILLER =
  /^(?:(?:yes|yeah|yep|ok|okay|sure|thanks|thank you|great|perfect|nice|cool|good|continue|go on|go ahead|proceed|please|do it|sounds good|lgtm|now|and|so|then|next|alright|right|let's|lets|let us|can you|could you|would you|will you|i want you to|i'd like you to)\b[\s,.!:;-]*)+/i;

// "Where were we?" asks about the task; it is not one.
const META =
  /^(?:where (?:were|are) we|what(?:'s| is| was) (?:next|the status|left)|what (?:were|are) we (?:doing|working on)|what now|status|any updates?|keep going|carry on|resume|try again|again)\b/i;

// Steps that follow any task: they say nothing about what the session is about.
const FOLLOW_UP =
  /^(?:(?:git )?(?:commit|push|pull|merge|rebase|deploy|ship|release|undo|revert|retry|rerun|re-run|run (?:it|them|the tests?|tests)|test it|fix (?:it|that|this|them)|do (?:it|that|this)|try (?:it|that)|ask me (?:a|some|any) questions?|explain(?: it| that)?|continue|stop)\b(?:\s*(?:,|and|&|then)\s*(?:commit|push|pull|merge|deploy|release|test))*(?:\s+(?:it|this|that|them|everything|all|the changes|changes|again|now|please|too|as well))*)\s*[.!?]*$/i;

const WORD_STOP = new Set(
  "the and for with this that these those you your our can could would will should into from about then than there their them they what when where which while have has had was were are been being not but all any some just also very really please thanks okay again now here".split(
    " ",
  ),
);

/** The task a request states: its first sentence without filler, or a plan's own title. */
export function taskOf(request: string): { text: string; substance: number } {
  const plan = /^\s*Implement the following plan:?\s*\n/i.exec(request);
  if (plan) {
    const body = request.slice(plan[0].length);
    const heading = /^\s{0,3}#{1,6}\s+(.+)$/m.exec(body)?.[1] ?? firstLine(body);
    const text = heading
      .replace(/^(?:implementation\s+)?plan\s*[:-]\s*/i, "")
      .replace(/[#*`]+/g, "")
      .trim();
    // An accepted plan is the most deliberate statement of a task there is.
    if (text) return { text: clip(text, 200), substance: 100 };
  }
  const line = firstLine(request);
  const stripped = line.replace(FILLER, "").trim();
  // "ok, now write tests" -> "Write tests": the task reads as a sentence of its own.
  const sentence = firstSentence(stripped === line || !stripped ? line : stripped.charAt(0).toUpperCase() + stripped.slice(1));
  const substance = META.test(sentence) || FOLLOW_UP.test(sentence) ? 0 : substanceOf(sentence);
  return { text: clip(sentence, 200), substance };
}

/** Content words (3+ letters, not function words), capped; a run of CJK characters counts one word per two. */
function substanceOf(s: string): number {
  let n = 0;
  for (const w of s.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []) {
    // Every request is weighed at every Stop: the script test only for words beyond Latin and Greek.
    const cjk = NON_LATIN.test(w) ? (w.match(CJK)?.length ?? 0) : 0;
    if (cjk) n += Math.floor(cjk / 2) + (w.length - cjk >= 3 ? 1 : 0);
    else if (w.length >= 3 && !WORD_STOP.has(w)) n++;
  }
  return Math.min(n, 20);
}

const NON_LATIN = /[^\u0000-\u2e7f]/;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** A request needs this many content words to say what a session is about. */
const MIN_SUBSTANCE = 3;
/** The opening request names the session unless a later one has more than twice its substance. */
const NEAR_BEST = 0.5;

/**
 * The task when Claude Code gave the session no title. A session is about what it was
 * opened for: the first request that states a task (short openers such as "ask me a
 * question" do not), unless a later request is more than twice as substantive; then
 * the most substantive one (the newest of equals). Short follow-ups ("commit and push",
 * "try again") have no substance and never win.
 */
export function workingOn(requests: string[]): string {
  const tasks = requests.map(taskOf);
  let best: (typeof tasks)[number] | undefined;
  for (const t of tasks) if (t.substance >= (best?.substance ?? MIN_SUBSTANCE)) best = t;
  if (!best) return tasks.at(-1)?.text ?? "";
  const opener = tasks.find((t) => t.substance >= MIN_SUBSTANCE)!;
  return opener.substance >= best.substance * NEAR_BEST ? opener.text : best.text;
}

function firstLine(s: string): string {
  // Not split("\n"): a request can be a long paste, and only its first non-blank line counts.
  for (let i = 0; i < s.length; ) {
    const end = s.indexOf("\n", i);
    const line = s.slice(i, end === -1 ? s.length : end).trim();
    if (line) return line;
    if (end === -1) break;
    i = end + 1;
  }
  return "";
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
