// Reading a command's words the way the command itself does: past assignments,
// reserved words and wrappers to the command that really runs (realCommand), and
// GNU-style options, told from operands by a table of the options that take an
// argument (getopt). Pure: words in, words out.
import type { Word } from "./shell-words.ts";

const RESERVED = new Set(["!", "{", "}", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "esac"]);

/** The words from the command that really runs: past assignments, reserved words and wrappers. */
export function realCommand(words: Word[]): Word[] {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    const t = w.text;
    if (isAssignment(t)) i++;
    else if (!w.quoted && RESERVED.has(t)) i++;
    else if (!w.quoted && (t === "for" || t === "case" || t === "select" || t === "function" || t === "[" || t === "[[")) return [];
    else {
      const spec = WRAPPERS.get(t.slice(t.lastIndexOf("/") + 1));
      if (!spec) break;
      i = skipOptions(words, i + 1, spec);
      if (t === "timeout" && i < words.length) i++; // its duration
    }
  }
  return words.slice(i);
}

export interface OptionSpec {
  /** Short options that take an argument (attached or in the next word). */
  short?: string;
  long?: string[];
  /** Short options whose argument, if any, is attached (`-i.bak`). */
  attached?: string;
}

/** Wrappers run the command after their options: `sudo -u me tee x`, `env A=1 touch x`. */
const WRAPPERS = new Map<string, OptionSpec>(
  Object.entries({
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
  }),
);

function isAssignment(t: string): boolean {
  const eq = t.indexOf("=");
  return eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*\+?$/.test(t.slice(0, eq));
}

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

export interface Options {
  operands: Word[];
  flags: Set<string>;
  /** The last value of each option that takes one. */
  values: Map<string, Word>;
  all: Map<string, Word[]>;
}

/** GNU-style option parsing: options and operands may mix; `--` ends options. */
export function getopt(args: Word[], spec: OptionSpec): Options {
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
