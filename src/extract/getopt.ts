// Reading a command's options the GNU way, from a table of which options take an
// argument: enough to tell an option's argument from an operand. Pure: words in, words out.
import type { Word } from "./shell.ts";

export interface OptionSpec {
  /** Short options that take an argument (attached or in the next word). */
  short?: string;
  long?: string[];
  /** Short options whose argument, if any, is attached (`-i.bak`). */
  attached?: string;
}

/** The index of the first word past the options (a wrapper's, before the command it runs). */
export function skipOptions(words: Word[], i: number, spec: OptionSpec): number {
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
