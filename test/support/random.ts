// Seeded generators: the same seed gives the same data, so a failure or a figure can be
// reproduced. Three, each pinned by what was made with it: changing one would change the
// stress inputs of a printed seed, the secret-rule samples, or the corpora behind the
// README's recall and backfill figures.

/** A uniform number in [0, 1). */
export type Rand = () => number;

/** mulberry32: small and fast; the secret-rule samples and the backfill bench's tree. */
export function mulberry32(seed: number): Rand {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The C library's linear congruential generator (31 bits): the recall corpora. */
export function lcg(seed: number): Rand {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t = t ^ (t >>> 15);
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/** sfc32 seeded through splitmix32, with the draws a fuzzer needs, and forks: the stress test. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    const sm = splitmix32(seed >>> 0);
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  /** Pick by weight: [[weight, value], ...]. */
  weighted<T>(xs: readonly (readonly [number, T])[]): T {
    const total = xs.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of xs) if ((r -= w) < 0) return v;
    return xs[xs.length - 1]![1];
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.u32();
      out[i] = v & 255;
      if (i + 1 < n) out[i + 1] = (v >>> 8) & 255;
      if (i + 2 < n) out[i + 2] = (v >>> 16) & 255;
      if (i + 3 < n) out[i + 3] = v >>> 24;
    }
    return out;
  }
  /** An independent stream for a sub-task, so one phase's draws never shift another's. */
  fork(label: string | number): Rng {
    return new Rng((this.u32() ^ Number(Bun.hash(String(label)) & 0xffffffffn)) >>> 0);
  }
}

/** The stream of one named task of a run: the run's seed and the label decide it. */
export function seededRng(seed: number, label: string): Rng {
  return new Rng((seed ^ Number(Bun.hash(label) & 0xffffffffn)) >>> 0);
}

/** A copy of `xs` in a random order (Fisher-Yates). */
export function shuffle<T>(xs: readonly T[], r: Rng): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
