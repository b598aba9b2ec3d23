// Which keywords occur in a text, and where, in one pass: an Aho-Corasick automaton over the
// rules' keywords, matched case-insensitively (ASCII). Only rules whose keyword occurs run, and
// most of them only around the occurrences (see generated.ts). Edges are a flat table over the few
// characters keywords use; a character no keyword has resets at once (most of any text).

export interface KeywordHits {
  /** Per keyword index: start offsets of its occurrences, in order; undefined when absent. */
  at: (number[] | undefined)[];
}

/** A built scanner as plain data: what a build-time macro hands to the binary (see keywords.ts). */
export interface ScannerData {
  keywords: string[];
  firstPresenceOnly: number;
  /** Base64 of the typed arrays: classes of the ASCII characters; trie edges as (state, class, target) triples; failure links. */
  classOf: string;
  edges: string;
  fail: string;
  /** [state, keyword...] for every state where keywords end (after the failure links' outputs are merged in). */
  out: number[][];
}

export class KeywordScanner {
  private readonly classOf: Uint8Array;
  private readonly width: number;
  private readonly next: Uint16Array | Uint32Array;
  private readonly fail: Int32Array;
  /** Per state: the keywords (indices) that end there, or null. */
  private readonly out: (number[] | null)[];
  private readonly lengths: number[];
  /** Per keyword: 1 when only its presence matters (its first offset is kept, not every one). */
  private readonly presenceOnly: Uint8Array;

  /** `firstPresenceOnly`: keywords from this index on only need presence (pattern hints). */
  constructor(readonly keywords: readonly string[], readonly firstPresenceOnly = keywords.length, built?: ScannerData) {
    this.presenceOnly = new Uint8Array(keywords.length);
    for (let i = firstPresenceOnly; i < keywords.length; i++) this.presenceOnly[i] = 1;
    this.lengths = keywords.map((w) => w.length);
    if (built) {
      // Loading a prebuilt automaton: one pass over its edges (a few thousand), no trie walk.
      this.classOf = decode(built.classOf, Uint8Array);
      const edges = decode(built.edges, Uint32Array);
      this.fail = decode(built.fail, Int32Array);
      const states = this.fail.length;
      this.width = Math.max(...this.classOf) + 1;
      this.next = tableFor(states, this.width);
      for (let i = 0; i < edges.length; i += 3) this.next[edges[i]! * this.width + edges[i + 1]!] = edges[i + 2]! + 1;
      this.out = new Array<number[] | null>(states).fill(null);
      for (const [state, ...kws] of built.out) this.out[state!] = kws;
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
    // table: no fill, and pages no edge touches are never even mapped), failure links breadth-first.
    const max = keywords.reduce((n, w) => n + w.length, 1);
    const next = tableFor(max, k);
    const outList: (number[] | null)[] = [null];
    const edges: number[][] = [[]];
    let states = 1;
    keywords.forEach((w, idx) => {
      let st = 0;
      for (let i = 0; i < w.length; i++) {
        const cls = this.classOf[w.charCodeAt(i)]!;
        const at = st * k + cls;
        if (next[at] === 0) {
          next[at] = ++states;
          outList.push(null);
          edges.push([]);
          edges[st]!.push(cls);
        }
        st = next[at]! - 1;
      }
      (outList[st] ??= []).push(idx);
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
        const fo = outList[fail[t]!];
        if (fo) outList[t] = outList[t] ? [...outList[t]!, ...fo] : fo;
        queue[qn++] = t;
      }
    }
    this.fail = fail;
    this.next = next;
    this.out = outList;
  }

  /** This automaton as data, for `new KeywordScanner(keywords, firstPresenceOnly, data)`. */
  toData(): ScannerData {
    const states = this.fail.length;
    const edges: number[] = [];
    for (let s = 0; s < states; s++) {
      for (let c = 1; c < this.width; c++) {
        const t = this.next[s * this.width + c]!;
        if (t !== 0) edges.push(s, c, t - 1);
      }
    }
    const out: number[][] = [];
    this.out.forEach((o, s) => o && out.push([s, ...o]));
    return {
      keywords: [...this.keywords],
      firstPresenceOnly: this.firstPresenceOnly,
      classOf: encode(this.classOf),
      edges: encode(Uint32Array.from(edges)),
      fail: encode(this.fail.slice(0, states)),
      out,
    };
  }

  scan(text: string): KeywordHits {
    const at: (number[] | undefined)[] = new Array(this.keywords.length);
    const { classOf, next, fail, out, width, lengths, presenceOnly } = this;
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
      const o = out[s]!;
      if (o !== null) {
        for (let j = 0; j < o.length; j++) {
          const kw = o[j]!;
          const list = at[kw];
          if (list === undefined) at[kw] = [i - lengths[kw]! + 1];
          else if (presenceOnly[kw] === 0) list.push(i - lengths[kw]! + 1);
        }
      }
    }
    return { at };
  }
}

function tableFor(states: number, width: number): Uint16Array | Uint32Array {
  return states < 0xffff ? new Uint16Array(states * width) : new Uint32Array(states * width);
}

const encode = (a: Uint8Array | Uint32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

function decode<T extends Uint8Array | Uint32Array | Int32Array>(b64: string, Kind: { new (buffer: ArrayBuffer): T }): T {
  const bytes = Buffer.from(b64, "base64");
  // A copy: Buffer may sit at an offset of a shared pool that is not aligned for wider types.
  return new Kind(new Uint8Array(bytes).buffer);
}
