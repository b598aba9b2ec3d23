// Files a shell command writes: redirections, tee, touch, cp/mv targets, sed -i.
// A best-effort reading of common forms; it never runs or expands anything.

const SEPARATORS = /&&|\|\||[;|\n]/;

export function filesWrittenByBash(command: string): string[] {
  const out: string[] = [];
  for (const part of command.split(SEPARATORS)) {
    const words = tokenize(part);
    out.push(...redirectTargets(words));
    const [cmd, ...args] = words.filter((w) => !/^[<>]|^\d?>>?/.test(w));
    const plain = args.filter((a) => !a.startsWith("-"));
    switch (cmd) {
      case "tee":
      case "touch":
        out.push(...plain);
        break;
      case "cp":
      case "mv":
      case "install":
        if (plain.length >= 2) out.push(plain[plain.length - 1]!);
        break;
      case "sed":
        if (args.some((a) => /^-i/.test(a) || a === "--in-place")) out.push(...plain.slice(1));
        break;
    }
  }
  return out.filter(isPlausiblePath);
}

function redirectTargets(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = /^(?:\d|&)?>>?\|?(.*)$/.exec(words[i]!);
    if (!m) continue;
    const target = m[1] || words[i + 1];
    if (target && !target.startsWith("&")) out.push(target);
  }
  return out;
}

function tokenize(s: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) words.push(m[1] ?? m[2] ?? m[3] ?? "");
  return words;
}

function isPlausiblePath(p: string): boolean {
  return !!p && !p.startsWith("/dev/") && !p.startsWith("/proc/") && !/[$`*?(){}]/.test(p) && p.length < 512;
}
