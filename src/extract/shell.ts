// A POSIX-shell tokenizer: enough of the grammar to tell which words are commands,
// arguments and redirection targets without running anything. Quotes, escapes,
// comments, operators, subshells, substitutions and heredocs are read the way a
// shell reads them, so that a `>` inside quotes, code or a heredoc body is text.
// One pass over the input (heredoc bodies are skipped with indexOf); input past
// MAX_INPUT or nesting past MAX_DEPTH is given up on, never half-read.

import { META, readWord, skipParens, type ScanState, type Word } from "./shell-words.ts";

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

interface ListState {
  cmd: Command;
  /** The command before this one ended with `|`. */
  pipedIn: boolean;
  /** Inside `[[ ... ]]`, where `<` and `>` compare strings. */
  inTest: boolean;
}

const [SPACE, TAB, CR, NL, BACKSLASH, HASH, SEMI, AMP, PIPE, OPEN, CLOSE, LT, GT] = [..." \t\r\n\\#;&|()<>"].map((c) => c.charCodeAt(0));

interface Heredoc {
  delimiter: string;
  stripTabs: boolean;
}

class Scanner implements ScanState {
  nodes: ShellNode[] = [];
  i = 0;
  expansionBudget = MAX_INPUT;
  private pending: Heredoc[] = [];

  constructor(readonly src: string) {}

  /** Reads commands until `closer` (`)`) or the end; returns whether the closer was found. */
  list(closer: ")" | null, depth: number): boolean {
    if (depth > MAX_DEPTH) throw TOO_DEEP;
    const src = this.src;
    const n = src.length;
    const l: ListState = { cmd: newCommand(), pipedIn: false, inTest: false };
    while (this.i < n) {
      const code = src.charCodeAt(this.i);
      const next = src.charCodeAt(this.i + 1);
      switch (code) {
        case SPACE:
        case TAB:
        case CR:
          this.i++;
          continue;
        case BACKSLASH:
          if (next === NL) {
            this.i += 2;
            continue;
          }
          break;
        case HASH: {
          // A comment only where a word would start (`a#b` is a word).
          const nl = src.indexOf("\n", this.i);
          this.i = nl === -1 ? n : nl;
          continue;
        }
        case NL:
          this.i++;
          this.end(l, "\n");
          if (this.pending.length) this.heredocBodies();
          continue;
        case SEMI:
          this.i++;
          // `;;`, `;&`, `;;&` end a case branch: a separator like any other here.
          while (src[this.i] === ";" || src[this.i] === "&") this.i++;
          this.end(l, ";");
          continue;
        case AMP:
          if (next === GT) this.redirect(l.cmd, undefined, depth);
          else {
            this.i += next === AMP ? 2 : 1;
            this.end(l, next === AMP ? "&&" : "&");
          }
          continue;
        case PIPE:
          this.i += next === PIPE || next === AMP ? 2 : 1;
          this.end(l, next === PIPE ? "||" : "|");
          continue;
        case OPEN:
          if (next === OPEN && !l.cmd.words.length) {
            // `(( arithmetic ))`: its `>` compares numbers.
            this.i = skipParens(src, this.i);
            continue;
          }
          this.i++;
          this.end(l, ";");
          this.subshell(depth);
          continue;
        case CLOSE:
          this.i++;
          this.end(l, ")");
          if (closer) return true;
          continue; // a case pattern's `)`, or a stray one
        case LT:
        case GT:
          if (next === OPEN) l.cmd.words.push(this.processSubstitution(depth));
          else if (l.inTest) {
            l.cmd.words.push(plainWord(src[this.i]!));
            this.i++;
          } else this.redirect(l.cmd, undefined, depth);
          continue;
      }
      const read = readWord(this, depth);
      if (Array.isArray(read)) {
        l.cmd.words.push(...read);
        continue;
      }
      const word = read;
      const after = src.charCodeAt(this.i);
      if ((after === GT || after === LT) && !l.inTest && !word.quoted && /^\d{1,9}$/.test(word.text)) {
        this.redirect(l.cmd, Number(word.text), depth);
        continue;
      }
      if (!word.quoted) {
        if (word.text === "[[" && !l.cmd.words.length) l.inTest = true;
        else if (word.text === "]]") l.inTest = false;
      }
      l.cmd.words.push(word);
    }
    this.end(l, "");
    return false;
  }

  /** A command ends at an operator (empty ones are dropped). */
  private end(l: ListState, op: string): void {
    const piped = op === "|";
    const cmd = l.cmd;
    if (cmd.words.length || cmd.redirects.length) {
      cmd.piped = l.pipedIn || piped;
      cmd.end = op;
      this.nodes.push(cmd);
      l.cmd = newCommand();
    }
    l.pipedIn = piped;
  }

  subshell(depth: number): void {
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
    if ((op === ">" || op === ">>") && src[this.i] === "!") this.i++; // zsh's `>!`, `>>!`: as `>|`
    while (src[this.i] === " " || src[this.i] === "\t") this.i++;
    let target: Word | undefined;
    if (src[this.i] === "<" || src[this.i] === ">") {
      if (src[this.i + 1] === "(") target = this.processSubstitution(depth);
    } else if (this.i < src.length && !META[src.charCodeAt(this.i)]) {
      const read = readWord(this, depth);
      // A brace expansion into several words is an "ambiguous redirect": no file.
      target = Array.isArray(read) ? { ...read[0]!, glob: true } : read;
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
}

/** The redirection operator at `at` (which holds `<`, `>` or `&>`). */
function readOperator(src: string, at: number): string {
  const c = src[at];
  const d = src[at + 1];
  if (c === "&") return src[at + 2] === ">" ? "&>>" : "&>";
  if (c === ">") return d === ">" ? ">>" : d === "|" ? ">|" : d === "&" ? ">&" : ">";
  if (d === "<") return src[at + 2] === "<" ? "<<<" : src[at + 2] === "-" ? "<<-" : "<<";
  return d === ">" ? "<>" : d === "&" ? "<&" : "<";
}

function newCommand(): Command {
  return { kind: "command", words: [], redirects: [], piped: false, end: "" };
}

function plainWord(text: string): Word {
  return { text, dynamic: false, glob: false, quoted: false };
}
