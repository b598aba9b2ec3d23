// Deciding on a match: is this really a secret, and which part of it? Context that a
// regex could only check with backtracking lookarounds is checked here, in linear time.
import type { Span } from "./pattern.ts";

const PEM_END = /-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/y;
// Without an END: base64 lines (real newlines or the \n of a JSON string) and armor headers.
const PEM_BODY =
  /(?:(?:[ \t]*(?:\r?\n|\\r?\\n))*[ \t]*(?:[A-Za-z0-9+/=]{16,}|[A-Za-z0-9+/=]+(?=[ \t]*(?:\r?\n|\\[rn]|$))|(?:Proc-Type|DEK-Info|Version|Comment|Hash|Charset): [^\r\n\\]*))*/y;
/** Keys are a few KB; PGP blocks with subkeys maybe tens. Past this, the body fallback still takes every base64 line. */
const PEM_MAX_BODY = 64 * 1024;

/**
 * From the header to the END line, if one comes before the next BEGIN and within PEM_MAX_BODY
 * (both bound the search, so repeated headers stay linear). Otherwise (clipped text) the header
 * and the base64 / armor lines after it. A header alone (`the file starts with -----BEGIN … PRIVATE
 * KEY-----`) is a mention, not a key.
 */
export function refinePrivateKey(m: RegExpExecArray, text: string): Span | null {
  const from = m.index + m[0].length;
  let limit = Math.min(text.length, from + PEM_MAX_BODY);
  const nextBegin = text.indexOf("-----BEGIN ", from); // stops at the next header: linear over all headers
  if (nextBegin >= 0 && nextBegin < limit) limit = nextBegin;
  const body = text.slice(from, limit);
  for (let i = body.indexOf("-----END "); i >= 0; i = body.indexOf("-----END ", i + 1)) {
    PEM_END.lastIndex = from + i;
    const e = PEM_END.exec(text);
    if (e) return [m.index, from + i + e[0].length];
  }
  PEM_BODY.lastIndex = from;
  const end = from + (PEM_BODY.exec(text)?.[0].length ?? 0);
  return /[A-Za-z0-9+/=]{16}/.test(text.slice(from, end)) ? [m.index, end] : null;
}

/** Random-looking: has a digit, or is long and mixed-case. Keeps `sk-some-kebab-case-name` and `Bearer authentication` out. */
export function looksRandom(s: string, longEnough: number): boolean {
  return /\d/.test(s) || (s.length >= longEnough && /[a-z]/.test(s) && /[A-Z]/.test(s));
}

/** `password=<your password>`, `token: ${TOKEN}`, `secret=xxx` are not secrets; keep the text readable. */
export function looksLikePlaceholder(v: string): boolean {
  return PLACEHOLDER.test(v) || (v.length <= 16 && /(?:\.\.\.|…)$/.test(v));
}
const PLACEHOLDER = new RegExp(
  [
    String.raw`\$\{?[A-Za-z_][A-Za-z0-9_]*\}?`, // $VAR, ${VAR}
    String.raw`\$[({].*`, // $(cmd), ${{ secrets.X }}
    String.raw`\{\{.*\}\}|<%.*|%[A-Za-z_][A-Za-z0-9_]*%`, // templates: {{ x }}, <%= x %>, %VAR%
    String.raw`(?:%[-#0 +]*\d*(?:\.\d+)?[sdifxr]|%\(\w+\)[sd]|\{[\w.]*\}|[:@/ -])+`, // format strings: %s, '%s:%s', '{0}:{1}', {token}
    String.raw`<[^>]*>|\[[^\]]*\]`, // <your-token>, [REDACTED:x], [token]
    String.raw`x{3,}|X{3,}|\*{3,}|•{3,}|#{3,}|\.{3,}|…|-{3,}|_{3,}`,
    `null|none|nil|true|false|undefined|empty|value|redacted|hidden|masked|placeholder`,
    `your[-_ ].*|.*[-_]here`,
    String.raw`(?:process\.env|os\.environ|os\.getenv|System\.getenv|Deno\.env|getenv)\b.*|env\(.*|ENV\[.*|env\.[A-Za-z_].*`,
  ]
    .map((a) => `(?:${a})`)
    .join("|")
    .replace(/^/, "^(?:")
    .replace(/$/, ")$"),
  "i",
);

/** Words that, unquoted after `name:` / `name =`, are types or code, not secrets. */
const CODE_WORDS = new Set(
  "string str number int integer float double bool boolean bytes byte char any unknown object void never undefined null none nil true false await async new this self yield typeof function lambda required optional include omit same-origin inherit secretstr secretstring buffer uint8array date record map array list dict set option".split(
    " ",
  ),
);
/** Quoted single words that are labels or enum values, not secrets: `credentials: "include"`, `type: "password"`. */
const QUOTED_WORDS = new Set(
  "include omit same-origin string number boolean required optional password passwd secret token key apikey hidden redacted none null".split(" "),
);
/** Words that make a quoted value with spaces a message or label, not a passphrase. */
const PROSE_WORDS =
  /\b(?:is|are|was|were|be|the|your|you|a|an|to|of|for|and|or|must|should|not|no|invalid|incorrect|wrong|required|enter|please|forgot|reset|new|confirm|change|missing|too|at|least|characters|expired|cannot|can't|does|do|don't)\b/i;

/** What is left of a value once earlier markers and escapes are out: `[REDACTED:private-key]\\n` leaves nothing. */
function residue(v: string): string {
  return v
    .replace(/\[REDACTED:[a-z0-9-]+\]/g, "")
    .replace(/\\[nrt]/g, "")
    .trim();
}

function isPath(v: string): boolean {
  if (!/^(?:~|\.{1,2}|[A-Za-z]:)?[\\/]/.test(v) || /[+=]/.test(v)) return false;
  const segs = v.split(/[\\/]/).filter(Boolean);
  if (segs.length === 0) return false;
  if (/^[^.]+\.[A-Za-z0-9]{1,6}$/.test(segs[segs.length - 1]!) || /^(?:~|\.{1,2})[\\/]/.test(v)) return true;
  // Word-like segments (`Users`, `MyApp`, `node_modules`, `.ssh`); base64 such as `K7MDENG` or `wJalrXUtnFEMI` is not.
  return segs.every((s) => /^[.@_-]?[A-Za-z]?[a-z0-9._@ -]*(?:[A-Z][a-z0-9._@-]+)*:?$/.test(s));
}

/** Shared by quoted values of assignments, flags and SQL: strip the quotes, drop labels and messages. */
function quotedSecret(text: string, s: number, e: number): Span | null {
  const q = text[s];
  const start = s + 1;
  let end = e;
  if (e - s >= 2 && text[e - 1] === q) end--;
  if (text[start - 2] === "\\" && text[end - 1] === "\\") end--; // \"escaped\" JSON inside a string
  const v = text.slice(start, end);
  if (residue(v).length < 3 || looksLikePlaceholder(v.trim()) || QUOTED_WORDS.has(v.toLowerCase())) return null;
  if (/\s/.test(v.trim())) {
    // "Password is required", "Enter your password", "Forgot password?", "API Key": a message or label.
    if (PROSE_WORDS.test(v) || /[?!]$/.test(v) || /^(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+$/.test(v.trim())) return null;
  }
  return [start, end];
}

export function refineQuotedOnly(_m: RegExpExecArray, text: string, span: Span): Span | null {
  return quotedSecret(text, span[0], span[1]);
}

export function refineFlag(_m: RegExpExecArray, text: string, [s, e]: Span): Span | null {
  const q = text[s];
  if (q === '"' || q === "'") return quotedSecret(text, s, e);
  const v = text.slice(s, e);
  if (v.startsWith("-") || v.length < 3 || looksLikePlaceholder(v) || isPath(v)) return null;
  return [s, e];
}

const DECLARATION = /(?:^|[\s(])(?:const|let|var|val|type|readonly|declare|public|private|protected|static|final|def)\s+(?:[\w$.]+\s+)?$/;

const NAME_WORDS = new Set("password passwd pass pwd passphrase secret secrets token tokens key keys apikey credential credentials creds cred auth".split(" "));

/** `hashedPassword`, `api_key`, `secretValue`, `DB_PASS`: a value that names a secret is a reference to one. Not `passion2024`. */
function namesASecret(v: string): boolean {
  return v
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_.$-]+/)
    .some((w) => NAME_WORDS.has(w.toLowerCase()));
}

const isNameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45; // [A-Za-z0-9_.-]
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

/** The non-space run just before `i` (at most 200 chars). */
function tokenBefore(text: string, i: number): string {
  let j = i;
  while (j > 0 && i - j < 200 && !isSpace(text.charCodeAt(j - 1))) j--;
  return text.slice(j, i);
}

/** Whether only indentation and maybe `export ` stand between the line start and `i` (a `.env` / shell line). */
function atLineStart(text: string, i: number): boolean {
  let j = i;
  while (j > 0 && (text[j - 1] === " " || text[j - 1] === "\t")) j--;
  if (j >= 6 && j < i && text.slice(j - 6, j) === "export") {
    j -= 6;
    while (j > 0 && (text[j - 1] === " " || text[j - 1] === "\t")) j--;
  }
  return j === 0 || text[j - 1] === "\n";
}

// Checks run cheapest first: this is called for every `name: value` / `name = value` in the text.
export function refineAssignment(m: RegExpExecArray, text: string, span: Span): Span | null {
  const kw = m.groups!.kw!;
  const sep = m.groups!.sep!.trim();
  const [kwStart, kwEnd] = m.indices!.groups!.kw!;
  let [s, e] = span;
  const q = text[s];
  const quoted = q === '"' || q === "'" || q === "`";

  let nameStart = kwStart;
  while (nameStart > 0 && kwStart - nameStart < 200 && isNameChar(text.charCodeAt(nameStart - 1))) nameStart--;
  if (text[nameStart - 1] === "/") return null; // a path: /etc/passwd, ./secret:/run/secret
  if (sep === ":" && /^[a-z][a-z0-9]*(?:\.[a-z][a-z0-9]*)+$/.test(text.slice(nameStart, kwEnd))) return null; // Maven coordinates: io.jsonwebtoken:jjwt
  if (kw.length === 4 || kw.length === 3) {
    if (/^(?:pass|pwd)$/i.test(kw) && nameStart < kwStart && !/[_.-]/.test(text[kwStart - 1]!)) return null; // bypass, OLDPWD
    if (/^pass$/i.test(kw) && nameStart === kwStart && sep === ":") return null; // "a second pass: …" is English
  }

  if (quoted) {
    // `getpass(prompt='Password: ', …)`, `print("token=" + t)`: the quote closes a string the name is in,
    // either one that opened right before the name, or one followed by code (`, x`, ` + y`).
    if ((text[nameStart - 1] === q && !/["'\x60]/.test(text.slice(kwEnd, m.index))) || /^[\s,;)+.%]/.test(text[s + 1] ?? "")) return null;
    const qs = quotedSecret(text, s, e);
    if (!qs || isPath(text.slice(qs[0], qs[1]))) return null; // "PWD": "/Users/me"
    if (q === "`" && /\s/.test(text.slice(qs[0], qs[1]))) return null; // KEY=`vault read -field=x secret/db`: a command
    return isArn(text, nameStart) || notReal(text.slice(nameStart, kwEnd)) ? null : qs;
  }

  let v = text.slice(s, e);
  // Unquoted: cut at a literal \n of JSON-escaped text, and at `&` / `#` in a URL query string.
  const esc = v.indexOf("\\");
  if (esc >= 0) {
    const lit = v.search(/\\[nrt]/);
    if (lit >= 0) v = v.slice(0, lit);
    v = v.replace(/\\+$/, "");
  }
  const qc = text[nameStart - 1];
  if (qc === "?" || qc === "&") v = v.replace(/[&#].*$/, "");
  e = s + v.length;

  const len = residue(v).length;
  if (len < 3 || (len < 4 && !(sep === "=" && text[kwEnd] === "=" && /^[A-Z0-9_]+$/.test(text.slice(nameStart, kwEnd)) && atLineStart(text, nameStart))))
    return null;
  if (looksLikePlaceholder(v) || isPath(v) || v.startsWith("<")) return null; // password=<your password>
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return null; // a URL (credentials in it are url-credentials'); `[the credentials]: https://…`

  const next = text[e] ?? "";
  if (next === "(" || next === "[") return null; // getpass(), os.environ["X"], Optional[str]
  if (CODE_WORDS.has(v.toLowerCase())) return null;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v)) return null; // this.token, config.password
  if (/^[A-Za-z_$][\w$]*$/.test(v) && namesASecret(v)) return null; // password: hashedPassword
  if (/^0x[0-9a-f]+$/i.test(v) || /^\w+(?:\|\w+)+$/.test(v) || /^[A-Za-z_$][\w$.]*<.*>$/.test(v)) return null; // 0x0B96, true|false, Token<Kind>
  const rest = text.slice(e, e + 80);
  const identifier = /^[A-Za-z_$][A-Za-z_$]*$/.test(v);
  if (identifier) {
    // `password: hashed,` / `login(password=pw)` / `token: Token;` / `t = started ? a : b`: an identifier inside code.
    if (/^[ \t]*(?:[,;)}\]|&=>?:+*/%!<.\x60'"]|-[^-])/.test(rest)) return null;
    // `password = hashed` (spaces around `=`, no digits): a variable, not a literal, when it is camelCase
    // or snake_case, or ends the line.
    const spacedEq = sep === "=" && /[ \t]$/.test(text.slice(kwEnd, m.index)) && /^=[ \t]/.test(m[0]);
    if (spacedEq && /^[a-z_$]/.test(v) && (/[a-z][A-Z]|[a-z]_[a-z]/.test(v) || /^[ \t]*(?:\r?\n|$)/.test(rest))) return null;
    // `Your token: expired yesterday`: a lowercase word with the sentence going on is prose.
    if (sep === ":" && /^[a-z]+$/.test(v) && /^[ \t]+[A-Za-z]/.test(rest)) return null;
  }
  // After `const`, `let`, `type`, `readonly`…, a literal is quoted (or a number): anything else is code.
  if (DECLARATION.test(text.slice(Math.max(0, nameStart - 60), nameStart))) return null;
  return isArn(text, nameStart) || notReal(text.slice(nameStart, kwEnd)) ? null : [s, e];
}

/** Words of a name that say its value is not a live one: `fakeToken`, `DUMMY_API_KEY`, `nonMatchingToken`, `expired_token`. */
const NOT_REAL_NAME =
  /\b(?:fake|dummy|mock|example|sample|bogus|placeholder|invalid|wrong|bad|expired|revoked|(?:non|not) ?match(?:ing)?|mismatch(?:ed|ing)?)\b/;

/**
 * The name vouches that its value is not a live secret (a test's `nonMatchingToken := "…"`). Only
 * the name: by its shape alone such a value cannot be told from a real one.
 */
export function notReal(name: string): boolean {
  return NOT_REAL_NAME.test(
    name
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .replace(/[_.-]+/g, " ")
      .toLowerCase(),
  );
}

/** `arn:aws:secretsmanager:…:secret:prod/db` is a name, not a secret. */
function isArn(text: string, nameStart: number): boolean {
  return /(?:^|[^A-Za-z0-9])arn:/.test(tokenBefore(text, nameStart));
}

function entropyBits(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

const FILE_NAME =
  /^[\w.-]+\.(?:[jt]sx?|mjs|cjs|json|ya?ml|toml|ini|cfg|conf|env|md|txt|py|rb|go|rs|java|kt|cs|cpp|c|h|php|sh|sql|html?|css|lock|log|pem|key|crt|pub|png|jpe?g|svg|zip|tar|gz)$/i;

/**
 * A value that reads like a secret, whatever name it sits under: no spaces, long enough, some
 * randomness (a digit or a symbol in a word, or long mixed case), and none of the things that
 * only look random: versions, UUIDs, file names, paths, URLs, identifiers, placeholders.
 * `strong` asks more (a name that only contains a secret word, `SOME_TOKEN_URL`-like contexts).
 */
export function looksSecretShaped(v: string, strong: boolean): boolean {
  const s = v.trim();
  if (s.length < (strong ? 12 : 6) || s.length > 8192 || /\s/.test(s)) return false;
  if (looksLikePlaceholder(s) || /^arn:/.test(s) || /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^(?:~|\.{1,2})?\//.test(s) || FILE_NAME.test(s)) return false;
  if (/^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/.test(s) || /^\d+$/.test(s)) return false; // versions, numbers
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) return false; // UUID
  if (/^(?:[a-z]+[-_.])*[a-z]+$/.test(s) || /^(?:[A-Z]+_)*[A-Z]+$/.test(s)) return false; // words, CONSTANT_NAMES
  if (/^[A-Za-z_$][A-Za-z_$]*$/.test(s) && !(s.length >= 20 && /[a-z]/.test(s) && /[A-Z]/.test(s) && entropyBits(s) >= 3.5)) return false; // identifiers
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(s) && !/\d/.test(s)) return false; // member access
  if (/(.)\1{5,}/.test(s) && entropyBits(s) < 3) return false; // xxxxxx, 000000
  const h = entropyBits(s);
  if (h < (strong ? 3.0 : 2.3)) return false;
  if (strong && !/\d/.test(s) && !(s.length >= 20 && /[a-z]/.test(s) && /[A-Z]/.test(s))) return false;
  return /\d/.test(s) || /[^A-Za-z0-9]/.test(s) || (/[a-z]/.test(s) && /[A-Z]/.test(s));
}

const FAKE_WORDS = /your|here|example|placeholder|dummy|sample|changeme|replace_?me|insert|fake/i;
const FAKE_VALUE = /x{6}|X{6}|\*{6}|(?:^|[_-])(?:your|here|example|changeme|placeholder)(?:[_-]|$)/i;

/**
 * A documentation or test value in a token's place: `ghp_xxxxxxxx…`, `AKIA…EXAMPLE`,
 * `…_PUT_YOUR_TOKEN_HERE`, `abc123…klmnop`, `aaaaaaaa`. A run of six equal characters or a third of
 * the steps being "next letter" has odds of about 1e-7 in a random token. `token: false` is for a
 * value people chose (a password): `postgres123` is weak, not fake; only `xxxxxx` and
 * `your-password-here` shapes count there.
 */
export function looksFake(v: string, token = true): boolean {
  if (v.length < 8) return false;
  if (!token) return FAKE_VALUE.test(v);
  if (/(.)\1{5}/.test(v) || FAKE_WORDS.test(v)) return true;
  const low = v.toLowerCase();
  let steps = 0;
  for (let i = 1; i < low.length; i++) if (low.charCodeAt(i) - low.charCodeAt(i - 1) === 1) steps++;
  return steps / (low.length - 1) >= 0.3;
}
