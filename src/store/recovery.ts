// The record saved before a compaction, for the SessionStart that follows it (and only that
// session's: there is no shared slot another session could fill).
import type { Database } from "bun:sqlite";
import type { SessionRecord } from "../record.ts";

export function saveRecovery(db: Database, record: SessionRecord, at: string): void {
  db.query(
    "INSERT INTO recovery (session_id, record, created_at) VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET record = excluded.record, created_at = excluded.created_at",
  ).run(record.session_id, JSON.stringify(record), at);
}

export function peekRecovery(db: Database, sessionId: string): SessionRecord | null {
  const row = db.query("SELECT record FROM recovery WHERE session_id = ?").get(sessionId) as { record: string } | null;
  return row ? (JSON.parse(row.record) as SessionRecord) : null;
}

export function takeRecovery(db: Database, sessionId: string): SessionRecord | null {
  return db
    .transaction(() => {
      const row = db.query("SELECT record FROM recovery WHERE session_id = ?").get(sessionId) as { record: string } | null;
      if (row) db.query("DELETE FROM recovery WHERE session_id = ?").run(sessionId);
      return row ? (JSON.parse(row.record) as SessionRecord) : null;
    })
    .immediate();
}
