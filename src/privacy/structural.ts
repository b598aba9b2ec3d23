// Secrets found by their place rather than their vendor: tokens of formats gitleaks lacks (from
// trufflehog's and detect-secrets' detectors), password flags of common tools, connection
// strings without a scheme, PuTTY and base64-wrapped PEM keys, cookies, webhook URLs and
// signatures, and a password stated in prose. Values are decided by their shape (refine.ts).
import type { Pattern, Span } from "./pattern.ts";
import { looksLikePlaceholder, looksSecretShaped, notReal, refineFlag } from "./refine.ts";

/** The literal a regex starts with (after `\b`), as its hint: the pattern runs only where that occurs. */
function withPrefixHint(p: Pattern): Pattern {
  if (p.hint) return p;
  const m = /^(?:\\b)?((?:[A-Za-z0-9_:-]|\\[./-])+)/.exec(p.regex.source);
  const lit = m?.[1]?.replace(/\\/g, "");
  return lit && lit.length >= 3 ? { ...p, hint: [lit] } : p;
}

/** Prefixed tokens (whole match = secret). */
export const EXTRA_VENDOR_PATTERNS: Pattern[] = (
  [
    { kind: "groq-key", regex: /\bgsk_[A-Za-z0-9]{48,56}(?![A-Za-z0-9])/g },
    { kind: "figma-token", hint: ["figd_", "figu_", "figo_"], regex: /\bfig[dou]_[A-Za-z0-9_-]{32,64}(?![A-Za-z0-9_-])/g },
    { kind: "google-oauth-token", regex: /\bya29\.[A-Za-z0-9_-]{20,2048}/g },
    { kind: "replicate-token", regex: /\br8_[A-Za-z0-9]{37}(?![A-Za-z0-9])/g },
    { kind: "langsmith-key", regex: /\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}(?![a-f0-9])/g },
    { kind: "tavily-key", regex: /\btvly-(?:dev-|prod-)?[A-Za-z0-9]{32}(?![A-Za-z0-9])/g },
    { kind: "xai-key", regex: /\bxai-[A-Za-z0-9]{70,90}(?![A-Za-z0-9])/g },
    { kind: "supabase-token", regex: /\bsbp_(?:v0_)?[a-f0-9]{40}(?![a-f0-9])/g },
    { kind: "posthog-key", hint: ["phc_", "phx_"], regex: /\bph[cx]_[A-Za-z0-9]{43}(?![A-Za-z0-9])/g },
    { kind: "neon-key", regex: /\bnapi_[a-z0-9]{64}(?![a-z0-9])/g },
    { kind: "tailscale-key", regex: /\btskey-(?:api|auth|client|webhook|scim)-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,64}/g },
    { kind: "pinecone-key", regex: /\bpcsk_[A-Za-z0-9]{5,8}_[A-Za-z0-9]{40,80}/g },
    { kind: "notion-token", regex: /\bsecret_[A-Za-z0-9]{43}(?![A-Za-z0-9])/g },
    { kind: "netlify-token", regex: /\bnfp_[A-Za-z0-9]{36,40}(?![A-Za-z0-9])/g },
    { kind: "render-key", regex: /\brnd_[A-Za-z0-9]{32}(?![A-Za-z0-9])/g },
    { kind: "mailgun-key", regex: /\bkey-[a-f0-9]{32}(?![a-f0-9])/g },
    { kind: "fireworks-key", regex: /\bfw_[A-Za-z0-9]{24}(?![A-Za-z0-9])/g },
    { kind: "elevenlabs-key", regex: /\bsk_[a-f0-9]{48}(?![a-f0-9])/g },
    { kind: "linear-oauth", regex: /\blin_oauth_[a-f0-9]{64}(?![a-f0-9])/g },
    { kind: "resend-key", regex: /\bre_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}(?![A-Za-z0-9])/g },
    { kind: "discord-bot-token", hint: ["."], regex: /\b[MNO][A-Za-z0-9]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_-])/g },
    { kind: "telegram-bot-token", hint: [":AA"], regex: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g },
    { kind: "artifactory-key", regex: /\bAKC[a-zA-Z0-9]{64,72}(?![A-Za-z0-9])/g },
    {
      kind: "webhook-url",
      hint: ["/api/webhooks/"],
      regex: /\bhttps:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,72}/g,
    },
    {
      kind: "webhook-url",
      hint: ["chat.googleapis.com"],
      regex: /\bhttps:\/\/chat\.googleapis\.com\/v1\/spaces\/[A-Za-z0-9_-]{6,20}\/messages\?[A-Za-z0-9_=&%.-]{20,300}/g,
    },
    { kind: "webhook-url", hint: ["/hooks/"], regex: /\bhttps:\/\/[A-Za-z0-9.-]{3,100}\/hooks\/[a-z0-9]{26}(?![A-Za-z0-9])/g },
    { kind: "webhook-url", hint: ["webhook.office.com"], regex: /\bhttps:\/\/[A-Za-z0-9.-]{1,100}\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@/-]{60,300}/g },
    { kind: "webhook-url", hint: ["api.telegram.org"], regex: /\bhttps:\/\/api\.telegram\.org\/(?:file\/)?bot\d{6,12}:[A-Za-z0-9_-]{30,40}/g },
  ] as Pattern[]
).map(withPrefixHint);

/** A quoted or bare command-line value. */
const VALUE = String.raw`("[^"\r\n]{1,512}"?|'[^'\r\n]{1,512}'?|[^\s"'\x60;|&<>()]{1,512})`;

/** Short password flags of tools that take a password there (not `docker run -p 80:80`), each with the literal it needs. */
const TOOL_FLAGS: [hint: string[], lead: string][] = [
  [["login"], String.raw`\b(?:docker|podman|nerdctl|buildah|skopeo|helm[ \t]+registry)[ \t]+login\b[^\n|;&]{0,200}?[ \t]-p[ \t]+`],
  [["redis-cli"], String.raw`\bredis-cli\b[^\n|;&]{0,200}?[ \t]-a[ \t]+`],
  [["sqlcmd"], String.raw`\bsqlcmd\b[^\n|;&]{0,200}?[ \t]-P[ \t]*`],
  [["zip"], String.raw`\bzip\b[^\n|;&]{0,200}?[ \t]-P[ \t]+`],
  [["7z"], String.raw`\b7za?\b[^\n|;&]{0,200}?[ \t]-p`],
  [["ssh-keygen"], String.raw`\bssh-keygen\b[^\n|;&]{0,200}?[ \t]-[NP][ \t]+`],
  [["ldap"], String.raw`\bldap(?:search|modify|add|delete|whoami|passwd|compare|modrdn)\b[^\n|;&]{0,200}?[ \t]-w[ \t]+`],
  [
    ["htpasswd"],
    String.raw`\bhtpasswd\b(?:[ \t]+-[a-zA-Z]{1,8}){0,4}[ \t]+-[a-zA-Z]{0,4}b[a-zA-Z]{0,4}(?:[ \t]+-[a-zA-Z]{1,8}){0,4}[ \t]+[^\s-][^\s]{0,255}[ \t]+[^\s]{1,128}[ \t]+`,
  ],
  [["vault"], String.raw`\bvault[ \t]+login\b(?:[ \t]+-[\w-]{1,40}(?:=[^\s]{0,100})?){0,8}[ \t]+(?!-)`],
  [["mongo"], String.raw`\b(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport)\b[^\n|;&]{0,200}?[ \t]-p[ \t]+`],
  [["smbclient"], String.raw`\bsmbclient\b[^\n|;&]{0,200}?[ \t]-U[ \t]+[^\s%]{1,64}%`],
  [
    ["config:set", "secrets set", "secret set"],
    String.raw`\b(?:heroku[ \t]+config:set|fly(?:ctl)?[ \t]+secrets[ \t]+set|gh[ \t]+secret[ \t]+set|doppler[ \t]+secrets[ \t]+set)\b[^\n|;&]{0,200}?[ \t][A-Za-z_][A-Za-z0-9_]{0,100}=`,
  ],
  [["-e ", "--env"], String.raw`-(?<=[ \t]-)(?:e|-env)[ \t]+[A-Za-z_][A-Za-z0-9_]{0,100}=`],
];

/** `heroku config:set KEY=v`, `docker run -e KEY=v`: the value is judged by its shape, the name need not say "secret". */
function refineToolFlag(m: RegExpExecArray, text: string, span: Span): Span | null {
  const lead = m[1]!;
  if (/(?:config:set|secrets\s+set|secret\s+set|-e|--env)[ \t]|[ \t](?:-e|--env)[ \t]/.test(lead) && /=$/.test(lead)) {
    const r = refineFlag(m, text, span);
    if (!r) return null;
    const v = text.slice(r[0], r[1]);
    const name = /([A-Za-z_][A-Za-z0-9_]*)=$/.exec(lead)![1]!;
    return /(?:PASS|PWD|SECRET|TOKEN|KEY|AUTH|CRED|PRIVATE|DSN|CONN)/i.test(name) || looksSecretShaped(v, true) ? r : null;
  }
  return refineFlag(m, text, span);
}

export const STRUCTURAL_PATTERNS: Pattern[] = [
  ...TOOL_FLAGS.map(([hint, lead]): Pattern => ({ kind: "cli-flag", regex: new RegExp(`(${lead})${VALUE}`, "g"), group: 2, refine: refineToolFlag, hint })),
  // Go DSN `user:pass@tcp(host)/db`, `user:pass@unix(…)`, Oracle `scott/t1ger@//host/svc`, `user:pass@host:5432/db` without a scheme.
  {
    kind: "connection-string",
    regex:
      /@(?<=(?<![A-Za-z0-9_.:/@[-])([A-Za-z0-9_.-]{1,64}[:/])([^\s:/'"`@[\]]{1,128}(?:@[^\s:/'"`@[\]]{1,64}){0,4})@)(?=tcp\(|unix\(|\/\/|\(DESCRIPTION|[A-Za-z0-9][A-Za-z0-9.-]{0,100}:\d{2,5}(?:\/|\b))/g,
    group: 2,
    refine: (_m, text, span) => {
      const v = text.slice(span[0], span[1]);
      if (looksLikePlaceholder(v) || v.length < 3) return null;
      // `scott/tiger@//` is the textbook example and a real default: taken; `a/b@1.2` (npm scopes) has no `//` or `(`.
      return span;
    },
    hint: ["@"],
  },
  // PuTTY .ppk: the private lines after `Private-Lines: N` (real newlines or JSON's \n).
  {
    kind: "private-key",
    regex: /(Private-Lines:[ \t]*\d{1,4}[ \t]*(?:\r?\n|\\r?\\n))((?:[A-Za-z0-9+/=]{4,128}(?:\r?\n|\\r?\\n|$)){1,400})/g,
    group: 2,
    hint: ["Private-Lines"],
  },
  { kind: "private-key", regex: /(Private-MAC:[ \t]*)([0-9a-f]{40,64})/g, group: 2, hint: ["Private-MAC"] },
  // A PEM key, base64-encoded again (Kubernetes secrets, CI variables): `LS0tLS1CRUdJTi…` is "-----BEGIN".
  {
    kind: "private-key",
    regex: /LS0tLS1CRUdJTi(?:[A-Za-z0-9+/=\r\n]|\\[rn]){20,131072}/g,
    refine: (m, _t, span) => {
      const head = Buffer.from(m[0].replace(/\\[rn]|\s/g, "").slice(0, 120), "base64").toString("latin1");
      return /PRIVATE KEY/.test(head) ? span : null;
    },
    hint: ["LS0tLS1CRUdJTi"],
  },
  // .netrc: `machine h login bob password X` (one line or several).
  {
    kind: "netrc-password",
    regex: /(\bmachine[ \t]+[^\s]{1,253}(?:\s{1,20}(?:login|account|port)[ \t]+[^\s]{1,100}){0,3}\s{1,20}password[ \t]+)([^\s]{1,256})/g,
    group: 2,
    refine: refineFlag,
    hint: ["machine"],
  },
  // .pgpass: `host:port:database:user:password`, one per line.
  {
    kind: "pgpass",
    regex: /:(?<=(?:^|\n)[ \t]*[^:\s]{1,253}:)(?:\d{1,5}|\*):[^:\s]{1,63}:[^:\s]{1,63}:([^\s]{1,256})(?=\s|$)/g,
    group: 1,
    refine: (_m, text, span) => (looksLikePlaceholder(text.slice(span[0], span[1])) ? null : span),
    // The file's name or the usual ports: a colon alone is in every text.
    hint: ["pgpass", ":5432:", ":5433:", ":*:"],
  },
  // Comparisons with a literal: `if apiKey == "…"`, `token === '…'`.
  {
    kind: "assignment",
    // The operator first, the name in a lookbehind: a regex that starts with a lookbehind evaluates it at every position.
    regex:
      /(?:===?|!==?)(?<=(?:password|passwd|secret|token|api_?key|apikey|private_?key|access_?key)["'\]]?[ \t]*(?:===?|!==?))[ \t]*(["'])([^"'\r\n]{4,512})\1/gi,
    group: 2,
    refine: (_m, text, span) => (looksSecretShaped(text.slice(span[0], span[1]), false) ? span : null),
    hint: ["==", "!="],
  },
  // Cookies: a header's whole value (several `name=value` pairs) and well-known session cookies anywhere.
  {
    kind: "cookie",
    regex: /((?<![A-Za-z0-9_])[Cc]ookie["']?[ \t]*:[ \t]*["']?)([^\r\n"'\\]{8,4096})/g,
    group: 2,
    refine: (_m, text, span) => (/=[^;\s]{8,}/.test(text.slice(span[0], span[1])) ? span : null),
    hint: ["ookie"],
  },
  {
    kind: "cookie",
    regex:
      /(=)(?<=(?<![A-Za-z0-9_-])(?:session(?:id)?|sid|connect\.sid|_session|[a-z0-9_]{1,40}_session|PHPSESSID|JSESSIONID|ASP\.NET_SessionId|remember_token|remember_user_token|csrftoken|sessionid|__Secure-[A-Za-z0-9_-]{1,40}|__Host-[A-Za-z0-9_-]{1,40})=)([A-Za-z0-9%._~+/=:-]{16,4096})/g,
    group: 2,
    refine: (_m, text, span) => (looksSecretShaped(text.slice(span[0], span[1]), false) ? span : null),
    hint: ["sess", "sid=", "remember_", "csrftoken", "__secure-", "__host-"],
  },
  // Signatures in URLs: Azure SAS `sig=`, S3 / GCS presigned URLs, Azure Functions `code=`.
  {
    kind: "url-signature",
    regex:
      /([?&](?:sig|signature|X-Amz-Signature|X-Amz-Security-Token|X-Amz-Credential|X-Goog-Signature|X-Goog-Credential|code)=)([A-Za-z0-9%+/=._~-]{12,4096})/gi,
    group: 2,
    refine: (_m, text, span) => (looksSecretShaped(decodeURIComponentSafe(text.slice(span[0], span[1])), false) ? span : null),
    hint: ["sig=", "Sig=", "SIG=", "ignature=", "IGNATURE=", "redential=", "ecurity-Token=", "code="],
  },
  // "the new API key is sk-…", "password for staging is Hunter2!", "my token was 8f3k…": a stated value of secret shape.
  {
    kind: "prose",
    regex:
      /(?:is|was|will be|are)(?<=\b(?:key|token|password|passwd|passphrase|secret|pat|pin|passcode|credentials?|pw|pwd)(?:[ \t]+(?:for|of|on|to|in)[ \t]+[\w.@/:-]{1,60})?[ \t]+(?:is|was|will be|are))[ \t]+(?:now[ \t]+|still[ \t]+|set[ \t]+to[ \t]+|just[ \t]+)?[`"']?([^\s`"'<>()[\]{},;]{6,512})/gi,
    group: 1,
    refine: (_m, text, span) => {
      let [s, e] = span;
      while (e > s && /[.!?:]/.test(text[e - 1]!)) e--; // the sentence's full stop
      return looksSecretShaped(text.slice(s, e), false) ? [s, e] : null;
    },
    hint: [" is ", " was ", " IS ", " are ", " will be "],
  },
];

/** Names that hold something about a secret, not one: `token_url`, `SECRET_NAME`, `password_hash`. */
const NOT_A_SECRET_NAME =
  /(?:url|uri|endpoint|file|path|dir|name|type|_?id|ids|hash|digest|length|len|size|count|limit|min|max|expir\w*|ttl|version|format|mode|prefix|header|field|policy|provider|ref|env|kind)$/i;

const SECRET_WORD = /secret|token|passw(?:or)?d|pwd|creds?|credentials?|auth|api[_-]?key|apikey|private[_-]?key|psk/i;

function refineStrongAssignment(m: RegExpExecArray, text: string, span: Span): Span | null {
  const name = m[1] ?? "";
  if (!SECRET_WORD.test(name)) return innerAssignment(text, span);
  if (/^[a-z][a-z0-9]*(?:\.[a-z][a-z0-9]*)+$/.test(name)) return null; // a package: io.jsonwebtoken:jjwt
  const nameAt = m.indices?.[1]?.[0];
  if (nameAt !== undefined && text.slice(Math.max(0, nameAt - 3), nameAt) === "://") return null; // URL userinfo: url-credentials' job
  if (NOT_A_SECRET_NAME.test(name.replace(/["'\s]+$/, "")) || text[span[1]] === "(") return null;
  return looksSecretShaped(text.slice(span[0], span[1]), true) && !notReal(name) ? span : null;
}

/**
 * `step 3: _auth=…`: the match took `_auth=…` as the value of `3`, and the search goes on after it,
 * so the assignment inside is decided here (one level: linear, no second search).
 */
function innerAssignment(text: string, [s, e]: Span): Span | null {
  const v = text.slice(s, e);
  const eq = v.search(/[=:]/);
  if (eq <= 0 || !SECRET_WORD.test(v.slice(0, eq)) || NOT_A_SECRET_NAME.test(v.slice(0, eq))) return null;
  const from = s + eq + 1;
  return from < e && looksSecretShaped(text.slice(from, e), true) && !notReal(v.slice(0, eq)) ? [from, e] : null;
}

/**
 * A secret word anywhere in the name (`mySecretString`, `todo_secret_do_not_commit`, `user_auth`,
 * `creds`, `some_api_token_123`) and a value of strong secret shape; and the call form
 * `setProperty("API_TOKEN", "…")`, `getenv("api_token", "…")`.
 */
export const NAME_ASSIGNMENT_PATTERNS: Pattern[] = [
  {
    kind: "assignment",
    // The separator first, the name in a lookbehind (evaluated only there), and whether the name
    // holds a secret word decided in refine: an alternation inside a lookbehind backtracks.
    regex: /(?::=|=>|=|:)(?<=(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,100})["']?[ \t]*(?::=|=>|=|:))[ \t]*["'`]?([A-Za-z0-9+/=_.~!#$%^*-]{12,512})/g,
    group: 2,
    refine: refineStrongAssignment,
    hint: ["secret", "token", "passw", "pwd", "cred", "auth", "key", "psk"],
  },
  {
    kind: "assignment",
    regex:
      /(["'])([A-Za-z0-9_.-]{0,60}(?:secret|token|passw(?:or)?d|pwd|creds?|auth|api[_-]?key|apikey)[A-Za-z0-9_.-]{0,40})\1[ \t]*,[ \t]*["']([^"'\s]{12,512})["']/gi,
    group: 3,
    refine: (m, text, span) => refineStrongAssignment([m[0], m[2]] as unknown as RegExpExecArray, text, span),
    hint: ["secret", "token", "passw", "pwd", "cred", "auth", "key"],
  },
];

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
