// Secrets out before anything is stored, written or injected. Each pattern is
// specific enough that look-alikes (git SHAs, UUIDs, hashes, base64 blobs, words
// like "tokenizer") pass through untouched.

export interface Pattern {
  kind: string;
  regex: RegExp;
  /** Which capture group holds the secret; the rest of the match is kept. Default: the whole match. */
  group?: number;
}

// The keyword must end the name: `DB_PASSWORD`, `api_key`, `GITHUB_TOKEN`, but not `tokenizer` or `max_tokens`.
const SENSITIVE_NAME = String.raw`(?:[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|session[_-]?key|signing[_-]?key)(?![A-Za-z0-9_]))`;

export const BUILTIN_PATTERNS: Pattern[] = [
  { kind: "private-key", regex: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|$)/g },
  { kind: "anthropic-key", regex: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: "openai-key", regex: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  { kind: "aws-access-key-id", regex: /\b(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA|ANPA|AGPA|AIPA)[A-Z0-9]{16}\b/g },
  { kind: "aws-secret-key", regex: /\b(aws_?secret_?access_?key|AWS_SECRET_ACCESS_KEY|aws_secret)\b\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b/gi, group: 2 },
  { kind: "github-token", regex: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g },
  { kind: "gitlab-token", regex: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { kind: "slack-token", regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  { kind: "slack-webhook", regex: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]{20,}/g },
  { kind: "stripe-key", regex: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { kind: "google-api-key", regex: /\bAIza[A-Za-z0-9_-]{35}\b/g },
  { kind: "jwt", regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{10,}/g },
  { kind: "url-credentials", regex: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi, group: 2 },
  { kind: "bearer-token", regex: /\b(Bearer\s+)([A-Za-z0-9._~+/-]{16,}=*)/g, group: 2 },
  // `password=...`, `secret: ...`, `API_TOKEN="..."`, .env lines. The value must look like a value, not prose.
  // The lookbehind makes matches start only where a name starts, which keeps this linear on long text.
  { kind: "assignment", regex: new RegExp(String.raw`((?<![A-Za-z0-9_.-])${SENSITIVE_NAME}\s*[:=]\s*["']?)([^\s"',;}{)(\]\[]{6,})`, "gi"), group: 2 },
];

export interface Redactor {
  (text: string): string;
}

export function makeRedactor(extra: Pattern[] = [], disabled: ReadonlySet<string> = new Set()): Redactor {
  const patterns = [...BUILTIN_PATTERNS, ...extra].filter((p) => !disabled.has(p.kind));
  return (text: string) => {
    if (!text) return text;
    let out = text;
    for (const p of patterns) {
      p.regex.lastIndex = 0;
      out = out.replace(p.regex, (...m: any[]) => replaceMatch(p, m));
    }
    return out;
  };
}

function replaceMatch(p: Pattern, m: any[]): string {
  const whole: string = m[0];
  if (!p.group) return `[REDACTED:${p.kind}]`;
  const secret: string | undefined = m[p.group];
  if (!secret || looksLikePlaceholder(secret)) return whole;
  // Rebuild: the groups before the secret, the marker, the groups after it.
  let prefix = "";
  for (let i = 1; i < p.group; i++) prefix += m[i] ?? "";
  const idx = whole.indexOf(secret, prefix.length);
  return whole.slice(0, idx) + `[REDACTED:${p.kind}]` + whole.slice(idx + secret.length);
}

/** `password=<your password>`, `token: ${TOKEN}`, `secret=xxx` are not secrets; keep the text readable. */
function looksLikePlaceholder(v: string): boolean {
  return /^(?:\$\{?[A-Z_][A-Z0-9_]*\}?|<[^>]*>|x+|\*+|\.\.\.|null|none|true|false|undefined|process\.env\.[A-Za-z_]+|os\.environ.*|env\(.*|\[REDACTED.*)$/i.test(v);
}

/** `<private>…</private>` spans in user messages are never recorded. */
export function dropPrivate(text: string): string {
  return text.includes("<private>") ? text.replace(/<private>[\s\S]*?(?:<\/private>|$)/g, "[private]") : text;
}

export const redactDefault: Redactor = makeRedactor();
