// Reading one shell word: quotes, backslashes, `$'...'`, parameter and command
// substitutions, backticks, `~`, globs. The scanner in ./shell.ts calls readWord where
// a word starts; readWord calls back into it for the commands inside `$( ... )`.

export interface Word {
  /**
   * The word after quote removal. Expansions a caller may know are kept as markers:
   * `\0NAME\0` for `$NAME` and `${NAME}`, `\0~\0` for a leading unquoted `~`.
   */
  text: string;
  /** Holds what only a running shell knows: `$(...)`, backticks, `$1`, `${x:-y}`, `$((...))`, `~user`. */
  dynamic: boolean;
  /** Has unquoted glob characters or braces we do not expand (`*`, `?`, `[ab]`, `{}`): it may stand for other words. */
  glob: boolean;
  /** Some part was quoted or escaped (a quoted word is never a reserved word). */
  quoted: boolean;
}

export interface ScanState {
  readonly src: string;
  /** The read position, moved forward by whoever reads. */
  i: number;
  /** Characters brace expansions may still make in this script (they multiply words). */
  expansionBudget: number;
  /** Reads `cmds )` after a `$(`, `(`, `<(` or `>(` as commands of a subshell. */
  subshell(depth: number): void;
}

// Character classes, by code: what ends a word, what a run of plain characters may not contain.
export const META = new Uint8Array(128);
for (const c of " \t\r\n;&|()<>") META[c.charCodeAt(0)] = 1;
const SPECIAL = new Uint8Array(128);
for (const c of " \t\r\n;&|()<>\\'\"$`*?[{},~") SPECIAL[c.charCodeAt(0)] = 1;

interface WordBuilder extends Word {
  /** Where unquoted `{`, `,` and `}` sit in `text`. */
  braces: number[];
  bracket: boolean;
}

/** One word, or the several a brace expansion (`file{,.bak}`) makes of it. */
export function readWord(s: ScanState, depth: number): Word | Word[] {
  const src = s.src;
  const n = src.length;
  const w: WordBuilder = { text: "", dynamic: false, glob: false, quoted: false, braces: [], bracket: false };
  const start = s.i;
  while (s.i < n) {
    const code = src.charCodeAt(s.i);
    if (code < 128 && META[code]) break;
    if (code >= 128 || !SPECIAL[code]) {
      const from = s.i;
      do s.i++;
      while (s.i < n && (src.charCodeAt(s.i) >= 128 || !SPECIAL[src.charCodeAt(s.i)]));
      w.text += src.slice(from, s.i);
      continue;
    }
    const c = src[s.i]!;
    switch (c) {
      case "\\":
        if (src[s.i + 1] === "\n") s.i += 2;
        else {
          w.text += src[s.i + 1] ?? "";
          w.quoted = true;
          s.i += 2;
        }
        break;
      case "'": {
        const close = src.indexOf("'", s.i + 1);
        const stop = close === -1 ? n : close;
        w.text += src.slice(s.i + 1, stop);
        w.quoted = true;
        s.i = stop + 1;
        break;
      }
      case '"':
        s.i++;
        doubleQuoted(s, w, depth);
        break;
      case "$":
        dollar(s, w, depth, false);
        break;
      case "`":
        backticks(s, w);
        break;
      case "~":
        s.i++;
        if (s.i - 1 !== start) w.text += "~";
        else if (s.i >= n || src[s.i] === "/" || META[src.charCodeAt(s.i)]) w.text += "\0~\0";
        else {
          w.text += "~";
          w.dynamic = true; // `~user`, `~+`, `~-`
        }
        break;
      case "{":
      case "}":
      case ",":
        w.braces.push(w.text.length);
        w.text += c;
        s.i++;
        break;
      case "[":
        w.bracket = true;
        w.text += c;
        s.i++;
        break;
      default: // * ?
        w.glob = true;
        w.text += c;
        s.i++;
    }
  }
  // `[` opens a pattern only when a `]` follows it: `[[` and `[` alone are commands.
  if (w.bracket && w.text.indexOf("]", w.text.indexOf("[")) !== -1) w.glob = true;
  // `{` and `}` alone are reserved words; inside a word they may be a brace expansion.
  if (w.braces.length && w.text !== "{" && w.text !== "}" && w.text.includes("{")) {
    const texts = expandBraces(w.text, w.braces);
    const size = texts ? texts.reduce((n, t) => n + t.length + 1, 0) : 0;
    if (texts && size <= s.expansionBudget) {
      s.expansionBudget -= size;
      return texts.map((text) => ({ text, dynamic: w.dynamic, glob: w.glob, quoted: w.quoted }));
    }
    w.glob = true;
  }
  return { text: w.text, dynamic: w.dynamic, glob: w.glob, quoted: w.quoted };
}

function doubleQuoted(s: ScanState, w: WordBuilder, depth: number): void {
  const src = s.src;
  const n = src.length;
  w.quoted = true;
  while (s.i < n) {
    const c = src[s.i]!;
    if (c === '"') {
      s.i++;
      return;
    }
    if (c === "\\") {
      const next = src[s.i + 1];
      if (next === "\n") s.i += 2;
      else if (next === "$" || next === "`" || next === '"' || next === "\\") {
        w.text += next;
        s.i += 2;
      } else {
        w.text += "\\";
        s.i++;
      }
    } else if (c === "$") dollar(s, w, depth, true);
    else if (c === "`") backticks(s, w);
    else {
      const from = s.i;
      do s.i++;
      while (s.i < n && !'"\\$`'.includes(src[s.i]!));
      w.text += src.slice(from, s.i);
    }
  }
}

function dollar(s: ScanState, w: WordBuilder, depth: number, inDouble: boolean): void {
  const src = s.src;
  const next = src[s.i + 1];
  if (next === "(") {
    w.dynamic = true;
    if (src[s.i + 2] === "(") s.i = skipParens(src, s.i + 1);
    else {
      s.i += 2;
      s.subshell(depth);
    }
  } else if (next === "{") {
    const close = skipBraces(src, s.i + 1);
    const inner = src.slice(s.i + 2, close - 1);
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) w.text += `\0${inner}\0`;
    else w.dynamic = true;
    s.i = close;
  } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
    const m = /[A-Za-z_][A-Za-z0-9_]*/y;
    m.lastIndex = s.i + 1;
    const name = m.exec(src)![0];
    w.text += `\0${name}\0`;
    s.i += 1 + name.length;
  } else if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
    w.dynamic = true;
    s.i += 2;
  } else if (next === "'" && !inDouble) {
    ansiC(s, w);
  } else if (next === '"' && !inDouble) {
    s.i += 2; // $"..." is a translated string: the same as "..."
    doubleQuoted(s, w, depth);
  } else {
    w.text += "$";
    s.i++;
  }
}

/** `$'...'`: backslash escapes are decoded, nothing is expanded. */
function ansiC(s: ScanState, w: WordBuilder): void {
  const src = s.src;
  const n = src.length;
  w.quoted = true;
  s.i += 2;
  while (s.i < n && src[s.i] !== "'") {
    if (src[s.i] === "\\" && s.i + 1 < n) {
      const e = src[s.i + 1]!;
      w.text += ANSI_ESCAPES[e] ?? (e === "'" || e === '"' || e === "\\" || e === "?" ? e : "\\" + e);
      s.i += 2;
    } else w.text += src[s.i++];
  }
  s.i++;
}

/** `` `cmd` ``: skipped, not read for commands (escapes inside make it another language). */
function backticks(s: ScanState, w: WordBuilder): void {
  const src = s.src;
  w.dynamic = true;
  s.i++;
  while (s.i < src.length && src[s.i] !== "`") s.i += src[s.i] === "\\" ? 2 : 1;
  s.i++;
}

/**
 * `pre{a,b}post` -> `preapost prebpost`, and `{1..3}`, `{a..c}`, for one group without
 * nesting (the common `cp f{,.bak}`); undefined for anything else with braces.
 */
function expandBraces(text: string, at: number[]): string[] | undefined {
  const open = at.find((k) => text[k] === "{");
  if (open === undefined) return undefined;
  const marks = at.filter((k) => k >= open);
  const close = marks.findIndex((k) => text[k] === "}");
  if (close < 1 || marks.slice(close + 1).some((k) => text[k] !== ",")) return undefined;
  const cuts = marks.slice(0, close + 1);
  if (cuts.slice(1, -1).some((k) => text[k] !== ",")) return undefined; // nested
  const before = text.slice(0, open);
  const after = text.slice(cuts[cuts.length - 1]! + 1);
  const alts = close === 1 ? sequence(text.slice(open + 1, cuts[1])) : cuts.slice(0, -1).map((k, n) => text.slice(k + 1, cuts[n + 1]));
  // Bounded: a hostile `{,,,...}` after a long prefix must not make gigabytes.
  if (!alts || alts.length > MAX_SEQUENCE || (before.length + after.length) * alts.length > MAX_EXPANSION) return undefined;
  return alts.map((alt) => before + alt + after);
}

/** `1..3` or `a..c` (at most MAX_SEQUENCE items; steps and padding are left alone). */
function sequence(inner: string): string[] | undefined {
  const m = /^(?:(-?\d{1,6})\.\.(-?\d{1,6})|([A-Za-z])\.\.([A-Za-z]))$/.exec(inner);
  if (!m) return undefined;
  const from = m[1] !== undefined ? Number(m[1]) : m[3]!.charCodeAt(0);
  const to = m[2] !== undefined ? Number(m[2]) : m[4]!.charCodeAt(0);
  if (Math.abs(to - from) >= MAX_SEQUENCE) return undefined;
  const out: string[] = [];
  for (let v = from; ; v += to >= from ? 1 : -1) {
    out.push(m[1] !== undefined ? String(v) : String.fromCharCode(v));
    if (v === to) return out;
  }
}

const MAX_SEQUENCE = 256;
const MAX_EXPANSION = 64 * 1024;

const ANSI_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", v: "\v" };

/** From an opening `(`: the index after its matching `)` (quotes respected), or the end. */
export const skipParens = (src: string, at: number) => skipGroup(src, at, "(", ")");
/** From an opening `{`: the index after its matching `}` (quotes respected), or the end. */
const skipBraces = (src: string, at: number) => skipGroup(src, at, "{", "}");

function skipGroup(src: string, at: number, open: string, close: string): number {
  let depth = 0;
  for (let i = at; i < src.length; i++) {
    const c = src[i];
    if (c === open) depth++;
    else if (c === close && --depth === 0) return i + 1;
    else if (c === "\\") i++;
    else if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end === -1) return src.length;
      i = end;
    }
  }
  return src.length;
}
