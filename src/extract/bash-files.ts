// Files a shell command writes: redirections, and what ./bash-commands.ts knows of
// tee, touch, cp/mv/install/ln/rsync/git mv destinations, sed -i, dd, curl, wget,
// tar, zip. The command is read with a shell tokenizer (./shell.ts) and nothing is
// run or guessed: a path holding `$VAR`, a glob or a command substitution is not
// reported. Paths come back absolute when the cwd is known: `cd`/`pushd`/`popd` are
// followed inside the command, `~` and `$HOME` are the home, never the cwd.
import { parseShell, type Command } from "./shell.ts";
import type { Word } from "./shell-words.ts";
import { shellCommandString, writtenBy } from "./bash-commands.ts";
import { realCommand } from "./bash-options.ts";

export interface BashContext {
  /** The directory the command starts in; without it relative paths are kept relative. */
  cwd?: string;
  /** The user's home, for `~` and `$HOME`; without it such paths are not reported. */
  home?: string;
}

/** `bash -c "bash -c '...'"`: each level is parsed again, so only a few are followed. */
const MAX_NESTED_SHELLS = 3;
const MAX_PATH = 4096;

export function filesWrittenByBash(command: string, ctx: BashContext = {}): string[] {
  const out = new Set<string>();
  walk(command, { base: ctx.cwd ?? "", old: null, home: ctx.home, out }, 0);
  return [...out];
}

interface Walk {
  /** Where relative paths start: "" is the unknown starting cwd (paths stay relative), null is lost. */
  base: string | null;
  /** $OLDPWD, for `cd -`. */
  old: string | null;
  home: string | undefined;
  out: Set<string>;
}

function walk(command: string, w: Walk, nested: number): void {
  const nodes = parseShell(command);
  if (!nodes) return;
  const saved: { base: string | null; old: string | null }[] = [];
  const dirs: (string | null)[] = []; // pushd's stack
  // An and-or list sent to the background (`cd x && make &`) runs in a subshell: its cd stays there.
  let listStart = { base: w.base, old: w.old };
  let startsList = true;
  for (const node of nodes) {
    if (node.kind === "open") saved.push({ base: w.base, old: w.old });
    else if (node.kind === "close") Object.assign(w, saved.pop());
    else {
      if (startsList) listStart = { base: w.base, old: w.old };
      command1(node, w, dirs, nested);
      startsList = node.end !== "&&" && node.end !== "||" && node.end !== "|";
      if (node.end === "&") Object.assign(w, listStart);
    }
  }
}

const WRITES = new Set([">", ">>", ">|", "&>", "&>>", ">&"]);

function command1(cmd: Command, w: Walk, dirs: (string | null)[], nested: number): void {
  for (const r of cmd.redirects) {
    if (!WRITES.has(r.op) || !r.target) continue;
    // `>&2`, `2>&1`, `>&-` duplicate or close descriptors; `>&file` is `&>file`.
    if (r.op === ">&" && /^(?:\d+-?|-)$/.test(r.target.text)) continue;
    add(w, r.target);
  }
  const words = realCommand(cmd.words);
  const name = words[0];
  if (!name || name.dynamic || name.glob) return;
  const args = words.slice(1);
  const base = name.text.slice(name.text.lastIndexOf("/") + 1);
  if (base === "cd" || base === "pushd" || base === "popd") {
    if (!cmd.piped) changeDir(base, args, w, dirs); // a pipeline's commands run in subshells
  } else if (base === "sh" || base === "bash" || base === "zsh" || base === "dash") {
    if (nested < MAX_NESTED_SHELLS) shellScript(args, w, nested);
  } else for (const f of writtenBy(base, args)) add(w, f);
}

/** `bash -c 'script'`: the script is shell too, run in a child (its `cd` stays there). */
function shellScript(args: Word[], w: Walk, nested: number): void {
  const script = shellCommandString(args);
  const text = script && expand(script, w);
  if (text) walk(text, { ...w }, nested + 1);
}

function changeDir(name: string, args: Word[], w: Walk, dirs: (string | null)[]): void {
  if (name === "popd") {
    w.old = w.base;
    w.base = dirs.length ? dirs.pop()! : null;
    return;
  }
  const arg = args.find((a) => !a.text.startsWith("-") || a.text === "-");
  let target: string | null;
  if (!arg)
    target = name === "cd" && w.home ? w.home : null; // `pushd` alone swaps with the stack: unknown
  else if (arg.text === "-" && name === "cd") target = w.old;
  else {
    const dir = expand(arg, w);
    target = dir === undefined || (w.base === null && !dir.startsWith("/")) ? null : join(w.base ?? "", dir);
  }
  if (name === "pushd") dirs.push(w.base);
  w.old = w.base;
  w.base = target;
}

function add(w: Walk, word: Word): void {
  const path = expand(word, w);
  if (!path || path === "-" || path.length > MAX_PATH) return;
  if (path.startsWith("/dev/") || path.startsWith("/proc/")) return;
  if (!path.startsWith("/") && w.base === null) return; // relative to a directory we lost track of
  w.out.add(join(w.base ?? "", path));
}

/** The word's value when the shell would give it without running anything: `~` and `$HOME` known, `$PWD` followed. */
function expand(word: Word, w: Walk): string | undefined {
  if (word.dynamic || word.glob) return undefined;
  if (!word.text.includes("\0")) return word.text;
  const parts = word.text.split("\0");
  for (let k = 1; k < parts.length; k += 2) {
    const name = parts[k];
    const value = name === "~" || name === "HOME" ? w.home : name === "PWD" && w.base ? w.base : undefined;
    if (value === undefined) return undefined;
    parts[k] = value;
  }
  return parts.join("");
}

/** `base` + `path`, normalized; "" as base keeps a relative path relative. */
function join(base: string, path: string): string {
  const joined = path.startsWith("/") || !base ? path : `${base}/${path}`;
  // Most paths need no normalizing (node's path.normalize costs about a microsecond in Bun).
  if (!joined.includes("/.") && !joined.includes("//") && !joined.endsWith("/") && joined[0] !== ".") return joined;
  const out: string[] = [];
  const absolute = joined.startsWith("/");
  for (const part of joined.split("/")) {
    if (!part || part === ".") continue;
    if (part !== "..") out.push(part);
    else if (out.length && out[out.length - 1] !== "..") out.pop();
    else if (!absolute) out.push("..");
  }
  return (absolute ? "/" : "") + out.join("/") || (absolute ? "/" : ".");
}
