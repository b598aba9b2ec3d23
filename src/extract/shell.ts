// A POSIX-shell tokenizer: enough of the grammar to tell which words are commands,
// arguments and redirection targets without running anything. Quotes, escapes,
// comments, operators, subshells, substitutions and heredocs are read the way a
// shell reads them, so that a `>` inside quotes, code or a heredoc body is text.
// One pass over the input (heredoc bodies are skipped with indexOf); input past
// MAX_INPUT or nesting past MAX_DEPTH is given up on, never half-read.

export interface Word {
  /**
   * The word after quote removal. Expansions a caller may know are kept as markers:
   * `\0NAME\0` for `$NAME` and `${NAME}`, `\0~\0` for a leading unquoted `~`.
   */
  text: string;
  /** Holds what only a running shell knows: `$(...)`, backticks, `$1`, `${x:-y}`, `$((...))`, `~user`. */
  dynamic: boolean;
  /** Has unquoted glob or brace characters (`*`, `?`, `[`, `{a,b}`): it may stand for other words. */
  glob: boolean;
  /** Some part was quoted or escaped (a quoted word is never a reserved word). */
  quoted: boolean;
}

export interface Redirect {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `>&`, `<`, `<>`, `<&`, `<<`, `<<-`, `<<<`. */
  op: string;
  fd?: number;
  /** The file, fd or heredoc delimiter; missing only in broken input. */
  target?: Word;
}

export interface Command {
  kind: "command";
  words: Word[];
  redirects: Redirect[];
  /** Runs as part of a pipeline (so in a subshell: a `cd` there changes nothing after it). */
  piped: boolean;
  /** The operator that ended it: `&&`, `||`, `;`, `\n`, `|`, `&`, `)` or "" at the end of input. */
  end: string;
}

/** `open`/`close` bracket what runs in a subshell: `( ... )`, `$( ... )`, `<( ... )`. */
export type ShellNode = Command | { kind: "open" } | { kind: "close" };

export const MAX_INPUT = 256 * 1024;
export const MAX_DEPTH = 64;

/** The commands of a script in order, or undefined when it is too large or too deeply nested to read. */
export function parseShell(src: string): ShellNode[] | undefined {
  if (src.length > MAX_INPUT) return undefined;
  const scanner = new Scanner(src);
  try {
    scanner.list(null, 0);
  } catch (err) {
    if (err === TOO_DEEP) return undefined;
    throw err;
  }
  return scanner.nodes;
}

const TOO_DEEP = new Error("shell input nested too deeply");

// Character classes, by code: what ends a word, what a run of plain characters may not contain.
const META = new Uint8Array(128);
for (const c of " \t\r\n;&|()<>") META[c.charCodeAt(0)] = 1;
const SPECIAL = new Uint8Array(128);
for (const c of " \t\r\n;&|()<>\\'\"$`*?[{}~") SPECIAL[c.charCodeAt(0)] = 1;

interface WordBuilder extends Word {
  braces: boolean;
  bracket: boolean;
}

interface Heredoc {
  delimiter: string;
  stripTabs: boolean;
}

class Scanner {
  nodes: ShellNode[] = [];
  private i = 0;
  private pending: Heredoc[] = [];

  constructor(private readonly src: string) {}

  /** Reads commands until `closer` (`)`) or the end; returns whether the closer was found. */
  list(closer: ")" | null, depth: number): boolean {
    if (depth > MAX_DEPTH) throw TOO_DEEP;
    const src = this.src;
    const n = src.length;
    let cmd = newCommand();
    let pipedIn = false;
    let inTest = false; // inside `[[ ... ]]`, where `<` and `>` compare strings
    const end = (op: string) => {
      const piped = op === "|";
      if (cmd.words.length || cmd.redirects.length) {
        cmd.piped = pipedIn || piped;
        cmd.end = op;
        this.nodes.push(cmd);
        cmd = newCommand();
      }
      pipedIn = piped;
    };
    while (this.i < n) {
      const c = src[this.i]!;
      switch (c) {
        case " ":
        case "\t":
        case "\r":
          this.i++;
          continue;
        case "\\":
          if (src[this.i + 1] === "\n") {
            this.i += 2;
            continue;
          }
          break;
        case "#": {
          // A comment only where a word would start (`a#b` is a word).
          const nl = src.indexOf("\n", this.i);
          this.i = nl === -1 ? n : nl;
          continue;
        }
        case "\n":
          this.i++;
          end("\n");
          this.heredocBodies();
          continue;
        case ";":
          this.i++;
          // `;;`, `;&`, `;;&` end a case branch: a separator like any other here.
          while (src[this.i] === ";" || src[this.i] === "&") this.i++;
          end(";");
          continue;
        case "&":
          if (src[this.i + 1] === "&") {
            this.i += 2;
            end("&&");
            continue;
          }
          if (src[this.i + 1] === ">") {
            this.redirect(cmd, undefined, depth);
            continue;
          }
          this.i++;
          end("&");
          continue;
        case "|":
          if (src[this.i + 1] === "|") {
            this.i += 2;
            end("||");
            continue;
          }
          this.i += src[this.i + 1] === "&" ? 2 : 1;
          end("|");
          continue;
        case "(":
          if (src[this.i + 1] === "(" && !cmd.words.length) {
            // `(( arithmetic ))`: its `>` compares numbers.
            this.i = skipParens(src, this.i);
            continue;
          }
          this.i++;
          end(";");
          this.subshell(depth);
          continue;
        case ")":
          this.i++;
          end(")");
          if (closer) return true;
          continue; // a case pattern's `)`, or a stray one
        case "<":
        case ">":
          if (src[this.i + 1] === "(") {
            cmd.words.push(this.processSubstitution(depth));
            continue;
          }
          if (inTest) {
            cmd.words.push(plainWord(c));
            this.i++;
            continue;
          }
          this.redirect(cmd, undefined, depth);
          continue;
      }
      const word = this.word(depth);
      const next = src[this.i];
      if ((next === ">" || next === "<") && !inTest && !word.quoted && /^\d{1,9}$/.test(word.text)) {
        this.redirect(cmd, Number(word.text), depth);
        continue;
      }
      if (!word.quoted) {
        if (word.text === "[[" && !cmd.words.length) inTest = true;
        else if (word.text === "]]") inTest = false;
      }
      cmd.words.push(word);
    }
    end("");
    return false;
  }

  private subshell(depth: number): void {
    this.nodes.push({ kind: "open" });
    this.list(")", depth + 1);
    this.nodes.push({ kind: "close" });
  }

  /** `<(cmd)` or `>(cmd)`: a word naming a pipe; the command inside runs in a subshell. */
  private processSubstitution(depth: number): Word {
    this.i += 2;
    this.subshell(depth);
    return { text: "", dynamic: true, glob: false, quoted: false };
  }

  private redirect(cmd: Command, fd: number | undefined, depth: number): void {
    const src = this.src;
    const op = readOperator(src, this.i);
    this.i += op.length;
    while (src[this.i] === " " || src[this.i] === "\t") this.i++;
    let target: Word | undefined;
    if (src[this.i] === "<" || src[this.i] === ">") {
      if (src[this.i + 1] === "(") target = this.processSubstitution(depth);
    } else if (this.i < src.length && !META[src.charCodeAt(this.i)]) {
      target = this.word(depth);
    }
    if (target && (op === "<<" || op === "<<-")) this.pending.push({ delimiter: target.text, stripTabs: op === "<<-" });
    cmd.redirects.push(fd === undefined ? { op, target } : { op, fd, target });
  }

  /** After a newline: the bodies of the heredocs opened on that line, in order. */
  private heredocBodies(): void {
    const src = this.src;
    for (const { delimiter, stripTabs } of this.pending) {
      while (this.i < src.length) {
        const nl = src.indexOf("\n", this.i);
        const stop = nl === -1 ? src.length : nl;
        let from = this.i;
        if (stripTabs) while (src[from] === "\t") from++;
        const lineEnd = src[stop - 1] === "\r" ? stop - 1 : stop;
        this.i = nl === -1 ? src.length : nl + 1;
        if (lineEnd - from === delimiter.length && src.startsWith(delimiter, from)) break;
      }
    }
    this.pending = [];
  }

  private word(depth: number): Word {
    const src = this.src;
    const n = src.length;
    const w: WordBuilder = { text: "", dynamic: false, glob: false, quoted: false, braces: false, bracket: false };
    const start = this.i;
    while (this.i < n) {
      const code = src.charCodeAt(this.i);
      if (code < 128 && META[code]) break;
      if (code >= 128 || !SPECIAL[code]) {
        const from = this.i;
        do this.i++;
        while (this.i < n && (src.charCodeAt(this.i) >= 128 || !SPECIAL[src.charCodeAt(this.i)]));
        w.text += src.slice(from, this.i);
        continue;
      }
      const c = src[this.i]!;
      switch (c) {
        case "\\":
          if (src[this.i + 1] === "\n") this.i += 2;
          else {
            w.text += src[this.i + 1] ?? "";
            w.quoted = true;
            this.i += 2;
          }
          break;
        case "'": {
          const close = src.indexOf("'", this.i + 1);
          const stop = close === -1 ? n : close;
          w.text += src.slice(this.i + 1, stop);
          w.quoted = true;
          this.i = stop + 1;
          break;
        }
        case '"':
          this.i++;
          this.doubleQuoted(w, depth);
          break;
        case "$":
          this.dollar(w, depth, false);
          break;
        case "`":
          this.backticks(w);
          break;
        case "~":
          this.i++;
          if (this.i - 1 !== start) w.text += "~";
          else if (this.i >= n || src[this.i] === "/" || META[src.charCodeAt(this.i)]) w.text += "\0~\0";
          else {
            w.text += "~";
            w.dynamic = true; // `~user`, `~+`, `~-`
          }
          break;
        case "{":
        case "}":
          w.braces = true;
          w.text += c;
          this.i++;
          break;
        case "[":
          w.bracket = true;
          w.text += c;
          this.i++;
          break;
        default: // * ?
          w.glob = true;
          w.text += c;
          this.i++;
      }
    }
    // `[` opens a pattern only when a `]` follows it: `[[` and `[` alone are commands.
    if (w.bracket && w.text.indexOf("]", w.text.indexOf("[")) !== -1) w.glob = true;
    // `{` and `}` alone are reserved words; inside a word they may be a brace expansion.
    if (w.braces && w.text !== "{" && w.text !== "}") w.glob = true;
    return { text: w.text, dynamic: w.dynamic, glob: w.glob, quoted: w.quoted };
  }

  private doubleQuoted(w: WordBuilder, depth: number): void {
    const src = this.src;
    const n = src.length;
    w.quoted = true;
    while (this.i < n) {
      const c = src[this.i]!;
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === "\\") {
        const next = src[this.i + 1];
        if (next === "\n") this.i += 2;
        else if (next === "$" || next === "`" || next === '"' || next === "\\") {
          w.text += next;
          this.i += 2;
        } else {
          w.text += "\\";
          this.i++;
        }
      } else if (c === "$") this.dollar(w, depth, true);
      else if (c === "`") this.backticks(w);
      else {
        const from = this.i;
        do this.i++;
        while (this.i < n && !'"\\$`'.includes(src[this.i]!));
        w.text += src.slice(from, this.i);
      }
    }
  }

  private dollar(w: WordBuilder, depth: number, inDouble: boolean): void {
    const src = this.src;
    const next = src[this.i + 1];
    if (next === "(") {
      w.dynamic = true;
      if (src[this.i + 2] === "(") this.i = skipParens(src, this.i + 1);
      else {
        this.i += 2;
        this.subshell(depth);
      }
    } else if (next === "{") {
      const close = skipBraces(src, this.i + 1);
      const inner = src.slice(this.i + 2, close - 1);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) w.text += `\0${inner}\0`;
      else w.dynamic = true;
      this.i = close;
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      const m = /[A-Za-z_][A-Za-z0-9_]*/y;
      m.lastIndex = this.i + 1;
      const name = m.exec(src)![0];
      w.text += `\0${name}\0`;
      this.i += 1 + name.length;
    } else if (next !== undefined && /[0-9@*#?$!-]/.test(next)) {
      w.dynamic = true;
      this.i += 2;
    } else if (next === "'" && !inDouble) {
      this.ansiC(w);
    } else if (next === '"' && !inDouble) {
      this.i += 2; // $"..." is a translated string: the same as "..."
      this.doubleQuoted(w, depth);
    } else {
      w.text += "$";
      this.i++;
    }
  }

  /** `$'...'`: backslash escapes are decoded, nothing is expanded. */
  private ansiC(w: WordBuilder): void {
    const src = this.src;
    const n = src.length;
    w.quoted = true;
    this.i += 2;
    while (this.i < n && src[this.i] !== "'") {
      if (src[this.i] === "\\" && this.i + 1 < n) {
        const e = src[this.i + 1]!;
        w.text += ANSI_ESCAPES[e] ?? (e === "'" || e === '"' || e === "\\" || e === "?" ? e : "\\" + e);
        this.i += 2;
      } else w.text += src[this.i++];
    }
    this.i++;
  }

  /** `` `cmd` ``: skipped, not read for commands (escapes inside make it another language). */
  private backticks(w: WordBuilder): void {
    const src = this.src;
    w.dynamic = true;
    this.i++;
    while (this.i < src.length && src[this.i] !== "`") this.i += src[this.i] === "\\" ? 2 : 1;
    this.i++;
  }
}

const ANSI_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", v: "\v" };

const OPERATORS = ["&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", ">>", ">|", ">&", "<", ">"];

function readOperator(src: string, at: number): string {
  for (const op of OPERATORS) if (src.startsWith(op, at)) return op;
  return src[at]!;
}

function newCommand(): Command {
  return { kind: "command", words: [], redirects: [], piped: false, end: "" };
}

function plainWord(text: string): Word {
  return { text, dynamic: false, glob: false, quoted: false };
}

/** From an opening `(`: the index after its matching `)` (quotes respected), or the end. */
function skipParens(src: string, at: number): number {
  let depth = 0;
  for (let i = at; i < src.length; i++) {
    const c = src[i];
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
    else if (c === "\\") i++;
    else if (c === "'" || c === '"') {
      const close = src.indexOf(c, i + 1);
      if (close === -1) return src.length;
      i = close;
    }
  }
  return src.length;
}

/** From an opening `{`: the index after its matching `}` (quotes respected), or the end. */
function skipBraces(src: string, at: number): number {
  let depth = 0;
  for (let i = at; i < src.length; i++) {
    const c = src[i];
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
    else if (c === "\\") i++;
    else if (c === "'" || c === '"') {
      const close = src.indexOf(c, i + 1);
      if (close === -1) return src.length;
      i = close;
    }
  }
  return src.length;
}
