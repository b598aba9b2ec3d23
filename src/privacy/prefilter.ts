// Which keywords occur in a text, and where, in one pass: an Aho-Corasick automaton over the
// rules' keywords, matched case-insensitively (ASCII). Only rules whose keyword occurs run, and
// most of them only around the occurrences (see generated.ts). The automaton is a full DFA over
// the few characters keywords use: one table lookup per character of text.

export interface KeywordHits {
  /** Per keyword index: start offsets of its occurrences, in order; undefined when absent. */
  at: (number[] | undefined)[];
}

export class KeywordScanner {
  private readonly classOf = new Uint8Array(128);
  private readonly width: number;
  private readonly delta: Int32Array;
  /** Per state: the keywords (indices) that end there, or null. */
  private readonly out: (number[] | null)[];
  private readonly lengths: number[];

  /** Per keyword: 1 when only its presence matters (its first offset is kept, not every one). */
  private readonly presenceOnly: Uint8Array;

  /** `firstPositional`: keywords from this index on only need presence (pattern hints). */
  constructor(readonly keywords: readonly string[], firstPresenceOnly = keywords.length) {
    this.presenceOnly = new Uint8Array(keywords.length);
    for (let i = firstPresenceOnly; i < keywords.length; i++) this.presenceOnly[i] = 1;
    // Character classes: every character some keyword uses gets its own; everything else is 0.
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
    this.lengths = keywords.map((w) => w.length);

    // Trie.
    const next: number[][] = [new Array(k).fill(-1)];
    const out: (number[] | null)[] = [null];
    keywords.forEach((w, idx) => {
      let s = 0;
      for (const ch of w) {
        const cls = this.classOf[ch.charCodeAt(0)]!;
        if (next[s]![cls] === -1) {
          next[s]![cls] = next.length;
          next.push(new Array(k).fill(-1));
          out.push(null);
        }
        s = next[s]![cls]!;
      }
      (out[s] ??= []).push(idx);
    });

    // Breadth-first: failure links folded into a full transition table.
    const n = next.length;
    const delta = new Int32Array(n * k);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 0; c < k; c++) {
      const t = next[0]![c]!;
      delta[c] = t === -1 ? 0 : t;
      if (t !== -1) queue.push(t);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      const f = fail[s]!;
      if (out[f]) out[s] = [...(out[s] ?? []), ...out[f]!];
      for (let c = 0; c < k; c++) {
        const t = next[s]![c]!;
        if (t === -1) delta[s * k + c] = delta[f * k + c]!;
        else {
          delta[s * k + c] = t;
          fail[t] = delta[f * k + c]!;
          queue.push(t);
        }
      }
    }
    this.delta = delta;
    this.out = out;
  }

  scan(text: string): KeywordHits {
    const at: (number[] | undefined)[] = new Array(this.keywords.length);
    const { classOf, delta, out, width, lengths, presenceOnly } = this;
    let s = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      s = delta[s * width + (c < 128 ? classOf[c]! : 0)]!;
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
