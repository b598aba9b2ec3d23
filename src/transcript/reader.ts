// Incremental JSONL reading. Each call reads only the bytes appended since the
// cursor, hands over complete lines, and returns the new cursor. The last line may
// still be being written, so an unterminated tail is left for the next call.
import { closeSync, fstatSync, openSync, readSync, constants } from "node:fs";

export interface FileCursor {
  offset: number;
  /** Identity of the file we read, to notice a replaced file. */
  ino: number;
  /** Hash of the first `headLen` bytes, to notice a file rewritten in place. */
  head: string;
  headLen: number;
  /** The read stopped inside an over-long line: skip on to its end next time. */
  skipping?: boolean;
}

export interface ReadResult {
  cursor: FileCursor;
  /** True when the file was new to us, or replaced/shrunk and re-read from the start. */
  fromStart: boolean;
  /** False when the deadline stopped the read before the end of the file. */
  complete: boolean;
  bytesRead: number;
  linesSkippedTooLong: number;
  /** Complete lines read, and of them those that begin like a JSON object (`{`). */
  linesRead: number;
  objectLines: number;
}

export interface ReadOptions {
  /** Stop between chunks past this `performance.now()`; the cursor keeps the place. */
  deadline?: number;
  /** Told how many bytes there are to read, before reading them. */
  beforeRead?: (bytes: number) => void;
}

const CHUNK = 1 << 20;
let chunkBuffer: Buffer | undefined;
/** Longer lines are skipped: the big ones are API request dumps and file contents, not state we need. */
export const MAX_LINE_BYTES = 16 << 20;
const HEAD_BYTES = 1024;

export class NotARegularFile extends Error {}

/**
 * Feed every complete line appended to `path` since `cursor` to `onLine`, as its bytes (BOM and
 * a trailing CR off; valid only during the call). Lines stay bytes: most of a transcript is lines
 * nobody reads (attachments, API dumps), and the rest parse faster from UTF-8 than from a decoded
 * string (see entries.ts).
 * Throws ENOENT / NotARegularFile for the caller to log; never opens a FIFO for reading
 * (that would block), since the file is checked with O_NONBLOCK + fstat first.
 */
export function readAppended(path: string, cursor: FileCursor | undefined, onLine: (line: Buffer) => void, opts: ReadOptions = {}): ReadResult {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NotARegularFile(`${path} is not a regular file`);
    const size = st.size;
    let start = cursor?.offset ?? 0;
    let fromStart = !cursor;
    if (cursor && (cursor.ino !== st.ino || size < cursor.offset || headHash(fd, cursor.headLen) !== cursor.head)) {
      start = 0;
      fromStart = true;
    }
    opts.beforeRead?.(size - start);
    const lines = new LineSink(onLine);
    const { end, skipped, done, skipping } = readLines(fd, start, size, lines, opts.deadline ?? Infinity, !fromStart && !!cursor?.skipping);
    const headLen = Math.min(HEAD_BYTES, size);
    const head = cursor && !fromStart && cursor.headLen === headLen ? cursor.head : headHash(fd, headLen);
    return {
      cursor: { offset: end, ino: st.ino, head, headLen, ...(skipping ? { skipping } : {}) },
      fromStart,
      complete: done,
      bytesRead: end - start,
      linesSkippedTooLong: skipped,
      linesRead: lines.count,
      objectLines: lines.objects,
    };
  } finally {
    closeSync(fd);
  }
}

function headHash(fd: number, len: number): string {
  if (len <= 0) return "";
  const buf = Buffer.allocUnsafe(len);
  const n = readSync(fd, buf, 0, len, 0);
  return Bun.hash(buf.subarray(0, n)).toString(16);
}

/** Reads [start, size) and returns the offset just past the last newline seen. */
// Past `deadline` (a performance.now() value) it stops between chunks: the cursor
// keeps the place and the next hook carries on, so no hook runs unbounded.
function readLines(
  fd: number,
  start: number,
  size: number,
  sink: LineSink,
  deadline: number,
  skippingAtStart: boolean,
): { end: number; skipped: number; done: boolean; skipping: boolean } {
  // One buffer per thread, reused: backfill reads thousands of files, and a fresh
  // megabyte each time is page faults and RSS for nothing. Nothing keeps a view of it
  // past this call (carried bytes are copied).
  const buf = (chunkBuffer ??= Buffer.allocUnsafe(CHUNK));
  let pos = start;
  let end = start; // offset after the last complete line
  let carry: Buffer[] = []; // bytes of the current unterminated line
  let carryLen = 0;
  let skipping = skippingAtStart; // inside an over-long line: drop bytes until its newline
  let skipped = 0;

  while (pos < size && performance.now() < deadline) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, size - pos), pos);
    if (n <= 0) break;
    const chunk = buf.subarray(0, n);
    let from = 0;
    let nl = chunk.indexOf(10, from);
    while (nl !== -1) {
      const piece = chunk.subarray(from, nl);
      if (skipping || carryLen + piece.length > MAX_LINE_BYTES) {
        if (!skipping) skipped++;
        skipping = false;
      } else {
        const bytes = carryLen ? Buffer.concat([...carry, piece]) : piece;
        sink.line(bytes);
      }
      carry = [];
      carryLen = 0;
      end = pos + nl + 1;
      from = nl + 1;
      nl = chunk.indexOf(10, from);
    }
    if (from < n && !skipping) {
      carry.push(Buffer.from(chunk.subarray(from, n)));
      carryLen += n - from;
      if (carryLen > MAX_LINE_BYTES) {
        skipping = true;
        skipped++;
        carry = [];
        carryLen = 0;
      }
    }
    pos += n;
  }
  // Bytes of an over-long line are consumed, not re-read by every later hook.
  if (skipping) end = pos;
  return { end, skipped, done: pos >= size, skipping };
}

/** Counts the lines and hands them on. */
class LineSink {
  count = 0;
  objects = 0;
  constructor(private readonly onLine: (line: Buffer) => void) {}

  line(raw: Buffer): void {
    // A BOM or a CR from a Windows editor must not make a line unparseable.
    const from = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
    const to = raw.length > from && raw[raw.length - 1] === 13 ? raw.length - 1 : raw.length;
    if (to <= from) return;
    const bytes = from || to < raw.length ? raw.subarray(from, to) : raw;
    this.count++;
    if (bytes[0] === 123 /* { */) this.objects++;
    this.onLine(bytes);
  }
}
