// Session records made by hand, for the pure functions that take them (context/, the UI's
// views): every field present, empty unless given.
import type { SessionRecord } from "../../src/record.ts";

export function record(fields: Partial<SessionRecord> = {}): SessionRecord {
  const at = fields.updated_at ?? "2026-11-01T10:00:00.000Z";
  return {
    session_id: "0123abcd-0000-4000-8000-000000000000",
    title: null,
    timestamp: at,
    turn_count: 0,
    working_on: "",
    last_user_request: "",
    last_assistant_response: "",
    decisions: [],
    files_modified: [],
    topics: [],
    project: "/home/dev/src/shop",
    repo: "/home/dev/src/shop",
    cwd: "/home/dev/src/shop",
    git_branch: null,
    started_at: at,
    updated_at: at,
    todos: [],
    compactions: 0,
    compact_summary: null,
    requests: [],
    transcript_path: null,
    ...fields,
  };
}
