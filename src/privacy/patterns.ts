// Secrets out before anything is stored, written or injected. Each pattern is
// specific enough that look-alikes (git SHAs, UUIDs, hashes, base64 blobs, words
// like "tokenizer", code such as `token: string` or `password = getpass()`) pass
// through untouched. test/privacy/corpus.ts holds the cases both ways.
//
// Every pattern must stay linear on hostile input (this runs on every captured
// text in a hook): matches start only at a literal or a separator, quantifiers
// never nest ambiguously, searches past a match are bounded, and anything
// context-dependent is decided in `refine` on the match instead of with
// backtracking lookarounds.

import { looksRandom, refineAssignment, refineFlag, refinePrivateKey, refineQuotedOnly } from "./refine.ts";
import { EXTRA_VENDOR_PATTERNS, NAME_ASSIGNMENT_PATTERNS, STRUCTURAL_PATTERNS } from "./structural.ts";
import type { Pattern } from "./pattern.ts";

// Name keywords: the keyword must END the name: `DB_PASSWORD`, `api_key`, `GITHUB_TOKEN`,
// `clientSecret`, but not `tokenizer`, `max_tokens`, `password_hash`. `pass` and `pwd`
// only as a whole word or after a separator (`DB_PASS`), never glued (`bypass`, `OLDPWD`):
// refineAssignment checks that, and finds where the name starts.
const KEYWORD = `(?:password|passwd|passphrase|secret|token|apikey|api[_-]?key|(?:access|secret|private|signing|encryption|master|client|session|account|auth)[_-]?key|credentials?)`;

// Order matters where matches could overlap: vendor tokens first (these, then gitleaks' rules of
// rules.generated.ts), then the contextual patterns, the generic `name = value` last (it skips
// values already redacted).
export const VENDOR_PATTERNS: Pattern[] = [
  // PEM / PGP private keys: the regex finds the header, refinePrivateKey finds the end (see there).
  { kind: "private-key", regex: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g, refine: refinePrivateKey, hint: ["-----BEGIN "] },
  { kind: "anthropic-key", regex: /\bsk-ant-[A-Za-z0-9_-]{20,}/g, hint: ["sk-ant-"] },
  // Legacy `sk-` + 48, `sk-proj-`, `sk-svcacct-`, `sk-admin-`. Must contain a digit (or be long
  // and mixed-case), so kebab-case names like `sk-navigation-header-container` stay.
  {
    kind: "openai-key",
    regex: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
    refine: (m, _t, span) => (looksRandom(m[0].slice(3), 40) ? span : null),
    hint: ["sk-"],
  },
  {
    kind: "aws-access-key-id",
    regex: /\b(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA|ANPA|AGPA|AIPA)[A-Z0-9]{16}\b/g,
    hint: ["AKIA", "ASIA", "ABIA", "ACCA", "AROA", "AIDA", "ANPA", "AGPA", "AIPA"],
  },
  // Literal first, word boundary as a lookbehind after it: JSC scans for a leading literal much faster than for `\b(?:…|…)`.
  { kind: "stripe-key", regex: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g, hint: ["_live_", "_test_"] },
  { kind: "stripe-key", regex: /\bwhsec_[A-Za-z0-9]{24,}\b/g, hint: ["whsec_"] },
  { kind: "google-oauth-secret", regex: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g, hint: ["GOCSPX-"] },
  { kind: "docker-token", regex: /\bdckr_pat_[A-Za-z0-9_-]{20,}/g, hint: ["dckr_pat_"] },
  { kind: "jwt", regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,}/g, hint: ["eyJ"] },
  ...EXTRA_VENDOR_PATTERNS,
];

export const CONTEXT_PATTERNS: Pattern[] = [
  ...STRUCTURAL_PATTERNS,
  // 40 base64 chars after an AWS secret-key name: ini, env, JSON (`"SecretAccessKey": "…"`), `aws configure set`.
  {
    kind: "aws-secret-key",
    regex: /((?:[Ss]ecret[_-]?[Aa]ccess[_-]?[Kk]ey|SECRET[_-]?ACCESS[_-]?KEY)["']?(?:\s*[:=]\s*|\s+)["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    group: 2,
    hint: ["ccess", "CCESS"],
  },
  // scheme://user:password@host. Matches start at `://` (after a scheme);
  // `?` and `#` end the authority, so `http://localhost:8080?email=a@b.c` is not a password.
  { kind: "url-credentials", regex: /(?<=[A-Za-z0-9])(:\/\/[^\s:/@?#]*:)([^\s@/?#]+)(@)/g, group: 2, hint: ["://"] },
  // Header form only (`Authorization: …`, `"Authorization": "…"`), not code like `authorization = base64.decode(…)`.
  {
    kind: "basic-auth",
    regex: /((?:[Aa]uthorization|AUTHORIZATION)["']?\s*:\s*["']?(?:Basic|basic|BASIC)\s+)([A-Za-z0-9+/]{8,}={0,2})/g,
    group: 2,
    hint: ["uthorization", "UTHORIZATION"],
  },
  {
    kind: "bearer-token",
    regex: /((?:Bearer|bearer|BEARER)\s+)([A-Za-z0-9._~+/-]{16,}=*)/g,
    group: 2,
    refine: (m, _t, span) => (looksRandom(m[2]!, 24) ? span : null),
    hint: ["earer", "EARER"],
  },
  {
    kind: "auth-header",
    regex: /((?:[Aa]uthorization|AUTHORIZATION)["']?\s*:\s*["']?(?:(?:Token|token|Bot|ApiKey|SSWS)\s+)?)([A-Za-z0-9._~+/=-]{16,})/g,
    group: 2,
    refine: (m, _t, span) => (looksRandom(m[2]!, 24) ? span : null),
    hint: ["uthorization", "UTHORIZATION"],
  },
  // `--password hunter2`, `--api-key "…"`, `-passout pass:…` (openssl); with the command on the
  // line: `curl -u user:pass`, `mysql -pSECRET`, `sshpass -p SECRET` (not `docker run -u 1000:1000`,
  // not `mysql -p db`, which prompts). `--password=…` is an assignment, below.
  {
    kind: "cli-flag",
    regex:
      /-(?<![\w-]-)(-(?!no-)(?:[a-z0-9]+-)*(?:password|passwd|pass|passphrase|token|secret|api-?key|access-key|secret-key|client-secret)[ \t]+|pass(?:in|out)?[ \t]+pass:)("[^"\r\n]*"?|'[^'\r\n]*'?|[^\s"'`;|&<>()]+)/g,
    group: 2,
    refine: refineFlag,
    hint: ["-"],
  },
  {
    kind: "cli-flag",
    regex:
      /(\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n|;&]{0,200}?[ \t]-p|\bsshpass[ \t]+-p[ \t]*|\bcurl\b[^\n|;&]{0,200}?[ \t](?:-u|--user)[ \t]+["']?[^\s:"'$]+:)("[^"\r\n]*"?|'[^'\r\n]*'?|[^\s"'`;|&<>()]+)/g,
    group: 2,
    refine: refineFlag,
    hint: ["mysql", "mariadb", "sshpass", "curl"],
  },
  // SQL: `CREATE USER … WITH PASSWORD '…'`, `ALTER USER … IDENTIFIED BY '…'` (keywords all upper or all lower case).
  {
    kind: "sql-password",
    regex: /(?:PASSWORD|password)(?<=\b(?:WITH|with)\s+(?:(?:ENCRYPTED|encrypted)\s+)?(?:PASSWORD|password))\s+('[^'\r\n]*'|"[^"\r\n]*")/g,
    group: 1,
    refine: refineQuotedOnly,
    hint: ["PASSWORD", "password"],
  },
  {
    kind: "sql-password",
    regex: /\b(?:IDENTIFIED|identified)\s+(?:(?:WITH|with)\s+\w+\s+)?(?:BY|by)\s+('[^'\r\n]*'|"[^"\r\n]*")/g,
    group: 1,
    refine: refineQuotedOnly,
    hint: ["IDENTIFIED", "identified"],
  },
  // `<password>…</password>` (Maven settings.xml and friends).
  {
    kind: "assignment",
    regex: /(<[A-Za-z0-9_.:-]{0,40}?(?:password|passwd|secret|token|api[_-]?key|apikey|passphrase)>)([^<\r\n]+)(?=<\/)/gi,
    group: 2,
    hint: [">"],
  },
  // `password=…`, `secret: …`, `API_TOKEN="…"`, `"password": "…"`, `.env` lines, `val password: String = "…"`.
  // Matches start at the separator (cheap to scan for), with the keyword in a lookbehind (several times
  // faster than scanning for the keywords); refineAssignment walks back to the start of the
  // name and decides whether the value is a literal (a secret) or code / prose / a placeholder.
  {
    kind: "assignment",
    regex: new RegExp(
      String.raw`(?<=(?<kw>${KEYWORD}|pass|pwd)(?![A-Za-z0-9_])(?:\\?["'\x60])?\]?\*{0,2}[ \t]*)` +
        String.raw`(?<sep>(?::[ \t]*[A-Za-z_][\w.]{0,40}(?:<[\w.,? ]{0,60}>)?\??[ \t]*=(?![=>])|:=|=>|:(?!:)|=(?!=)))[ \t]*\*{0,2}[ \t]*\\?` +
        String.raw`(?<secret>"[^"\r\n]*"?|'[^'\r\n]*'?|\x60[^\x60\r\n]*\x60?|[^\s"'\x60,;{}()\[\]]+)`,
      "gi",
    ),
    refine: refineAssignment,
    // Every name the lookbehind takes holds one of these (ASCII case folding, as the scan's): most texts hold none.
    hint: ["pass", "pwd", "secret", "token", "key", "credential"],
  },
];

// Last: they skip what the patterns above redacted.
CONTEXT_PATTERNS.push(...NAME_ASSIGNMENT_PATTERNS);

export const BUILTIN_PATTERNS: Pattern[] = [...VENDOR_PATTERNS, ...CONTEXT_PATTERNS];
