// Which keywords occur in a text, and where, in one pass: an Aho-Corasick automaton over the
// rules' keywords, matched case-insensitively (ASCII). Only rules whose keyword occurs run, and
// most of them only around the occurrences (see generated.ts). Edges are a flat table over the few
// characters keywords use; a character no keyword has resets at once (most of any text).

export interface KeywordHits {
  /** Per keyword index: start offsets of its occurrences, in order; undefined when absent. */
  at: (number[] | undefined)[];
  /** The keywords that occur, by their first occurrence: most texts hold few, so callers walk these. */
  found: number[];
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
  /** Per state and class: target state + 1, or 0 (Uint16, or Uint32 when `wide`). */
  next: string;
  wide: boolean;
  /** Per state: its failure link (Int32). */
  fail: string;
  /** The keywords ending at state s are outData[outStart[s]..outStart[s + 1]] (Int32 both). */
  outStart: string;
  outData: string;
}

export class KeywordScanner {
  private readonly classOf: Uint8Array;
  private readonly width: number;
  private readonly next: Uint16Array | Uint32Array;
  private readonly fail: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outData: Int32Array;
  private readonly lengths: number[];
  /** Per keyword: 1 when only its presence matters (its first offset is kept, not every one). */
  private readonly presenceOnly: Uint8Array;

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
    if (built) {
      this.width = built.width;
      this.classOf = decode(built.classOf);
      const next = decode(built.next);
      this.next = built.wide ? new Uint32Array(next.buffer) : new Uint16Array(next.buffer);
      this.fail = new Int32Array(decode(built.fail).buffer);
      this.outStart = new Int32Array(decode(built.outStart).buffer);
      this.outData = new Int32Array(decode(built.outData).buffer);
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

    // Trie edges in a flat table holding target + 1 (0: none, so a fresh zeroed array is an empty
    // table), failure links breadth-first.
    const max = keywords.reduce((n, w) => n + w.length, 1);
    const next = max < 0xffff ? new Uint16Array(max * k) : new Uint32Array(max * k);
    const out: (number[] | null)[] = [null];
    const edges: number[][] = [[]];
    let states = 1;
    keywords.forEach((w, idx) => {
      let st = 0;
      for (let i = 0; i < w.length; i++) {
        const cls = this.classOf[w.charCodeAt(i)]!;
        const at = st * k + cls;
        if (next[at] === 0) {
          next[at] = ++states;
          out.push(null);
          edges.push([]);
          edges[st]!.push(cls);
        }
        st = next[at]! - 1;
      }
      (out[st] ??= []).push(idx);
    });
    const fail = new Int32Array(states);
    const queue = new Int32Array(states);
    let qn = 0;
    for (const c of edges[0]!) queue[qn++] = next[c]! - 1;
    for (let qi = 0; qi < qn; qi++) {
      const st = queue[qi]!;
      for (const c of edges[st]!) {
        const t = next[st * k + c]! - 1;
        let f = fail[st]!;
        while (f !== 0 && next[f * k + c] === 0) f = fail[f]!;
        const g = next[f * k + c]! - 1;
        fail[t] = g === -1 || g === t ? 0 : g;
        const fo = out[fail[t]!];
        if (fo) out[t] = out[t] ? [...out[t]!, ...fo] : fo;
        queue[qn++] = t;
      }
    }
    this.fail = fail;
    this.next = next.subarray(0, states * k);
    this.outStart = new Int32Array(states + 1);
    for (let s = 0; s < states; s++) this.outStart[s + 1] = this.outStart[s]! + (out[s]?.length ?? 0);
    this.outData = Int32Array.from(out.flatMap((o) => o ?? []));
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
      fail: encode(this.fail),
      outStart: encode(this.outStart),
      outData: encode(this.outData),
    };
  }

  scan(text: string): KeywordHits {
    const at: (number[] | undefined)[] = new Array(this.keywords.length);
    const found: number[] = [];
    const { classOf, next, fail, outStart, outData, width, lengths, presenceOnly } = this;
    let s = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      const cls = c < 128 ? classOf[c]! : 0;
      if (cls === 0) {
        s = 0; // a character no keyword has
        continue;
      }
      let t = next[s * width + cls]!;
      while (t === 0 && s !== 0) {
        s = fail[s]!;
        t = next[s * width + cls]!;
      }
      s = t === 0 ? 0 : t - 1;
      for (let j = outStart[s]!, end = outStart[s + 1]!; j < end; j++) {
        const kw = outData[j]!;
        const list = at[kw];
        if (list === undefined) {
          at[kw] = [i - lengths[kw]! + 1];
          found.push(kw);
        } else if (presenceOnly[kw] === 0) list.push(i - lengths[kw]! + 1);
      }
    }
    return { at, found };
  }
}

// Deflated first: the edge table is mostly zeros, and inflating natively costs a fresh process far
// less than reading (and decoding) ten times the base64.
const encode = (a: Uint8Array | Uint16Array | Uint32Array | Int32Array) =>
  Bun.deflateSync(new Uint8Array(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength)).toBase64();
/** A fresh buffer (offset 0): wider views over it are aligned. */
const decode = (b64: string) => new Uint8Array(Bun.inflateSync(Uint8Array.fromBase64(b64)));
