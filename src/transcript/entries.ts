// One transcript line -> the few facts we extract from. Claude Code calls the
// format internal, so this is lenient: anything unexpected becomes `null`, never an error.

export interface LineMeta {
  timestamp?: string;
  cwd?: string;
  gitBranch?: string;
  /** Subagent (sidechain) work counts for files, not for the user's requests. */
  sidechain: boolean;
}

export type Entry =
  | { kind: "prompt"; text: string; meta: LineMeta }
  | { kind: "assistant-text"; text: string; meta: LineMeta }
  | { kind: "tool-use"; name: string; input: Record<string, unknown>; meta: LineMeta }
  | { kind: "compact-boundary"; meta: LineMeta }
  | { kind: "compact-summary"; text: string; meta: LineMeta }
  | { kind: "other"; meta: LineMeta };

// Only these top-level types carry state; everything else (attachments, API request
// dumps of tens of KB) is skipped without paying for JSON.parse.
const INTERESTING = /"type":\s*"(?:user|assistant|system)"/;

/** Text that Claude Code writes as a user line but that the user did not type as a request. */
const NOT_A_PROMPT = /^\s*<(?:command-name|command-message|command-args|local-command-stdout|local-command-stderr|local-command-caveat|system-reminder|task-notification|bash-input|bash-stdout|bash-stderr|user-memory-input)>|^\s*\[Request interrupted by user/;

export function parseLine(line: string): Entry[] {
  if (!INTERESTING.test(line)) return [];
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return [];
  }
  if (!isObject(obj)) return [];
  const meta: LineMeta = {
    timestamp: str(obj.timestamp),
    cwd: str(obj.cwd),
    gitBranch: str(obj.gitBranch),
    sidechain: obj.isSidechain === true,
  };
  switch (obj.type) {
    case "user":
      return userEntries(obj, meta);
    case "assistant":
      return assistantEntries(obj, meta);
    case "system":
      return obj.subtype === "compact_boundary" ? [{ kind: "compact-boundary", meta }] : [{ kind: "other", meta }];
    default:
      return [];
  }
}

function userEntries(obj: Record<string, unknown>, meta: LineMeta): Entry[] {
  const message = isObject(obj.message) ? obj.message : undefined;
  const text = userText(message?.content);
  if (obj.isCompactSummary === true) return text ? [{ kind: "compact-summary", text, meta }] : [];
  // isMeta lines are caveats and hook feedback; sidechain "user" lines are the prompts Claude gave its subagents.
  if (obj.isMeta === true || meta.sidechain || !text || NOT_A_PROMPT.test(text)) return [{ kind: "other", meta }];
  return [{ kind: "prompt", text, meta }];
}

/** The user's typed text: a string, or the text blocks (tool results are not typed by the user). */
function userText(content: unknown): string {
  if (typeof content === "string") return stripReminders(content);
  if (!Array.isArray(content)) return "";
  const parts: string[] = [];
  for (const block of content) {
    if (isObject(block) && block.type === "text" && typeof block.text === "string") {
      const t = stripReminders(block.text);
      if (t && !NOT_A_PROMPT.test(t)) parts.push(t);
    }
  }
  return parts.join("\n").trim();
}

function stripReminders(text: string): string {
  // An unclosed tag strips to the end: `*?` up to a closing tag that never comes is quadratic.
  return text.includes("<system-reminder>") ? text.replace(/<system-reminder>[\s\S]*?(?:<\/system-reminder>|$)/g, "").trim() : text.trim();
}

function assistantEntries(obj: Record<string, unknown>, meta: LineMeta): Entry[] {
  const message = isObject(obj.message) ? obj.message : undefined;
  const content = message?.content;
  if (!Array.isArray(content)) return [];
  const out: Entry[] = [];
  for (const block of content) {
    if (!isObject(block)) continue;
    if (block.type === "text" && typeof block.text === "string" && block.text.trim()) {
      out.push({ kind: "assistant-text", text: block.text, meta });
    } else if (block.type === "tool_use" && typeof block.name === "string" && isObject(block.input)) {
      out.push({ kind: "tool-use", name: block.name, input: block.input, meta });
    }
  }
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v ? v : undefined;
}
