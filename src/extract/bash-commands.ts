// What each command writes, from its arguments: tee, touch, truncate, the destination
// of cp/mv/ln/install/rsync/git mv, sed -i and perl/ruby -i, dd of=, curl -o/-O,
// wget -O, tar -c, zip. Option tables hold only what these commands need to tell an
// option's argument from an operand (./bash-options.ts reads them). Pure: words in,
// words out (./bash-files.ts resolves them).
import type { Word } from "./shell-words.ts";
import { getopt, type Options } from "./bash-options.ts";

/** The words naming the files `name` (a basename) writes, given its arguments. */
export function writtenBy(name: string, args: Word[]): Word[] {
  switch (name) {
    case "tee":
      return getopt(args, {}).operands;
    case "touch":
      return getopt(args, { short: "dtr", long: ["date", "reference"] }).operands;
    case "truncate":
      return getopt(args, { short: "sr", long: ["size", "reference"] }).operands;
    case "cp":
    case "mv":
    case "ln":
      return destination(getopt(args, { short: "tS", long: ["target-directory", "suffix"] }));
    case "install": {
      const o = getopt(args, { short: "gmoSt", long: ["group", "mode", "owner", "suffix", "target-directory"] });
      return o.flags.has("d") || o.flags.has("directory") ? [] : destination(o); // -d makes directories
    }
    case "rsync": {
      const o = getopt(args, { short: "efBTM", long: RSYNC_ARGS });
      const dest = o.operands.length >= 2 ? o.operands[o.operands.length - 1]! : undefined;
      return dest && !/^[^/]*:/.test(dest.text) ? [dest] : []; // host:path is another machine
    }
    case "sed":
    case "gsed":
      return sedInPlace(args);
    case "perl":
    case "ruby":
      return scriptInPlace(args);
    case "dd":
      return args.filter((a) => a.text.startsWith("of=")).map((a) => ({ ...a, text: a.text.slice(3) }));
    case "curl": {
      const o = getopt(args, { short: CURL_SHORT_ARGS, long: CURL_LONG_ARGS });
      const dir = o.values.get("output-dir");
      const outputs = [...(o.all.get("o") ?? []), ...(o.all.get("output") ?? [])];
      // -O names the file after the URL's last path segment.
      if (o.flags.has("O") || o.flags.has("remote-name") || o.flags.has("remote-name-all")) outputs.push(...o.operands.flatMap(remoteName));
      return dir ? outputs.map((f) => under(dir, f)) : outputs;
    }
    case "wget": {
      const o = getopt(args, {
        short: "OoPaeitTwUlARDBQ",
        long: ["output-document", "output-file", "directory-prefix", "tries", "timeout", "user-agent", "header"],
      });
      const f = o.values.get("O") ?? o.values.get("output-document");
      return f ? [f] : [];
    }
    case "git":
      return gitMove(args);
    case "tar":
      return tarCreate(args);
    case "zip": {
      // `zip [options] archive files...`; -d/-u/-f/-m change an archive too.
      const archive = getopt(args, { short: "bnPtx", long: ["temp-path", "suffixes", "password", "exclude", "include"] }).operands[0];
      return archive ? [archive] : [];
    }
    default:
      return [];
  }
}

/** cp/mv/ln/install: the `-t` directory, else the last operand (a directory stays as written). */
function destination(o: Options): Word[] {
  const dir = o.values.get("t") ?? o.values.get("target-directory");
  if (dir) return [dir];
  return o.operands.length >= 2 ? [o.operands[o.operands.length - 1]!] : [];
}

/**
 * `sed -i`: with `-e`/`-f` scripts every operand is a file, else the first operand is the
 * script. GNU reads `-i` with its suffix attached (`-i.bak`, and `-ie` is suffix "e"); the
 * BSD/macOS form `-i ''` gives the suffix as its own word, which we recognize when empty.
 */
function sedInPlace(args: Word[]): Word[] {
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
  if (!inPlace) return [];
  return scripts ? rest : rest.slice(1);
}

/**
 * `perl -pi -e '...' files`, `perl -0777 -pi.bak -e`, `ruby -i`: the files named after the code
 * are rewritten. `-i` takes the rest of its word as a suffix; `-0` and `-l` take only digits.
 */
function scriptInPlace(args: Word[]): Word[] {
  let inPlace = false;
  let code = false;
  const operands: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!t.startsWith("-") || t === "-") {
      operands.push(args[i]!);
      continue;
    }
    for (let k = 1; k < t.length; k++) {
      const c = t[k]!;
      if (c === "i") inPlace = true;
      if (c === "i" || c === "x" || c === "d" || c === "D" || c === "C") break; // the rest is its value
      if (c === "0" || c === "l") while (/[0-9a-fA-Fx]/.test(t[k + 1] ?? "")) k++;
      else if ("eEIMmr".includes(c)) {
        if (c === "e" || c === "E") code = true;
        if (k === t.length - 1) i++; // its value is the next word
        break;
      }
    }
  }
  if (!inPlace) return [];
  return code ? operands : operands.slice(1);
}

/** `git [-C dir] mv src... dest`. Other subcommands that touch files (checkout, restore) only undo changes. */
function gitMove(args: Word[]): Word[] {
  let i = 0;
  let dir: Word | undefined; // -C: where git runs (each one relative to the one before)
  while (i < args.length && args[i]!.text.startsWith("-")) {
    const t = args[i]!.text;
    if (t === "-C" && args[i + 1]) dir = dir ? under(dir, args[i + 1]!) : args[i + 1]!;
    i += t === "-C" || t === "-c" || t === "--git-dir" || t === "--work-tree" || t === "--namespace" ? 2 : 1;
  }
  if (args[i]?.text !== "mv") return [];
  const o = getopt(args.slice(i + 1), {});
  if (o.operands.length < 2) return [];
  const dest = o.operands[o.operands.length - 1]!;
  return [dir ? under(dir, dest) : dest];
}

/** `path` read from `dir`: `dir/path` unless path is absolute (or starts with `~`). */
function under(dir: Word, path: Word): Word {
  if (path.text.startsWith("/") || path.text.startsWith("\0")) return path;
  return { text: `${dir.text}/${path.text}`, dynamic: dir.dynamic || path.dynamic, glob: dir.glob || path.glob, quoted: dir.quoted || path.quoted };
}

function remoteName(url: Word): Word[] {
  if (url.dynamic || url.text.includes("\0")) return [];
  const m = /^[a-z]+:\/\/[^/?#]*\/(?:[^?#]*\/)?([^/?#]+)/i.exec(url.text);
  return m ? [{ text: m[1]!, dynamic: false, glob: false, quoted: true }] : [];
}

/** `tar -czf out.tgz dir` (also the old `tar czf out.tgz dir`): the archive, when creating or appending. */
function tarCreate(args: Word[]): Word[] {
  const first = args[0]?.text ?? "";
  // Old style: the first word is a cluster of key letters without a dash.
  const words = /^[A-Za-z]+$/.test(first) && !first.startsWith("-") ? [{ ...args[0]!, text: "-" + first }, ...args.slice(1)] : args;
  const o = getopt(words, {
    short: "fCTXbgHKLNV",
    long: ["file", "directory", "files-from", "exclude-from", "exclude", "transform", "format", "owner", "group", "mode", "mtime"],
  });
  const writing = ["c", "r", "u", "A", "create", "append", "update", "catenate", "concatenate"].some((k) => o.flags.has(k));
  const file = o.values.get("f") ?? o.values.get("file");
  return writing && file ? [file] : [];
}

const RSYNC_ARGS = [
  "rsh",
  "exclude",
  "include",
  "filter",
  "exclude-from",
  "include-from",
  "files-from",
  "backup-dir",
  "suffix",
  "chmod",
  "chown",
  "log-file",
  "partial-dir",
  "temp-dir",
  "link-dest",
  "compare-dest",
  "copy-dest",
  "remote-option",
  "port",
  "timeout",
  "bwlimit",
  "max-size",
  "min-size",
  "password-file",
  "rsync-path",
  "out-format",
];
const CURL_SHORT_ARGS = "odHXuAeFbcDTwxEKmryYzCPQtU";
const CURL_LONG_ARGS = [
  "output",
  "output-dir",
  "data",
  "data-raw",
  "data-binary",
  "data-urlencode",
  "json",
  "header",
  "request",
  "user",
  "user-agent",
  "referer",
  "form",
  "cookie",
  "cookie-jar",
  "dump-header",
  "upload-file",
  "write-out",
  "proxy",
  "cert",
  "key",
  "cacert",
  "config",
  "max-time",
  "connect-timeout",
  "retry",
  "retry-delay",
  "range",
  "url",
  "limit-rate",
  "resolve",
  "continue-at",
  "oauth2-bearer",
];

/** `bash -c 'script'`, `sh -lc '...'`, `bash -o pipefail -c '...'`: the script word. */
export function shellCommandString(args: Word[]): Word | undefined {
  const o = getopt(args, { short: "oO" });
  return o.flags.has("c") ? o.operands[0] : undefined;
}
