// Files a shell command writes: redirections, tee, touch, cp/mv/install/ln/rsync
// destinations, sed -i and perl/ruby -i, dd of=, curl -o, wget -O, git mv.
// It reads the command with a shell tokenizer (./shell.ts) and never runs or
// expands anything it cannot know: a path holding `$VAR`, a glob or a command
// substitution is not reported. Paths come back absolute when the cwd is known
// (`cd` and `pushd` are followed inside the command; `~` and `$HOME` are the home).
import { parseShell, type Command, type Word } from "./shell.ts";

export interface BashContext {
  /** The directory the command starts in; without it relative paths are kept relative. */
  cwd?: string;
  /** The user's home, for `~` and `$HOME`; without it such paths are not reported. */
  home?: string;
}

/** `bash -c "bash -c '...'"`: each level is parsed again, so only a few are followed. */
const MAX_NESTED_SHELLS = 3;

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
  const dirs: (string | null)[] = [];
  let listStart: string | null = w.base; // an and-or list sent to the background (`&`) keeps its cd to itself
  let listStartOld: string | null = w.old;
  let startsList = true;
  for (const node of nodes) {
    if (node.kind === "open") saved.push({ base: w.base, old: w.old });
    else if (node.kind === "close") Object.assign(w, saved.pop());
    else {
      if (startsList) {
        listStart = w.base;
        listStartOld = w.old;
      }
      command1(node, w, dirs, nested);
      startsList = node.end !== "&&" && node.end !== "||" && node.end !== "|";
      if (node.end === "&") {
        w.base = listStart;
        w.old = listStartOld;
      }
    }
  }
}

const WRITES = new Set([">", ">>", ">|", "&>", "&>>", ">&"]);
const RESERVED = new Set(["!", "{", "}", "(", ")", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "esac", "[["]);

function command1(cmd: Command, w: Walk, dirs: (string | null)[], nested: number): void {
  for (const r of cmd.redirects) {
    if (!WRITES.has(r.op) || !r.target) continue;
    // `>&2`, `2>&1`, `>&-` duplicate or close descriptors; `>&file` is `&>file`.
    if (r.op === ">&" && /^(?:\d+-?|-)$/.test(r.target.text)) continue;
    add(w, r.target);
  }
  const words = realCommand(cmd.words);
  if (!words.length) return;
  const name = words[0]!;
  if (name.dynamic || name.glob) return;
  const args = words.slice(1);
  switch (name.text.slice(name.text.lastIndexOf("/") + 1)) {
    case "cd":
    case "pushd":
    case "popd":
      if (!cmd.piped) changeDir(name.text, args, w, dirs);
      break;
    case "tee":
      for (const f of getopt(args, {}).operands) add(w, f);
      break;
    case "touch":
      for (const f of getopt(args, { short: "dtr", long: ["date", "reference"] }).operands) add(w, f);
      break;
    case "truncate":
      for (const f of getopt(args, { short: "sr", long: ["size", "reference"] }).operands) add(w, f);
      break;
    case "cp":
    case "mv":
    case "ln":
      destination(getopt(args, { short: "tS", long: ["target-directory", "suffix"] }), w);
      break;
    case "install": {
      const o = getopt(args, { short: "gmoSt", long: ["group", "mode", "owner", "suffix", "target-directory"] });
      if (!o.flags.has("d") && !o.flags.has("directory")) destination(o, w); // -d makes directories
      break;
    }
    case "rsync": {
      const o = getopt(args, { short: "efBTM", long: RSYNC_ARGS });
      const dest = o.operands.length >= 2 ? o.operands[o.operands.length - 1]! : undefined;
      if (dest && !/^[^/]*:/.test(dest.text)) add(w, dest); // host:path is another machine
      break;
    }
    case "sed":
    case "gsed":
      sedInPlace(args, w);
      break;
    case "perl":
    case "ruby":
      scriptInPlace(args, w);
      break;
    case "dd":
      for (const a of args) if (a.text.startsWith("of=")) add(w, { ...a, text: a.text.slice(3) });
      break;
    case "curl": {
      const o = getopt(args, { short: CURL_SHORT_ARGS, long: CURL_LONG_ARGS });
      const dir = o.values.get("output-dir");
      const outputs = [...(o.all.get("o") ?? []), ...(o.all.get("output") ?? [])];
      // -O names the file after the URL's last path segment.
      if (o.flags.has("O") || o.flags.has("remote-name") || o.flags.has("remote-name-all")) outputs.push(...o.operands.flatMap(remoteName));
      for (const f of outputs) {
        add(w, dir && !f.text.startsWith("/") && !f.text.startsWith("\0") ? { ...f, text: `${dir.text}/${f.text}`, dynamic: f.dynamic || dir.dynamic } : f);
      }
      break;
    }
    case "wget": {
      const o = getopt(args, { short: "OoPaeitTwUlARDBQ", long: ["output-document", "output-file", "directory-prefix", "tries", "timeout", "user-agent", "header"] });
      const f = o.values.get("O") ?? o.values.get("output-document");
      if (f) add(w, f);
      break;
    }
    case "git":
      gitMove(args, w);
      break;
    case "tar":
      tarCreate(args, w);
      break;
    case "zip": {
      // `zip [options] archive files...`; -d/-u/-f/-m change an archive too.
      const archive = getopt(args, { short: "bnPtx", long: ["temp-path", "suffixes", "password", "exclude", "include"] }).operands[0];
      if (archive) add(w, archive);
      break;
    }
    case "sh":
    case "bash":
    case "zsh":
    case "dash":
      if (nested < MAX_NESTED_SHELLS) shellScript(args, w, nested);
      break;
  }
}

/** The words from the command that really runs: past assignments, reserved words and wrappers. */
function realCommand(words: Word[]): Word[] {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    const t = w.text;
    if (/^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(t)) i++;
    else if (!w.quoted && RESERVED.has(t)) i++;
    else if (!w.quoted && (t === "for" || t === "case" || t === "select" || t === "function" || t === "[")) return [];
    else {
      const spec = WRAPPERS[t.slice(t.lastIndexOf("/") + 1)];
      if (!spec) break;
      i = skipOptions(words, i + 1, spec);
      if (t === "timeout" && i < words.length) i++; // its duration
    }
  }
  return words.slice(i);
}

interface OptionSpec {
  /** Short options that take an argument (attached or in the next word). */
  short?: string;
  long?: string[];
  /** Short options whose argument, if any, is attached (`-i.bak`). */
  attached?: string;
}

/** Wrappers run the command after their options: `sudo -u me tee x`, `env A=1 touch x`. */
const WRAPPERS: Record<string, OptionSpec> = {
  sudo: { short: "ugCDhpRrtTU", long: ["user", "group", "chdir", "host", "prompt", "role", "type", "other-user", "close-from"] },
  doas: { short: "uC" },
  env: { short: "uCS", long: ["unset", "chdir", "split-string"] },
  nohup: {},
  nice: { short: "n", long: ["adjustment"] },
  timeout: { short: "sk", long: ["signal", "kill-after"] },
  xargs: { short: "IdELnPsa", long: ["arg-file", "delimiter", "max-args", "max-procs", "max-chars", "replace", "max-lines"], attached: "iel" },
  command: {},
  builtin: {},
  exec: { short: "a" },
  stdbuf: { short: "ioe", long: ["input", "output", "error"] },
  time: { short: "fo", long: ["format", "output"] },
  caffeinate: { short: "tw" },
};

function skipOptions(words: Word[], i: number, spec: OptionSpec): number {
  while (i < words.length) {
    const t = words[i]!.text;
    if (t === "--") return i + 1;
    if (!t.startsWith("-") || t === "-") return i;
    i++;
    if (t.startsWith("--")) {
      if (!t.includes("=") && spec.long?.includes(t.slice(2))) i++;
    } else {
      for (let k = 1; k < t.length; k++) {
        if (spec.attached?.includes(t[k]!)) break;
        if (spec.short?.includes(t[k]!)) {
          if (k === t.length - 1) i++;
          break;
        }
      }
    }
  }
  return i;
}

interface Options {
  operands: Word[];
  flags: Set<string>;
  /** The last value of each option that takes one. */
  values: Map<string, Word>;
  all: Map<string, Word[]>;
}

/** GNU-style option parsing: options and operands may mix; `--` ends options. */
function getopt(args: Word[], spec: OptionSpec): Options {
  const o: Options = { operands: [], flags: new Set(), values: new Map(), all: new Map() };
  const set = (name: string, value: Word) => {
    o.values.set(name, value);
    const list = o.all.get(name);
    if (list) list.push(value);
    else o.all.set(name, [value]);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const t = a.text;
    if (t === "--") {
      o.operands.push(...args.slice(i + 1));
      break;
    }
    if (!t.startsWith("-") || t === "-") o.operands.push(a);
    else if (t.startsWith("--")) {
      const eq = t.indexOf("=");
      const name = eq === -1 ? t.slice(2) : t.slice(2, eq);
      if (eq !== -1) set(name, { ...a, text: t.slice(eq + 1) });
      else if (spec.long?.includes(name) && i + 1 < args.length) set(name, args[++i]!);
      else o.flags.add(name);
    } else {
      for (let k = 1; k < t.length; k++) {
        const c = t[k]!;
        if (spec.attached?.includes(c)) {
          set(c, { ...a, text: t.slice(k + 1) });
          break;
        }
        if (spec.short?.includes(c)) {
          if (k < t.length - 1) set(c, { ...a, text: t.slice(k + 1) });
          else if (i + 1 < args.length) set(c, args[++i]!);
          break;
        }
        o.flags.add(c);
      }
    }
  }
  return o;
}

/** cp/mv/ln/install: the `-t` directory, else the last operand (a directory stays as written). */
function destination(o: Options, w: Walk): void {
  const dir = o.values.get("t") ?? o.values.get("target-directory");
  if (dir) add(w, dir);
  else if (o.operands.length >= 2) add(w, o.operands[o.operands.length - 1]!);
}

/**
 * `sed -i`: with `-e`/`-f` scripts every operand is a file, else the first operand is the
 * script. GNU reads `-i` with its suffix attached (`-i.bak`, and `-ie` is suffix "e"); the
 * BSD/macOS form `-i ''` gives the suffix as its own word, which we recognize when empty.
 */
function sedInPlace(args: Word[], w: Walk): void {
  let inPlace = false;
  let scripts = false;
  const rest: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === "--") {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (t.startsWith("--")) {
      if (t === "--in-place" || t.startsWith("--in-place=")) inPlace = true;
      else if (t === "--expression" || t === "--file") (scripts = true), i++;
      else if (t.startsWith("--expression=") || t.startsWith("--file=")) scripts = true;
      else if (t === "--line-length") i++;
      continue;
    }
    if (!t.startsWith("-") || t === "-") {
      rest.push(args[i]!);
      continue;
    }
    for (let k = 1; k < t.length; k++) {
      const c = t[k];
      if (c === "i") {
        inPlace = true;
        if (k === t.length - 1 && args[i + 1]?.text === "" && args[i + 1]?.quoted) i++;
        break;
      }
      if (c === "e" || c === "f" || c === "l") {
        if (c !== "l") scripts = true;
        if (k === t.length - 1) i++;
        break;
      }
    }
  }
  if (!inPlace) return;
  for (const f of scripts ? rest : rest.slice(1)) add(w, f);
}

/** `perl -pi -e '...' files` and `ruby -i`: the files named after the code are rewritten. */
function scriptInPlace(args: Word[], w: Walk): void {
  const o = getopt(args, { short: "eEIMmr", attached: "il0CdDx" });
  if (!o.values.has("i")) return;
  const code = o.values.has("e") || o.values.has("E");
  for (const f of code ? o.operands : o.operands.slice(1)) add(w, f);
}

/** `git [-C dir] mv src... dest`. Other subcommands that touch files (checkout, restore) only undo changes. */
function gitMove(args: Word[], w: Walk): void {
  let i = 0;
  let base = w.base;
  while (i < args.length && args[i]!.text.startsWith("-")) {
    const t = args[i]!.text;
    if (t === "-C") {
      const dir = args[i + 1] && expand(args[i + 1]!, w);
      base = dir === undefined || base === null ? null : join(base, dir);
      i += 2;
    } else i += t === "-c" || t === "--git-dir" || t === "--work-tree" || t === "--namespace" ? 2 : 1;
  }
  if (args[i]?.text !== "mv") return;
  const o = getopt(args.slice(i + 1), {});
  if (o.operands.length < 2) return;
  const saved = w.base;
  w.base = base;
  add(w, o.operands[o.operands.length - 1]!);
  w.base = saved;
}

function remoteName(url: Word): Word[] {
  if (url.dynamic || url.text.includes("\0")) return [];
  const m = /^[a-z]+:\/\/[^/?#]*\/(?:[^?#]*\/)?([^/?#]+)/i.exec(url.text);
  return m ? [{ text: m[1]!, dynamic: false, glob: false, quoted: true }] : [];
}

/** `tar -czf out.tgz dir` (also the old `tar czf out.tgz dir`): the archive, when creating or appending. */
function tarCreate(args: Word[], w: Walk): void {
  const first = args[0]?.text ?? "";
  // Old style: the first word is a cluster of key letters without a dash.
  const words = /^[A-Za-z]+$/.test(first) && !first.startsWith("-") ? [{ ...args[0]!, text: "-" + first }, ...args.slice(1)] : args;
  const o = getopt(words, { short: "fCTXbgHKLNV", long: ["file", "directory", "files-from", "exclude-from", "exclude", "transform", "format", "owner", "group", "mode", "mtime"] });
  const writing = ["c", "r", "u", "A", "create", "append", "update", "catenate", "concatenate"].some((k) => o.flags.has(k));
  const file = o.values.get("f") ?? o.values.get("file");
  if (writing && file) add(w, file);
}

/** `bash -c 'script'`: the script is shell too, run in a child (its `cd` stays there). */
function shellScript(args: Word[], w: Walk, nested: number): void {
  const o = getopt(args, { short: "oO" });
  if (!o.flags.has("c") || !o.operands.length) return;
  const script = expand(o.operands[0]!, w);
  if (script !== undefined) walk(script, { ...w }, nested + 1);
}

function changeDir(name: string, args: Word[], w: Walk, dirs: (string | null)[]): void {
  const operands = getopt(args, {}).operands;
  if (name === "popd") {
    w.old = w.base;
    w.base = dirs.length ? dirs.pop()! : null;
    return;
  }
  let target: string | null;
  const arg = operands[0];
  if (!arg) target = name === "cd" && w.home ? w.home : null;
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
  if (!path || path === "-" || path.length > 4096) return;
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
  // Most paths need no normalizing (node's normalize costs about a microsecond in Bun).
  if (!/\/\/|\/\.\.?(?:\/|$)|^\.\.?(?:\/|$)|\/$/.test(joined)) return joined;
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

const RSYNC_ARGS = ["rsh", "exclude", "include", "filter", "exclude-from", "include-from", "files-from", "backup-dir", "suffix", "chmod", "chown", "log-file", "partial-dir", "temp-dir", "link-dest", "compare-dest", "copy-dest", "remote-option", "port", "timeout", "bwlimit", "max-size", "min-size", "password-file", "rsync-path", "out-format"];
const CURL_SHORT_ARGS = "odHXuAeFbcDTwxEKmryYzCPQtU";
const CURL_LONG_ARGS = [
  "output", "output-dir", "data", "data-raw", "data-binary", "data-urlencode", "json", "header", "request", "user", "user-agent", "referer", "form", "cookie", "cookie-jar", "dump-header",
  "upload-file", "write-out", "proxy", "cert", "key", "cacert", "config", "max-time", "connect-timeout", "retry", "retry-delay", "range", "url", "limit-rate", "resolve", "continue-at", "oauth2-bearer",
];
