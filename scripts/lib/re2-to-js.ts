// Go RE2 syntax -> JavaScript RegExp source, for the rule table that scripts/gen-secret-rules.ts
// writes. What differs and is handled:
//   - flag groups `(?i)` in the middle of a pattern apply up to the end of the enclosing group:
//     they become a modifier group `(?i:` closed where that group closes;
//   - `(?P<name>` names are dropped (plain capturing groups: numbering is unchanged);
//   - `\z` / `\A` are end / start of text (`$` / `^` without the m flag);
//   - POSIX classes `[[:alnum:]]`;
//   - unbounded repetition (`*`, `+`, `{n,}`) gets an upper bound, so that no rule can scan far
//     past its start (with bounded repeats of classes, the work per start position is bounded).

const POSIX: Record<string, string> = {
  alnum: "A-Za-z0-9",
  alpha: "A-Za-z",
  digit: "0-9",
  lower: "a-z",
  upper: "A-Z",
  xdigit: "0-9A-Fa-f",
  word: "A-Za-z0-9_",
  space: "\\t\\n\\v\\f\\r ",
  punct: "!-\\/:-@\\[-`{-~",
};

export function re2ToJs(src: string, bound: number): string {
  let out = "";
  // Per open group: how many modifier groups opened inside it wait for its `)`.
  const stack: number[] = [0];
  let i = 0;
  const quantEnd = () => {
    // A lazy marker after a quantifier is copied as is.
    if (src[i] === "?") {
      out += "?";
      i++;
    }
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\") {
      const n = src[i + 1];
      if (n === "z") out += "$";
      else if (n === "A") out += "^";
      else out += c + n;
      i += 2;
      continue;
    }
    if (c === "[") {
      // Copy the class; POSIX names inside become ranges.
      let j = i + 1;
      let cls = "[";
      if (src[j] === "^") cls += src[j++];
      if (src[j] === "]") cls += src[j++];
      while (j < src.length && src[j] !== "]") {
        if (src[j] === "\\") {
          cls += src[j]! + src[j + 1]!;
          j += 2;
          continue;
        }
        const p = /^\[:([a-z]+):\]/.exec(src.slice(j));
        if (p) {
          const r = POSIX[p[1]!];
          if (!r) throw new Error(`unknown POSIX class ${p[0]}`);
          cls += r;
          j += p[0].length;
          continue;
        }
        // A `[` inside a JS class is literal in non-unicode mode, but escape it to be plain.
        cls += src[j] === "[" ? "\\[" : src[j];
        j++;
      }
      out += cls + "]";
      i = j + 1;
      continue;
    }
    if (c === "(") {
      const rest = src.slice(i);
      const flagOnly = /^\(\?(-?[imsU]+|[imsU]+-[imsU]+)\)/.exec(rest);
      if (flagOnly) {
        out += `(?${flagOnly[1]}:`;
        stack[stack.length - 1]!++;
        i += flagOnly[0].length;
        continue;
      }
      const named = /^\(\?P?<[A-Za-z_]\w*>/.exec(rest);
      if (named) {
        out += "(";
        i += named[0].length;
      } else if (src[i + 1] === "?") {
        const m = /^\(\?[-imsU]*:/.exec(rest);
        if (!m) throw new Error(`unsupported group at ${i}: ${rest.slice(0, 12)}`);
        out += m[0];
        i += m[0].length;
      } else {
        out += "(";
        i++;
      }
      stack.push(0);
      continue;
    }
    if (c === ")") {
      out += ")".repeat(stack.pop()! + 1);
      i++;
      continue;
    }
    if (c === "*" || c === "+") {
      out += c === "*" ? `{0,${bound}}` : `{1,${bound}}`;
      i++;
      quantEnd();
      continue;
    }
    if (c === "{") {
      const m = /^\{(\d+),\}/.exec(src.slice(i));
      if (m) {
        const n = Number(m[1]);
        out += `{${n},${Math.max(bound, n * 4)}}`;
        i += m[0].length;
        quantEnd();
        continue;
      }
    }
    out += c;
    i++;
  }
  out += ")".repeat(stack.pop()!);
  if (stack.length) throw new Error("unbalanced groups");
  return out;
}

/** Capturing groups in a JS source (named or not), skipping escapes and classes. */
export function countGroups(src: string): number {
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") i++;
    else if (c === "[") {
      for (i++; i < src.length && src[i] !== "]"; i++) if (src[i] === "\\") i++;
    } else if (c === "(" && (src[i + 1] !== "?" || (src[i + 2] === "<" && src[i + 3] !== "=" && src[i + 3] !== "!"))) n++;
  }
  return n;
}
