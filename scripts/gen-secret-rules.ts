// Regenerates src/privacy/rules.generated.ts (the vendor-token rules) and
// test/privacy/fixtures/gitleaks-samples.json (their sample data) from gitleaks' default
// configuration at a pinned revision.
//
//   git clone https://github.com/gitleaks/gitleaks /tmp/gitleaks && git -C /tmp/gitleaks checkout <PINNED>
//   bun scripts/gen-secret-rules.ts /tmp/gitleaks [--commit <sha>]
//
// gitleaks is MIT-licensed (Copyright (c) 2019 Zachary Rice); the generated files name it, its
// revision and its license. Its rules are Go RE2 regexes: scripts/lib/re2-to-js.ts translates
// them, and every translated rule is checked here against samples of its own format before
// the table is written. A few rules are not taken, each for a stated reason (SKIP below).
//
// Samples: gitleaks' rule sources (cmd/generate/config/rules/*.go) list true- and
// false-positive samples per rule. Literal samples are copied; samples built by code
// (`"ghp_" + secrets.NewSecret(utils.AlphaNumeric("36"))`) are evaluated here with a seeded
// generator; on top of that, each rule gets secrets drawn from its own regex, placed in a few
// contexts (env, JSON, YAML, code, prose).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { countGroups, re2ToJs } from "./lib/re2-to-js.ts";
import { maxMatchLength, sampleRegex } from "./lib/regex-sampler.ts";
import { mulberry32, type Rand } from "../test/support/random.ts";

export const PINNED = "b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b";
const ROOT = join(import.meta.dir, "..");
const OUT_RULES = join(ROOT, "src/privacy/rules.generated.ts");
const OUT_SAMPLES = join(ROOT, "test/privacy/fixtures/gitleaks-samples.json");
/** Upper bound given to unbounded repeats (`+`, `*`, `{n,}`): no token is longer. */
const BOUND = 4096;
/** Context kept around a window at run time (src/privacy/generated.ts): enough for \b and 1-char lookarounds. */
const WINDOW_CONTEXT = 8;

/** Rules not taken, and why. The built-in patterns of src/privacy/patterns.ts cover each. */
const SKIP: Record<string, string> = {
  "generic-api-key": "keyword assignments are decided by the value's shape in refine.ts (assignment)",
  "curl-auth-header": "unbounded `.*?` across lines; Authorization headers are caught anywhere (auth-header, bearer-token)",
  "curl-auth-user": "unbounded `.*` across lines; `curl -u user:pass` is a cli-flag pattern",
  "private-key": "PEM blocks are found by their header and their end in refine.ts (private-key), clipped ones too",
  "pkcs12-file": "a file-path rule with no regex",
  "hashicorp-tf-password": "applies to .tf/.hcl paths only; a generic password assignment (assignment)",
  "kubernetes-secret-yaml": "applies to YAML paths only, with up to 300 chars of lazy context; Secret data values are assignments",
};

interface TomlAllow {
  description?: string;
  regexTarget?: string;
  regexes?: string[];
  stopwords?: string[];
  condition?: string;
  paths?: string[];
}
interface TomlRule {
  id: string;
  regex?: string;
  secretGroup?: number;
  entropy?: number;
  keywords?: string[];
  path?: string;
  allowlists?: TomlAllow[];
}

export interface Allow {
  target: "secret" | "match" | "line";
  regexes: string[];
  stopwords: string[];
  and: boolean;
}

function die(msg: string): never {
  console.error(`gen-secret-rules: ${msg}`);
  process.exit(1);
}

const args = process.argv.slice(2);
const checkout = args.find((a) => !a.startsWith("--"));
if (!checkout) die("usage: bun scripts/gen-secret-rules.ts <gitleaks checkout> [--commit <sha>]");
const tomlPath = join(checkout, "config", "gitleaks.toml");
if (!existsSync(tomlPath)) die(`${tomlPath} not found`);
const ci = args.indexOf("--commit");
let commit = ci >= 0 ? args[ci + 1] : undefined;
if (!commit) {
  try {
    commit = execFileSync("git", ["-C", checkout, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    die("not a git checkout: pass --commit <sha>");
  }
}
if (!/^[0-9a-f]{40}$/.test(commit!)) die(`bad commit ${commit}`);
if (commit !== PINNED) console.warn(`gen-secret-rules: ${commit} is not the pinned ${PINNED}; update PINNED when moving on`);

const toml = Bun.TOML.parse(readFileSync(tomlPath, "utf8")) as { allowlist?: TomlAllow; rules: TomlRule[] };

const js = (re: string) => re2ToJs(re, BOUND);
// Gitleaks' semi-generic rules begin with `[\w.-]{0,50}?` to capture the variable name; the secret is
// a group after the keyword, so that prefix only costs time (up to 50 tries at each start).
const stripPrefix = (re: string) => re.split(String.raw`[\w.-]{0,50}?`).join("");
// Gitleaks ends most tokens with a consumed terminator (quote, space, `;`, `\n`, end). Here tokens are
// found anywhere in prose too (followed by `.`, `,`, `)`, `<`…): any character that cannot continue it.
const TERMINATOR = String.raw`(?:[\x60'"\s;]|\\[nr]|$)`;
// `/` too (a token in a URL path or a file path). Not `.` (`video_box.ico-…png` is a file name) nor `(`
// (`GLC_CreateTexture(void)` is code); the prose pattern takes a token before a full stop.
const relaxEnd = (re: string) => re.split(TERMINATOR).join(String.raw`(?=[\x60'"\s;,)\]}>|&<\/]|\\[nrt]|$)`);

function translateAllow(a: TomlAllow): Allow | null {
  if (a.paths?.length) return null; // path-conditioned: we have no paths
  const target = (a.regexTarget ?? "secret") as Allow["target"];
  // Allowlists read a name, a value or a line: a smaller bound keeps `[a-z0-9-]*?api[a-z0-9-]*?` cheap.
  return {
    target,
    regexes: (a.regexes ?? []).map((r) => re2ToJs(r, 100)),
    stopwords: (a.stopwords ?? []).map((s) => s.toLowerCase()),
    and: a.condition === "AND",
  };
}

export interface OutRule {
  id: string;
  keywords: string[];
  regex: string;
  /** Capture group of the secret; -1: the first group that matched; 0: the whole match. */
  group: number;
  entropy?: number;
  allow?: Allow[];
  /**
   * Where a match can lie around a keyword: from \`back\` chars before one to \`ahead\` chars after
   * its start. Absent when a match need not contain a keyword, or the regex has anchors: then the
   * rule runs on the whole text.
   */
  window?: [back: number, ahead: number];
}

const rules: OutRule[] = [];
const skipped: string[] = [];
for (const r of toml.rules) {
  if (SKIP[r.id] || !r.regex) {
    skipped.push(r.id);
    continue;
  }
  const regex = relaxEnd(js(stripPrefix(r.regex)));
  new RegExp(regex, "g"); // throws on a bad translation
  const groups = countGroups(regex);
  const allow = (r.allowlists ?? []).map(translateAllow).filter((a): a is Allow => !!a && (a.regexes.length > 0 || a.stopwords.length > 0));
  for (const a of allow) for (const x of a.regexes) new RegExp(x);
  rules.push({
    id: r.id,
    keywords: [...new Set((r.keywords ?? []).map((k) => k.toLowerCase()))],
    regex,
    group: r.secretGroup ?? (groups > 0 ? -1 : 0),
    ...(r.entropy ? { entropy: r.entropy } : {}),
    ...(allow.length ? { allow } : {}),
  });
}
const globalAllow = toml.allowlist ? translateAllow({ ...toml.allowlist, paths: undefined }) : null;
// generic-api-key's allowlists, for the shape-decided assignments that replace that rule: the ones
// on the match or the line (names that are not secrets: `publicToken`, `csrf-token`, `author`...),
// and its stopwords that are values (not its list of common words).
const genericAllow = (toml.rules.find((r) => r.id === "generic-api-key")?.allowlists ?? [])
  .filter((a) => a.regexTarget === "match" || a.regexTarget === "line")
  .map((a) => translateAllow({ ...a, stopwords: (a.stopwords ?? []).filter((w) => w.length >= 16) }))
  .filter((a): a is Allow => !!a);

// ---- samples from the rule sources ----------------------------------------------------------

type Tok = { k: "str"; v: string } | { k: "id"; v: string } | { k: "p"; v: string };

function goTokens(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      i = src.indexOf("*/", i + 2) + 2 || src.length;
    } else if (c === "`") {
      const j = src.indexOf("`", i + 1);
      out.push({ k: "str", v: src.slice(i + 1, j) });
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
      out.push({ k: "str", v: JSON.parse(src.slice(i, j + 1).replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1")) });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w.]*/.exec(src.slice(i))!;
      out.push({ k: "id", v: m[0] });
      i += m[0].length;
    } else if (/\s/.test(c)) i++;
    else if (c === ":" && src[i + 1] === "=") {
      out.push({ k: "p", v: ":=" });
      i += 2;
    } else {
      out.push({ k: "p", v: c });
      i++;
    }
  }
  return out;
}

const HELPERS: Record<string, (n: string) => string> = {
  "utils.Numeric": (n) => `[0-9]{${n}}`,
  "utils.Hex": (n) => `[a-f0-9]{${n}}`,
  "utils.AlphaNumeric": (n) => `[a-z0-9]{${n}}`,
  "utils.AlphaNumericExtendedShort": (n) => `[a-z0-9_-]{${n}}`,
  "utils.AlphaNumericExtended": (n) => `[a-z0-9=_\\-]{${n}}`,
  "utils.AlphaNumericExtendedLong": (n) => `[a-z0-9\\/=_\\+\\-]{${n}}`,
};

/** Evaluates the small subset of Go that sample expressions use; null when something else is there. */
class Evaluator {
  i = 0;
  constructor(
    private toks: Tok[],
    private rand: Rand,
  ) {}
  private peek = () => this.toks[this.i];
  private eat(v: string) {
    const t = this.toks[this.i];
    if (!t || t.v !== v) throw new Error(`expected ${v}`);
    this.i++;
  }
  /** expr := term ('+' term)* ; value: a string, or a list (GenerateSampleSecrets). */
  expr(): string | string[] {
    let v = this.term();
    while (this.peek()?.v === "+") {
      this.i++;
      const w = this.term();
      if (typeof v !== "string" || typeof w !== "string") throw new Error("list +");
      v += w;
    }
    return v;
  }
  private args(): (string | string[])[] {
    this.eat("(");
    const out: (string | string[])[] = [];
    while (this.peek()?.v !== ")") {
      out.push(this.expr());
      if (this.peek()?.v === ",") this.i++;
    }
    this.eat(")");
    return out;
  }
  private term(): string | string[] {
    const t = this.toks[this.i++];
    if (!t) throw new Error("eof");
    if (t.k === "str") return t.v;
    if (t.k !== "id") throw new Error(`unexpected ${t.v}`);
    const a = this.args();
    const s = (k: number) => {
      const x = a[k];
      if (typeof x !== "string") throw new Error("arg");
      return x;
    };
    if (HELPERS[t.v]) return HELPERS[t.v]!(s(0));
    switch (t.v) {
      case "utils.Hex8_4_4_4_12":
        return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
      case "secrets.NewSecret":
      case "newPlausibleSecret": {
        const re = re2ToJs(s(0), 64);
        const v = sampleRegex(re, "", this.rand, 40, (x) => t.v !== "newPlausibleSecret" || /[1-9]/.test(x));
        if (v === null) throw new Error(`cannot sample ${s(0)}`);
        return v;
      }
      case "fmt.Sprintf": {
        let k = 1;
        return s(0).replace(/%[sd]/g, () => s(k++));
      }
      case "strings.ToUpper":
        return s(0).toUpperCase();
      case "utils.GenerateSampleSecret":
        return `${s(0)}_api_token = "${s(1)}"`;
      case "utils.GenerateSampleSecrets":
        return contexts(s(0), s(1));
      default:
        throw new Error(`unknown call ${t.v}`);
    }
  }
}

/** A secret in the places it turns up: assignments in several languages and formats, and prose. */
function contexts(name: string, secret: string): string[] {
  const id = name.replace(/[^A-Za-z0-9_]/g, "_");
  const up = id.toUpperCase();
  return [
    `${up}_TOKEN=${secret}`,
    `export ${up}_TOKEN="${secret}"`,
    `{\n  "${id}_token": "${secret}"\n}`,
    `${id}_token: ${secret}`,
    `${id}Token := "${secret}"`,
    `String ${id}Token = "${secret}";`,
    `${id}_token = '${secret}'`,
    `System.setProperty("${up}_TOKEN", "${secret}")`,
    `the ${name} token is ${secret} for now`,
  ];
}

interface SampleSet {
  id: string;
  /** base64: token-shaped strings stay out of the repository's plain text (push protection, scanners). */
  tps: string[];
  fps: string[];
  /** Secrets drawn from the rule's own regex (base64), each to be planted bare and in contexts. */
  drawn: string[];
}

const rand = mulberry32(0x5eed1e55);
const samples = new Map<string, SampleSet>();
const unevaluated: string[] = [];
const rulesDir = join(checkout, "cmd", "generate", "config", "rules");
for (const file of readdirSync(rulesDir)
  .filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))
  .sort()) {
  const src = readFileSync(join(rulesDir, file), "utf8");
  for (const fn of src.split(/\nfunc /).slice(1)) {
    const idm = /RuleID:\s*"([^"]+)"/.exec(fn);
    if (!idm) continue;
    const id = idm[1]!;
    const set: SampleSet = samples.get(id) ?? { id, tps: [], fps: [], drawn: [] };
    samples.set(id, set);
    const toks = goTokens(fn);
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.k !== "id" || !/^(?:tps|fps|truePositives|falsePositives)$/.test(t.v)) continue;
      const op = toks[i + 1]?.v;
      if (op !== "=" && op !== ":=") continue;
      const into = /^(?:tps|truePositives)$/.test(t.v) ? set.tps : set.fps;
      let j = i + 2;
      // []string{ a, b } | append(tps, a, b) | append(tps, f(...)...) | f(...)
      const items: Tok[][] = [];
      // From the opening bracket at toks[j] to its match: the comma-separated elements.
      const collect = (skipFirst: boolean) => {
        let depth = 1;
        let cur: Tok[] = [];
        const push = () => {
          if (cur.length) items.push(cur);
          cur = [];
        };
        for (j++; j < toks.length; j++) {
          const x = toks[j]!;
          if (x.k === "p" && "({[".includes(x.v)) depth++;
          if (x.k === "p" && ")}]".includes(x.v) && --depth === 0) break;
          if (depth === 1 && x.v === ",") push();
          else cur.push(x);
        }
        push();
        if (skipFirst) items.shift();
      };
      if (toks[j]?.v === "[" && toks[j + 1]?.v === "]" && toks[j + 2]?.v === "string") {
        j += 3;
        collect(false);
      } else if (toks[j]?.v === "append") {
        j += 1;
        collect(true);
      } else {
        const start = j;
        let depth = 0;
        for (; j < toks.length; j++) {
          const x = toks[j]!;
          if (x.v === "(") depth++;
          if (x.v === ")" && --depth === 0) break;
        }
        items.push(toks.slice(start, j + 1));
      }
      for (let item of items) {
        if (item.at(-1)?.v === "." && item.at(-2)?.v === "." && item.at(-3)?.v === ".") item = item.slice(0, -3);
        try {
          const v = new Evaluator(item, rand).expr();
          into.push(...(Array.isArray(v) ? v : [v]));
        } catch {
          unevaluated.push(
            `${id}: ${item
              .map((x) => x.v)
              .join(" ")
              .slice(0, 80)}`,
          );
        }
      }
    }
  }
}

// Draw secrets from each rule's regex; check that each rule's own literal samples behave.
const report: string[] = [];
for (const r of rules) {
  const set = samples.get(r.id) ?? { id: r.id, tps: [], fps: [], drawn: [] };
  samples.set(r.id, set);
  const re = new RegExp(r.regex, "dg");
  for (let k = 0; k < 3; k++) {
    const s = sampleRegex(r.regex, "", rand, 60, (x) => !r.entropy || entropyOfSecret(re, x, r.group) > r.entropy);
    if (s !== null) set.drawn.push(s);
  }
  if (set.drawn.length === 0) report.push(`${r.id}: could not draw a sample`);
  r.window = windowOf(r, [...set.tps, ...set.drawn, ...set.drawn.flatMap((d) => contexts(r.keywords[0] ?? "x", d))]);
  const tpHits = set.tps.filter((t) => ((re.lastIndex = 0), re.test(t))).length;
  if (set.tps.length && tpHits === 0) report.push(`${r.id}: none of its ${set.tps.length} true positives match the translated regex`);
}

function hasAnchor(src: string): boolean {
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") i++;
    else if (c === "[") {
      for (i++; i < src.length && src[i] !== "]"; i++) if (src[i] === "\\") i++;
    } else if (c === "^" || c === "$") return true;
  }
  return false;
}

/**
 * Where matches lie around a keyword, measured on the samples: the keyword's furthest offset in a
 * match (doubled, plus a margin: the samples draw short repeats) and the longest possible match.
 * None when a sample's match holds no keyword or the regex has anchors.
 */
function windowOf(r: OutRule, texts: string[]): [number, number] | undefined {
  if (!r.keywords.length || hasAnchor(r.regex)) return undefined;
  const longest = maxMatchLength(r.regex);
  if (!Number.isFinite(longest)) return undefined;
  const re = new RegExp(r.regex, "g");
  let back = 0;
  for (const t of texts) {
    for (const m of t.matchAll(re)) {
      const low = m[0].toLowerCase();
      const at = Math.min(...r.keywords.map((k) => low.indexOf(k)).filter((i) => i >= 0));
      if (!Number.isFinite(at)) return undefined;
      back = Math.max(back, at);
    }
  }
  return [back === 0 ? 0 : back * 2 + 32, longest + WINDOW_CONTEXT];
}

function entropyOfSecret(re: RegExp, s: string, group: number): number {
  re.lastIndex = 0;
  const m = re.exec(s);
  if (!m) return 0;
  const v = group > 0 ? m[group] : group === -1 ? (m.slice(1).find((x) => x) ?? m[0]) : m[0];
  return shannon(v ?? "");
}

function shannon(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

// ---- write ----------------------------------------------------------------------------------

const license = readFileSync(join(checkout, "LICENSE"), "utf8").trim();
if (!/^MIT License/.test(license)) die("upstream LICENSE is no longer MIT: review before regenerating");
const header = (what: string) => `// GENERATED by scripts/gen-secret-rules.ts: do not edit. ${what}
// Source: gitleaks (https://github.com/gitleaks/gitleaks), config/gitleaks.toml and
// cmd/generate/config/rules/*.go at commit ${commit}, under its license:
//
${license
  .split("\n")
  .map((l) => `//   ${l}`.trimEnd())
  .join("\n")}
`;

const rulesTs = `${header("Regexes are translated from Go RE2 to JavaScript (scripts/lib/re2-to-js.ts).")}
// Rules not taken: ${Object.entries(SKIP)
  .map(([k, v]) => `${k} (${v})`)
  .join("; ")}.

export interface GeneratedAllow {
  target: "secret" | "match" | "line";
  regexes: string[];
  /** Lower case; the secret containing one is allowed. */
  stopwords: string[];
  /** All regexes must match (else any one). */
  and: boolean;
}

export interface GeneratedRule {
  id: string;
  /** Lower case; a rule runs only on a text that contains one (none: always). */
  keywords: string[];
  regex: string;
  /** Capture group holding the secret; -1: the first group that matched; 0: the whole match. */
  group: number;
  /** Minimum Shannon entropy (bits per char) of the secret. */
  entropy?: number;
  allow?: GeneratedAllow[];
  /** Matches lie from \`back\` chars before a keyword to \`ahead\` after it; absent: search the whole text. */
  window?: [back: number, ahead: number];
}

export const UPSTREAM = { repo: "gitleaks/gitleaks", commit: ${JSON.stringify(commit)}, license: "MIT" } as const;

export interface GeneratedTable {
  /** gitleaks' global allowlist. */
  globalAllow: GeneratedAllow | null;
  /** generic-api-key's allowlists on the match and the line (that rule itself is replaced by refine.ts). */
  genericAllow: GeneratedAllow[];
  rules: GeneratedRule[];
}

// A JSON string, parsed on first use: every hook process loads this module, few need the rules,
// and evaluating the same data as an object literal costs several times more than JSON.parse.
const TABLE = ${JSON.stringify(JSON.stringify({ globalAllow, genericAllow, rules }))};

let table: GeneratedTable | null = null;

export function generatedTable(): GeneratedTable {
  return (table ??= JSON.parse(TABLE) as GeneratedTable);
}
`;
writeFileSync(OUT_RULES, rulesTs);

// Which samples are what, by upstream's own rules (the table just written, plus generic-api-key):
// a true positive's secret is its rule's secret group; a false positive of one rule is a look-alike
// for everyone only if no other upstream rule takes it (many are another rule's true positives).
const { runGenerated, secretOf } = await import("../src/privacy/generated.ts");
const genericToml = toml.rules.find((r) => r.id === "generic-api-key");
const generic: OutRule | null = genericToml?.regex
  ? {
      id: genericToml.id,
      keywords: (genericToml.keywords ?? []).map((k) => k.toLowerCase()),
      regex: relaxEnd(js(stripPrefix(genericToml.regex))),
      group: genericToml.secretGroup ?? -1,
      ...(genericToml.entropy ? { entropy: genericToml.entropy } : {}),
      allow: (genericToml.allowlists ?? []).map(translateAllow).filter((a): a is Allow => !!a && (a.regexes.length > 0 || a.stopwords.length > 0)),
    }
  : null;
const upstreamRules = [...rules, ...(generic ? [generic] : [])];
const byId = new Map(upstreamRules.map((r) => [r.id, r]));

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const sampleJson = {
  _comment: header("Sample data for test/privacy.")
    .replace(/^\/\/ ?/gm, "")
    .trim(),
  upstream: "gitleaks/gitleaks",
  commit,
  license: "MIT",
  rules: [...samples.values()]
    .filter((s) => rules.some((r) => r.id === s.id) || s.id === "generic-api-key")
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((s) => {
      const rule = byId.get(s.id)!;
      const tps = s.tps.flatMap((t) => {
        const secret = secretOf(rule, t);
        return secret ? [{ text: b64(t), secret: b64(secret) }] : [];
      });
      const others = upstreamRules.filter((r) => r.id !== s.id);
      const fps = s.fps.map((f) => ({ text: f, lookalike: runGenerated(f, others) === f }));
      return { id: s.id, tps, fps, drawn: s.drawn.map(b64) };
    }),
};
writeFileSync(OUT_SAMPLES, JSON.stringify(sampleJson, null, 1) + "\n");

const nTp = sampleJson.rules.reduce((n, r) => n + r.tps.length, 0);
const nFp = sampleJson.rules.reduce((n, r) => n + r.fps.length, 0);
const nLook = sampleJson.rules.reduce((n, r) => n + r.fps.filter((f) => f.lookalike).length, 0);
const nDrawn = sampleJson.rules.reduce((n, r) => n + r.drawn.length, 0);
console.log(`gen-secret-rules: ${rules.length} rules (${skipped.length} skipped: ${skipped.join(", ")}) from gitleaks@${commit!.slice(0, 12)}`);
console.log(
  `  samples: ${nTp} true positives (with their secret), ${nFp} false positives (${nLook} that no other upstream rule takes), ${nDrawn} drawn; ${unevaluated.length} sample expressions not evaluated`,
);
for (const line of report) console.log(`  ! ${line}`);
