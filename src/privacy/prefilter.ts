// Which keywords occur in a text, and where, in one pass: an Aho-Corasick automaton over the
// rules' keywords, matched case-insensitively (ASCII). Only rules whose keyword occurs run, and
// most of them only around the occurrences (see generated.ts). The automaton is stored as a
// complete DFA over the few characters keywords use (failure links folded in when it is built,
// at build time): one table load per character, where following failure links cost a loop. A
// character no keyword has resets at once (most of any text).

export interface KeywordHits {
  /** The keywords that occur, by their first occurrence: most texts hold few, so callers walk these. */
  found: number[];
  /** Beside each of `found`: the start offsets of its occurrences, in order (the first only, for presence-only keywords). */
  at: number[][];
}

/**
 * A built automaton as data, what a build-time macro hands to the binary (builtin-scanner.ts).
 * The tables are typed arrays, deflated, in base64: a fresh process decodes them natively, where a loop
 * filling them would run in the interpreter (cold code costs a hook several milliseconds).
 */
export interface ScannerData {
  keywords: string[];
  firstPresenceOnly: number;
  width: number;
  /** Per ASCII character: its class (Uint8). */
  classOf: string;
  /** Per state and class: the next state (Uint16, or Uint32 when `wide`). */
  next: string;
  wide: boolean;
  /** The keywords ending at state s are outData[outStart[s]..outStart[s + 1]] (Int32 both). */
  outStart: string;
  outData: string;
}

export class KeywordScanner {
  private readonly classOf: Uint8Array;
  private readonly width: number;
  private readonly next: Uint16Array | Uint32Array;
  /** Per state: 1 when some keyword ends there. */
  private readonly ends: Uint8Array;
  private readonly outStart: Int32Array;
  private readonly outData: Int32Array;
  private readonly lengths: number[];
  /** Per keyword: 1 when only its presence matters (its first offset is kept, not every one). */
  private readonly presenceOnly: Uint8Array;
  /** Per keyword: its place in the current scan's `found`, or -1 (reset after each scan). */
  private readonly slot: Int32Array;

  /**
   * `firstPresenceOnly`: keywords from this index on only need presence (pattern hints).
   * `built`: the automaton over these keywords, already built (`toData`).
   */
  constructor(
    readonly keywords: readonly string[],
    readonly firstPresenceOnly = keywords.length,
    built?: ScannerData,
  ) {
    this.presenceOnly = new Uint8Array(keywords.length);
    this.presenceOnly.fill(1, firstPresenceOnly);
    this.lengths = keywords.map((w) => w.length);
    this.slot = new Int32Array(keywords.length).fill(-1);
    if (built) {
      this.width = built.width;
      this.classOf = decode(built.classOf);
      const next = decode(built.next);
      this.next = built.wide ? new Uint32Array(next.buffer) : new Uint16Array(next.buffer);
      this.outStart = new Int32Array(decode(built.outStart).buffer);
      this.outData = new Int32Array(decode(built.outData).buffer);
      this.ends = endsOf(this.outStart);
      return;
    }
    // Character classes: every character some keyword uses gets its own; everything else is 0.
    this.classOf = new Uint8Array(128);
    let k = 1;
    for (const w of keywords) {
      for (const ch of w) {
        const c = ch.charCodeAt(0);
        if (c >= 128) throw new Error(`keyword ${JSON.stringify(w)}: ASCII only`);
        if (!this.classOf[c]) this.classOf[c] = k++;
      }
    }
    // Upper-case letters fold onto lower case.
    for (let c = 65; c <= 90; c++) this.classOf[c] = this.classOf[c + 32]!;
    this.width = k;

    // The trie: edges in a flat table holding target + 1 (0: none, so a fresh zeroed array is an empty table).
    const max = keywords.reduce((n, w) => n + w.length, 1);
    const trie = new Int32Array(max * k);
    const out: (number[] | null)[] = [null];
    let states = 1;
    keywords.forEach((w, idx) => {
      let st = 0;
      for (let i = 0; i < w.length; i++) {
        const at = st * k + this.classOf[w.charCodeAt(i)]!;
        if (trie[at] === 0) {
          trie[at] = ++states;
          out.push(null);
        }
        st = trie[at]! - 1;
      }
      (out[st] ??= []).push(idx);
    });
    // Breadth first, so that a state's failure state is complete before it: a missing edge goes
    // where the failure state's edge goes, and a state ends the keywords its failure state ends.
    const next = states < 0xffff ? new Uint16Array(states * k) : new Uint32Array(states * k);
    const fail = new Int32Array(states);
    const queue = new Int32Array(states);
    let qn = 1;
    for (let qi = 0; qi < qn; qi++) {
      const st = queue[qi]!;
      const f = fail[st]!;
      for (let c = 1; c < k; c++) {
        const t = trie[st * k + c]! - 1;
        if (t === -1) {
          next[st * k + c] = st === 0 ? 0 : next[f * k + c]!;
          continue;
        }
        next[st * k + c] = t;
        fail[t] = st === 0 ? 0 : next[f * k + c]!;
        const fo = out[fail[t]!];
        if (fo) out[t] = out[t] ? [...out[t]!, ...fo] : fo;
        queue[qn++] = t;
      }
    }
    this.next = next;
    this.outStart = new Int32Array(states + 1);
    for (let s = 0; s < states; s++) this.outStart[s + 1] = this.outStart[s]! + (out[s]?.length ?? 0);
    this.outData = Int32Array.from(out.flatMap((o) => o ?? []));
    this.ends = endsOf(this.outStart);
  }

  /** This automaton as data, for `new KeywordScanner(keywords, firstPresenceOnly, data)`. */
  toData(): ScannerData {
    return {
      keywords: [...this.keywords],
      firstPresenceOnly: this.firstPresenceOnly,
      width: this.width,
      classOf: encode(this.classOf),
      next: encode(this.next),
      wide: this.next instanceof Uint32Array,
      outStart: encode(this.outStart),
      outData: encode(this.outData),
    };
  }

  scan(text: string): KeywordHits {
    const found: number[] = [];
    const at: number[][] = [];
    const { classOf, next, ends, outStart, outData, width, lengths, presenceOnly, slot } = this;
    let s = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      const cls = c < 128 ? classOf[c]! : 0;
      if (cls === 0) {
        s = 0; // a character no keyword has
        continue;
      }
      s = next[s * width + cls]!;
      if (ends[s] === 0) continue;
      for (let j = outStart[s]!, end = outStart[s + 1]!; j < end; j++) {
        const kw = outData[j]!;
        const k = slot[kw]!;
        if (k === -1) {
          slot[kw] = found.push(kw) - 1;
          at.push([i - lengths[kw]! + 1]);
        } else if (presenceOnly[kw] === 0) at[k]!.push(i - lengths[kw]! + 1);
      }
    }
    for (const kw of found) slot[kw] = -1;
    return { found, at };
  }
}

function endsOf(outStart: Int32Array): Uint8Array {
  const ends = new Uint8Array(outStart.length - 1);
  for (let s = 0; s < ends.length; s++) ends[s] = outStart[s + 1]! > outStart[s]! ? 1 : 0;
  return ends;
}

// Deflated first: the edge table is mostly zeros, and inflating natively costs a fresh process far
// less than reading (and decoding) ten times the base64.
const encode = (a: Uint8Array | Uint16Array | Uint32Array | Int32Array) =>
  Bun.deflateSync(new Uint8Array(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength)).toBase64();
/** A fresh buffer (offset 0): wider views over it are aligned. */
const decode = (b64: string) => new Uint8Array(Bun.inflateSync(Uint8Array.fromBase64(b64)));
