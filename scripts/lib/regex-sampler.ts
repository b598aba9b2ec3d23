// Random strings that match a (JavaScript) regular expression: test data for the secret rules,
// generated from a rule's own definition. Handles the subset the rule tables use: literals,
// escapes, classes, groups (capturing, non-capturing, modifier groups), alternation, bounded
// and unbounded quantifiers, anchors and lookarounds (which emit nothing). The caller checks
// the result against the regex and retries: lookarounds and `\b` are not enforced here.

import type { Rand } from "../../test/support/random.ts";

type Node =
  | { t: "lit"; ch: string }
  | { t: "set"; chars: string[] }
  | { t: "seq"; items: Node[] }
  | { t: "alt"; alts: Node[] }
  | { t: "rep"; node: Node; min: number; max: number }
  | { t: "none" };

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const range = (a: string, b: string) => Array.from({ length: b.charCodeAt(0) - a.charCodeAt(0) + 1 }, (_, i) => String.fromCharCode(a.charCodeAt(0) + i));
const DIGIT = range("0", "9");
const WORD = [...range("a", "z"), ...range("A", "Z"), ...DIGIT, "_"];
const SPACE = [" ", "\t", "\n"];

class Parser {
  i = 0;
  constructor(
    readonly src: string,
    readonly ci: boolean,
  ) {}

  parse(): Node {
    const n = this.alt(this.ci);
    if (this.i < this.src.length) throw new Error(`unexpected ${this.src[this.i]} at ${this.i}`);
    return n;
  }

  private alt(ci: boolean): Node {
    const alts = [this.seq(ci)];
    while (this.src[this.i] === "|") {
      this.i++;
      alts.push(this.seq(ci));
    }
    return alts.length === 1 ? alts[0]! : { t: "alt", alts };
  }

  private seq(ci: boolean): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      let atom = this.atom(ci);
      atom = this.quant(atom);
      items.push(atom);
    }
    return { t: "seq", items };
  }

  private quant(atom: Node): Node {
    const c = this.src[this.i];
    let min: number, max: number;
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.src[this.i] === "?") this.i++;
    return { t: "rep", node: atom, min, max };
  }

  private atom(ci: boolean): Node {
    const c = this.src[this.i++]!;
    if (c === "(") {
      let inner = ci;
      let skip = false;
      if (this.src[this.i] === "?") {
        const rest = this.src.slice(this.i);
        const m = /^\?(?:<([A-Za-z_]\w*)>|(<?[=!])|([a-z]*)(?:-([a-z]+))?:)/.exec(rest);
        if (!m) throw new Error(`group syntax at ${this.i}`);
        this.i += m[0].length;
        if (m[2]) skip = true;
        if (m[3]?.includes("i")) inner = true;
        if (m[4]?.includes("i")) inner = false;
      }
      const n = this.alt(inner);
      if (this.src[this.i++] !== ")") throw new Error("unclosed group");
      return skip ? { t: "none" } : n;
    }
    if (c === "[") return this.cls(ci);
    if (c === "^" || c === "$") return { t: "none" };
    if (c === ".") return { t: "set", chars: PRINTABLE };
    if (c === "\\") return this.escape(ci, false) as Node;
    return this.lit(c, ci);
  }

  private lit(ch: string, ci: boolean): Node {
    if (ci && /[a-z]/i.test(ch)) return { t: "set", chars: [ch.toLowerCase(), ch.toUpperCase()] };
    return { t: "lit", ch };
  }

  private escape(ci: boolean, inClass: boolean): Node | string[] {
    const c = this.src[this.i++]!;
    switch (c) {
      case "d":
        return { t: "set", chars: DIGIT };
      case "w":
        return { t: "set", chars: WORD };
      case "s":
        return { t: "set", chars: SPACE };
      case "D":
        return { t: "set", chars: PRINTABLE.filter((x) => !DIGIT.includes(x)) };
      case "W":
        return { t: "set", chars: PRINTABLE.filter((x) => !WORD.includes(x)) };
      case "S":
        return { t: "set", chars: PRINTABLE.filter((x) => x !== " ") };
      case "b":
        return inClass ? { t: "lit", ch: "\b" } : { t: "none" };
      case "B":
        return { t: "none" };
      case "n":
        return { t: "lit", ch: "\n" };
      case "r":
        return { t: "lit", ch: "\r" };
      case "t":
        return { t: "lit", ch: "\t" };
      case "x": {
        const h = this.src.slice(this.i, this.i + 2);
        this.i += 2;
        return this.lit(String.fromCharCode(parseInt(h, 16)), ci);
      }
      default:
        return this.lit(c, ci);
    }
  }

  private cls(ci: boolean): Node {
    let neg = false;
    if (this.src[this.i] === "^") {
      neg = true;
      this.i++;
    }
    const chars = new Set<string>();
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== "]" || first)) {
      first = false;
      let item: string[];
      let single: string | null = null;
      if (this.src[this.i] === "\\") {
        this.i++;
        const e = this.escape(false, true) as Node;
        if (e.t === "set") item = e.chars;
        else if (e.t === "lit") single = e.ch;
        else item = [];
        item ??= [];
      } else single = this.src[this.i++]!;
      if (single !== null && this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length) {
        this.i++;
        let to = this.src[this.i++]!;
        if (to === "\\") to = (this.escape(false, true) as Node as { ch: string }).ch;
        item = range(single, to);
      } else if (single !== null) item = [single];
      for (const x of item!) {
        chars.add(x);
        if (ci && /[a-z]/i.test(x)) {
          chars.add(x.toLowerCase());
          chars.add(x.toUpperCase());
        }
      }
    }
    this.i++; // ]
    const list = neg ? PRINTABLE.filter((x) => !chars.has(x) && x !== "\n") : [...chars];
    return { t: "set", chars: list };
  }
}

function gen(n: Node, rand: Rand, out: string[]): void {
  switch (n.t) {
    case "lit":
      out.push(n.ch);
      break;
    case "set":
      out.push(n.chars[Math.floor(rand() * n.chars.length)] ?? "");
      break;
    case "seq":
      for (const x of n.items) gen(x, rand, out);
      break;
    case "alt":
      gen(n.alts[Math.floor(rand() * n.alts.length)]!, rand, out);
      break;
    case "rep": {
      const hi = Math.min(n.max, n.min + (n.min === 0 ? 3 : 8));
      const k = n.min + Math.floor(rand() * (hi - n.min + 1));
      for (let j = 0; j < k; j++) gen(n.node, rand, out);
      break;
    }
    case "none":
      break;
  }
}

/** One random string matching `source` (with flags `i` honoured), or null after `tries` failed attempts. */
export function sampleRegex(source: string, flags: string, rand: Rand, tries = 40, accept: (s: string) => boolean = () => true): string | null {
  const ast = new Parser(source, flags.includes("i")).parse();
  const re = new RegExp(source, flags.replace("g", ""));
  for (let k = 0; k < tries; k++) {
    const out: string[] = [];
    gen(ast, rand, out);
    const s = out.join("");
    const m = re.exec(s);
    if (m && m[0] === s && accept(s)) return s;
  }
  return null;
}

function maxLen(n: Node): number {
  switch (n.t) {
    case "lit":
    case "set":
      return 1;
    case "seq":
      return n.items.reduce((s, x) => s + maxLen(x), 0);
    case "alt":
      return Math.max(...n.alts.map(maxLen));
    case "rep":
      return n.max * maxLen(n.node);
    case "none":
      return 0;
  }
}

/** The longest string `source` can match (Infinity when unbounded); lookarounds count as nothing. */
export function maxMatchLength(source: string): number {
  return maxLen(new Parser(source, false).parse());
}
