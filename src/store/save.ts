// What saving a session writes: the stored cursor and the save made of a record and a
// cursor. No store here: backfill's workers prepare their saves beside the read.
import type { SessionRecord } from "../record.ts";
import type { ExtractState } from "../extract/state.ts";
import type { FileCursor } from "../transcript/reader.ts";
import { takeExchanges, type Exchange } from "../extract/exchanges.ts";

export interface Cursor {
  extract: ExtractState;
  /** Per transcript file (the session's and its subagents'). */
  files: Record<string, FileCursor>;
}

export interface VersionedCursor {
  cursor: Cursor;
  version: number;
}

/**
 * What saving a session writes, made without the store: backfill's workers make it beside the
 * read, so that the writing thread gets strings to store instead of object graphs to copy across
 * threads and serialize again.
 */
export interface PreparedSave {
  record: SessionRecord;
  recordJson: string;
  /** The turns read since the last save, and the one in progress. */
  exchanges: Exchange[];
  /** The cursor as stored: without those turns (the one in progress stays in it until closed). */
  cursorJson: string;
  /** The archive holds every turn (a cursor from before the archive does not: backfill fills it). */
  complete: boolean;
}

/** Takes the turns to store out of the cursor's log. */
export function prepareSave(record: SessionRecord, cursor: Cursor): PreparedSave {
  const log = cursor.extract.exchanges;
  const exchanges = takeExchanges(log);
  return {
    record,
    recordJson: JSON.stringify(record),
    exchanges,
    cursorJson: JSON.stringify(cursor),
    complete: !!log?.fromStart || record.turn_count === 0,
  };
}
