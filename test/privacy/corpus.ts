// The redaction corpus: texts that must be redacted (positives) and look-alikes that must
// pass through unchanged (negatives).
//
// Fake secrets are generated from a seeded PRNG and assembled from pieces, so no
// token-shaped literal sits in the source (secret scanners and push protection stay quiet)
// and every run sees the same strings.

export interface Positive {
  name: string;
  text: string;
  /** Substrings that must be gone after redaction. */
  secrets: string[];
  /** Expected marker kind (checked when given). */
  kind?: string;
  /** Substrings that must survive (the name, the surrounding text). */
  keep?: string[];
}

export interface Negative {
  name: string;
  text: string;
}

let seed = 0x2f6b1a3d;
function rand(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LO = "abcdefghijklmnopqrstuvwxyz";
const DIG = "0123456789";
const ALNUM = UP + LO + DIG;
const B64 = ALNUM + "+/";
const B64URL = ALNUM + "-_";
const HEX = "0123456789abcdef";

/** A random string of `n` chars from `chars`, with at least one digit/upper/lower when the alphabet has them. */
function fake(n: number, chars = ALNUM): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < n; i++) s += chars[Math.floor(rand() * chars.length)];
    const need = [DIG, UP, LO].filter((cls) => [...cls].some((c) => chars.includes(c)));
    if (n < 8 || need.every((cls) => [...s].some((c) => cls.includes(c)))) return s;
  }
}
const j = (...parts: string[]) => parts.join("");
const b64 = (n: number) => fake(n, B64);

// ---- fake secrets ------------------------------------------------------------------------

const anthropicApi = j("sk-", "ant-", "api03-", fake(93, B64URL), "AA");
const anthropicAdmin = j("sk-", "ant-", "admin01-", fake(93, B64URL), "AA");
const anthropicOauth = j("sk-", "ant-", "oat01-", fake(93, B64URL), "AA");
const openaiLegacy = j("sk-", fake(48));
const openaiProj = j("sk-", "proj-", fake(156, B64URL));
const openaiSvc = j("sk-", "svcacct-", fake(100, B64URL));
const akia = j("AK", "IA", fake(16, UP + DIG));
const asia = j("AS", "IA", fake(16, UP + DIG));
const awsSecret1 = fake(40, B64);
const awsSecret2 = fake(39, B64) + "/";
const awsSecret3 = fake(40, B64);
const awsSecret4 = fake(40, B64);
const awsSessionToken = fake(300, B64) + "==";
const ghp = j("gh", "p_", fake(36));
const gho = j("gh", "o_", fake(36));
const ghs = j("gh", "s_", fake(36));
const ghu = j("gh", "u_", fake(36));
const ghr = j("gh", "r_", fake(36));
const ghPat = j("github", "_pat_", fake(22), "_", fake(59));
const glpat = j("gl", "pat-", fake(20, B64URL));
const xoxb = j("xo", "xb-", fake(12, DIG), "-", fake(13, DIG), "-", fake(24));
const xoxp = j("xo", "xp-", fake(12, DIG), "-", fake(12, DIG), "-", fake(13, DIG), "-", fake(32, HEX));
const slackHook = j("https://hooks.", "slack.com/services/", "T", fake(10, UP + DIG), "/B", fake(10, UP + DIG), "/", fake(24));
const xapp = j("xa", "pp-1-", "A", fake(10, UP + DIG), "-", fake(13, DIG), "-", fake(64, HEX));
const skLive = j("sk", "_live_", fake(99));
const rkLive = j("rk", "_live_", fake(99));
const skTest = j("sk", "_test_", fake(24));
const whsec = j("wh", "sec_", fake(32));
const googleKey = j("AI", "za", "Sy", fake(33, B64URL));
const googleOauth = j("GOC", "SPX-", fake(28, B64URL));
const npmToken = j("np", "m_", fake(36));
const pypiToken = j("py", "pi-", "AgEIcHlwaS5vcmc", fake(70, B64URL));
const hfToken = j("h", "f_", fake(34, UP + LO));
const sendgrid = j("S", "G.", fake(22, B64URL), ".", fake(43, B64URL));
const dockerPat = j("dckr", "_pat_", fake(27, B64URL));
const jwtHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
const jwt = j(jwtHeader, ".", "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ", ".", fake(43, B64URL));
const jwt2 = j(jwtHeader, ".", "eyJ" + fake(60, B64URL), ".", fake(43, B64URL));
const opaque = fake(40);
const opaque2 = fake(32, HEX);
const basic = Buffer.from("deploy:" + fake(12)).toString("base64");
const keyBody = (lines: number) => Array.from({ length: lines }, () => b64(64)).join("\n");
const rsaBody = keyBody(6);
const ecBody = keyBody(3);
const sshBody = keyBody(5);
const pgpBody = keyBody(5);
const pkcs8Body = keyBody(4);
const encBody = keyBody(4);
const truncBody = keyBody(3);
const azureKey = b64(86) + "==";

const BEGIN = "-----BEGIN";
const END = "-----END";

export const POSITIVES: Positive[] = [
  // Anthropic
  {
    name: "anthropic api key in .env",
    text: `export ANTHROPIC_API_KEY=${anthropicApi}\n`,
    secrets: [anthropicApi],
    kind: "anthropic-key",
    keep: ["export ANTHROPIC_API_KEY="],
  },
  {
    name: "anthropic admin key in prose",
    text: `Use the admin key ${anthropicAdmin} for the org settings.`,
    secrets: [anthropicAdmin],
    kind: "anthropic-key",
    keep: ["Use the admin key ", " for the org settings."],
  },
  {
    name: "anthropic oauth token in JSON",
    text: `{"claudeAiOauth":{"accessToken":"${anthropicOauth}","expiresAt":1767225600000}}`,
    secrets: [anthropicOauth],
    kind: "anthropic-key",
    keep: ['"expiresAt":1767225600000'],
  },
  // OpenAI
  { name: "openai project key in .env", text: `OPENAI_API_KEY=${openaiProj}`, secrets: [openaiProj], kind: "openai-key", keep: ["OPENAI_API_KEY="] },
  {
    name: "openai legacy key in python",
    text: `openai.api_key = "${openaiLegacy}"`,
    secrets: [openaiLegacy],
    kind: "openai-key",
    keep: ['openai.api_key = "'],
  },
  {
    name: "openai service account key",
    text: `curl https://api.openai.com/v1/models -H "Authorization: Bearer ${openaiSvc}"`,
    secrets: [openaiSvc],
    kind: "openai-key",
    keep: ["Authorization: Bearer "],
  },
  // AWS
  {
    name: "aws access key id (AKIA) in credentials file",
    text: `[default]\naws_access_key_id = ${akia}\nregion = us-east-1`,
    secrets: [akia],
    kind: "aws-access-key-id",
    keep: ["region = us-east-1"],
  },
  {
    name: "aws temporary key id (ASIA) in JSON",
    text: `{"Credentials": {"AccessKeyId": "${asia}", "Expiration": "2026-01-01T00:00:00Z"}}`,
    secrets: [asia],
    kind: "aws-access-key-id",
  },
  {
    name: "aws secret in credentials file",
    text: `[prod]\naws_secret_access_key = ${awsSecret1}\n`,
    secrets: [awsSecret1],
    kind: "aws-secret-key",
    keep: ["aws_secret_access_key = "],
  },
  {
    name: "aws secret in env, ending in /",
    text: `AWS_SECRET_ACCESS_KEY=${awsSecret2}\nAWS_REGION=eu-west-1`,
    secrets: [awsSecret2],
    kind: "aws-secret-key",
    keep: ["AWS_SECRET_ACCESS_KEY=", "AWS_REGION=eu-west-1"],
  },
  {
    name: "aws sts JSON output",
    text: `{\n  "Credentials": {\n    "SecretAccessKey": "${awsSecret3}",\n    "SessionToken": "${awsSessionToken}"\n  }\n}`,
    secrets: [awsSecret3, awsSessionToken],
    keep: ['"SecretAccessKey": "', '"SessionToken": "'],
  },
  {
    name: "aws configure set",
    text: `aws configure set aws_secret_access_key ${awsSecret4} --profile ci`,
    secrets: [awsSecret4],
    kind: "aws-secret-key",
    keep: ["--profile ci"],
  },
  // GitHub
  { name: "github classic PAT", text: `GITHUB_TOKEN=${ghp}`, secrets: [ghp], kind: "github-token" },
  { name: "github oauth token", text: `gh auth status\n  ✓ Token: ${gho}`, secrets: [gho], kind: "github-token" },
  {
    name: "github app token in remote URL",
    text: `git remote set-url origin https://x-access-token:${ghs}@github.com/acme/api.git`,
    secrets: [ghs],
    kind: "github-token",
    keep: ["@github.com/acme/api.git"],
  },
  { name: "github user-to-server token", text: `token=${ghu}`, secrets: [ghu], kind: "github-token", keep: ["token="] },
  { name: "github refresh token", text: `refresh with ${ghr} before it expires`, secrets: [ghr], kind: "github-token" },
  { name: "github fine-grained PAT", text: `gh auth login --with-token <<< ${ghPat}`, secrets: [ghPat], kind: "github-token" },
  // GitLab
  {
    name: "gitlab PAT",
    text: `curl --header "PRIVATE-TOKEN: ${glpat}" https://gitlab.com/api/v4/projects`,
    secrets: [glpat],
    kind: "gitlab-token",
    keep: ["https://gitlab.com/api/v4/projects"],
  },
  // Slack
  { name: "slack bot token", text: `SLACK_BOT_TOKEN=${xoxb}`, secrets: [xoxb], kind: "slack-token" },
  { name: "slack user token", text: `client = WebClient(token="${xoxp}")`, secrets: [xoxp], kind: "slack-token" },
  {
    name: "slack webhook",
    text: `curl -X POST -d '{"text":"deployed"}' ${slackHook}`,
    secrets: [slackHook.slice(slackHook.indexOf("/T"))],
    kind: "slack-webhook",
  },
  { name: "slack app-level token", text: `SLACK_APP_TOKEN: ${xapp}`, secrets: [xapp], kind: "slack-token" },
  // Stripe
  { name: "stripe live secret key", text: `stripe.api_key = '${skLive}'`, secrets: [skLive], kind: "stripe-key" },
  { name: "stripe restricted key", text: `Restricted key: ${rkLive}`, secrets: [rkLive], kind: "stripe-key" },
  { name: "stripe test key", text: `STRIPE_KEY=${skTest} npm test`, secrets: [skTest], kind: "stripe-key", keep: [" npm test"] },
  { name: "stripe webhook secret", text: `endpointSecret = "${whsec}";`, secrets: [whsec], kind: "stripe-key" },
  // Google and other vendors
  {
    name: "google api key in URL",
    text: `https://maps.googleapis.com/maps/api/geocode/json?address=Paris&key=${googleKey}`,
    secrets: [googleKey],
    kind: "google-api-key",
    keep: ["address=Paris&key="],
  },
  {
    name: "google oauth client secret",
    text: `{"installed":{"client_id":"1234.apps.googleusercontent.com","client_secret":"${googleOauth}"}}`,
    secrets: [googleOauth],
    kind: "google-oauth-secret",
    keep: ["1234.apps.googleusercontent.com"],
  },
  {
    name: "npm token in .npmrc",
    text: `//registry.npmjs.org/:_authToken=${npmToken}`,
    secrets: [npmToken],
    kind: "npm-token",
    keep: ["//registry.npmjs.org/:_authToken="],
  },
  { name: "pypi token", text: `twine upload -u __token__ -p ${pypiToken} dist/*`, secrets: [pypiToken], kind: "pypi-token" },
  { name: "huggingface token", text: `huggingface-cli login --token ${hfToken}`, secrets: [hfToken] },
  { name: "sendgrid key", text: `sg = SendGridAPIClient("${sendgrid}")`, secrets: [sendgrid], kind: "sendgrid-key" },
  {
    name: "docker hub PAT",
    text: `echo ${dockerPat} | docker login -u acme --password-stdin`,
    secrets: [dockerPat],
    kind: "docker-token",
    keep: ["--password-stdin"],
  },
  // JWT, bearer, basic
  { name: "jwt in prose", text: `The session cookie holds ${jwt} until logout.`, secrets: [jwt.split(".")[2]!, jwt.split(".")[1]!], kind: "jwt" },
  {
    name: "jwt as bearer",
    text: `Authorization: Bearer ${jwt2}`,
    secrets: [jwt2.split(".")[1]!, jwt2.split(".")[2]!],
    kind: "jwt",
    keep: ["Authorization: Bearer "],
  },
  { name: "opaque bearer token", text: `-H 'Authorization: Bearer ${opaque}'`, secrets: [opaque], kind: "bearer-token", keep: ["Authorization: Bearer "] },
  { name: "bearer in JS fetch", text: `headers: { authorization: \`bearer ${opaque2}\` }`, secrets: [opaque2], kind: "bearer-token" },
  { name: "basic auth header", text: `Authorization: Basic ${basic}`, secrets: [basic], kind: "basic-auth", keep: ["Authorization: Basic "] },
  { name: "token auth header", text: `"Authorization": "Token ${opaque2}"`, secrets: [opaque2], kind: "auth-header" },
  // Private keys
  {
    name: "RSA private key",
    text: `${BEGIN} RSA PRIVATE KEY-----\n${rsaBody}\n${END} RSA PRIVATE KEY-----\nsaved to deploy.pem`,
    secrets: rsaBody.split("\n"),
    kind: "private-key",
    keep: ["saved to deploy.pem"],
  },
  {
    name: "EC private key",
    text: `key.pem:\n${BEGIN} EC PRIVATE KEY-----\n${ecBody}\n${END} EC PRIVATE KEY-----`,
    secrets: ecBody.split("\n"),
    kind: "private-key",
    keep: ["key.pem:"],
  },
  {
    name: "OpenSSH private key",
    text: `${BEGIN} OPENSSH PRIVATE KEY-----\n${sshBody}\n${END} OPENSSH PRIVATE KEY-----\n`,
    secrets: sshBody.split("\n"),
    kind: "private-key",
  },
  {
    name: "PGP private key block",
    text: `${BEGIN} PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${pgpBody}\n=${fake(4, B64)}\n${END} PGP PRIVATE KEY BLOCK-----`,
    secrets: pgpBody.split("\n"),
    kind: "private-key",
  },
  {
    name: "PKCS8 key inside a service-account JSON",
    text: `{"type": "service_account", "private_key_id": "${fake(40, HEX)}", "private_key": "${BEGIN} PRIVATE KEY-----\\n${pkcs8Body.replace(/\n/g, "\\n")}\\n${END} PRIVATE KEY-----\\n", "client_email": "ci@acme.iam.gserviceaccount.com"}`,
    secrets: pkcs8Body.split("\n"),
    kind: "private-key",
    keep: ['"client_email": "ci@acme.iam.gserviceaccount.com"'],
  },
  {
    name: "encrypted private key",
    text: `${BEGIN} ENCRYPTED PRIVATE KEY-----\n${encBody}\n${END} ENCRYPTED PRIVATE KEY-----`,
    secrets: encBody.split("\n"),
    kind: "private-key",
  },
  {
    name: "private key cut off (no END)",
    text: `cat id_rsa\n${BEGIN} RSA PRIVATE KEY-----\n${truncBody}`,
    secrets: truncBody.split("\n"),
    kind: "private-key",
    keep: ["cat id_rsa"],
  },
  // Assignments
  {
    name: "password= in prose",
    text: "Set the password=hunter2hunter2 in config.yaml",
    secrets: ["hunter2hunter2"],
    kind: "assignment",
    keep: ["password=", " in config.yaml"],
  },
  { name: "YAML secret:", text: "auth:\n  secret: s3cr3t-v@lue\n  ttl: 3600", secrets: ["s3cr3t-v@lue"], kind: "assignment", keep: ["secret: ", "ttl: 3600"] },
  {
    name: "token= in a query string",
    text: "GET /callback?state=xyz&access_token=abcd1234efgh5678&expires_in=3600",
    secrets: ["abcd1234efgh5678"],
    kind: "assignment",
    keep: ["access_token=", "&expires_in=3600"],
  },
  {
    name: "quoted passphrase with spaces",
    text: 'password = "correct horse battery staple"',
    secrets: ["correct", "horse battery staple"],
    kind: "assignment",
    keep: ['password = "', '"'],
  },
  {
    name: "JSON password",
    text: '{"username": "admin", "password": "Tr0ub4dor&3"}',
    secrets: ["Tr0ub4dor&3"],
    kind: "assignment",
    keep: ['"password": "', '"username": "admin"'],
  },
  {
    name: "YAML password in a nested block",
    text: "database:\n  host: db.internal\n  password: P@ssw0rd!\n  pool: 5",
    secrets: ["P@ssw0rd!"],
    kind: "assignment",
    keep: ["host: db.internal", "pool: 5"],
  },
  {
    name: "--password flag",
    text: "pg_dump --username app --password hunter2 --host db",
    secrets: ["hunter2"],
    kind: "cli-flag",
    keep: ["--password ", " --host db"],
  },
  { name: "--api-key flag, quoted", text: `deploy --api-key "k-${opaque2}" --region eu`, secrets: [opaque2], kind: "cli-flag", keep: ["--region eu"] },
  {
    name: "mysql -p attached",
    text: "mysql -h db -u root -pS3cretPass shop < dump.sql",
    secrets: ["S3cretPass"],
    kind: "cli-flag",
    keep: ["mysql -h db -u root -p", " shop < dump.sql"],
  },
  { name: "sshpass -p", text: "sshpass -p 'ssh-Pa55word' ssh deploy@host", secrets: ["ssh-Pa55word"], kind: "cli-flag" },
  {
    name: "curl -u user:pass",
    text: "curl -u admin:adm1nPass https://jenkins.internal/api/json",
    secrets: ["adm1nPass"],
    kind: "cli-flag",
    keep: ["curl -u admin:", "https://jenkins.internal/api/json"],
  },
  {
    name: "openssl -passout",
    text: "openssl genrsa -aes256 -passout pass:0pensslPw -out key.pem 4096",
    secrets: ["0pensslPw"],
    kind: "cli-flag",
    keep: ["-out key.pem 4096"],
  },
  {
    name: "postgres URL",
    text: "DATABASE_URL=postgres://app:s3cretpass@db.internal:5432/app",
    secrets: ["s3cretpass"],
    kind: "url-credentials",
    keep: ["postgres://app:", "@db.internal:5432/app"],
  },
  {
    name: "https URL with user:token",
    text: "git clone https://deploy:Zx9kLm2Qp7Rt@github.com/acme/infra.git",
    secrets: ["Zx9kLm2Qp7Rt"],
    kind: "url-credentials",
    keep: ["https://deploy:", "@github.com/acme/infra.git"],
  },
  { name: "redis URL with empty user", text: 'REDIS_URL="redis://:hunter2redis@cache:6379/0"', secrets: ["hunter2redis"], kind: "url-credentials" },
  {
    name: ".env DB_PASSWORD",
    text: "DB_HOST=localhost\nDB_PASSWORD=dbpass-2024\nDB_PORT=5432",
    secrets: ["dbpass-2024"],
    kind: "assignment",
    keep: ["DB_PASSWORD=", "DB_PORT=5432"],
  },
  { name: ".env short password", text: "DB_USER=app\nDB_PASS=abc\n", secrets: ["abc\n"], kind: "assignment", keep: ["DB_PASS="] },
  { name: "export API_KEY quoted", text: 'export API_KEY="k3y-v4lue-123"', secrets: ["k3y-v4lue-123"], kind: "assignment", keep: ['export API_KEY="'] },
  { name: ".env STRIPE_SECRET", text: "STRIPE_SECRET=whatever123\n", secrets: ["whatever123"], kind: "assignment", keep: ["STRIPE_SECRET="] },
  {
    name: "docker-compose POSTGRES_PASSWORD",
    text: "    environment:\n      POSTGRES_PASSWORD: postgres123\n      POSTGRES_DB: app",
    secrets: ["postgres123"],
    kind: "assignment",
    keep: ["POSTGRES_DB: app"],
  },
  { name: "compose quoted password", text: '      DATABASE_PASSWORD: "pg-pass-77"', secrets: ["pg-pass-77"], kind: "assignment" },
  {
    name: "django SECRET_KEY",
    text: "SECRET_KEY = 'django-insecure-9x#k2!m@q7z$w1e8r'",
    secrets: ["django-insecure-9x#k2!m@q7z$w1e8r"],
    kind: "assignment",
    keep: ["SECRET_KEY = '"],
  },
  {
    name: "client_secret in a form body",
    text: "grant_type=client_credentials&client_id=abc&client_secret=cs_9f8e7d6c5b4a",
    secrets: ["cs_9f8e7d6c5b4a"],
    kind: "assignment",
  },
  {
    name: "azure storage connection string",
    text: `DefaultEndpointsProtocol=https;AccountName=acmestore;AccountKey=${azureKey};EndpointSuffix=core.windows.net`,
    secrets: [azureKey],
    kind: "assignment",
    keep: ["AccountName=acmestore;", ";EndpointSuffix=core.windows.net"],
  },
  {
    name: "ADO.NET connection string",
    text: "Server=sql01;Database=shop;User Id=sa;Password=Sql$erver2022;Encrypt=true",
    secrets: ["Sql$erver2022"],
    kind: "assignment",
    keep: [";Encrypt=true"],
  },
  { name: "kotlin typed val", text: 'val password: String = "hunter2!"', secrets: ["hunter2!"], kind: "assignment" },
  { name: "python typed constant", text: 'API_KEY: str = "abcd1234efgh"', secrets: ["abcd1234efgh"], kind: "assignment" },
  // A vendor token is one whatever its name says.
  {
    name: "a vendor token under a fake name",
    text: 'fakeToken := "glpat-Zq8wN3kLp5Rt2vXyT9bM"',
    secrets: ["glpat-Zq8wN3kLp5Rt2vXyT9bM"],
    kind: "gitlab-token",
  },
  {
    name: "an assignment after a label",
    text: "step 3: _auth=Zk4xW9qLp2Rv/7tNb3mQ8+c=",
    secrets: ["Zk4xW9qLp2Rv/7tNb3mQ8+c="],
    kind: "assignment",
    keep: ["step 3: _auth="],
  },
  { name: "go :=", text: 'token := "tok-123456-abcdef"', secrets: ["tok-123456-abcdef"], kind: "assignment" },
  { name: "ruby hash rocket", text: ':password => "rubyPw12",', secrets: ["rubyPw12"], kind: "assignment" },
  { name: "php variable", text: "$password = 'phpPw123';", secrets: ["phpPw123"], kind: "assignment" },
  {
    name: "maven settings.xml",
    text: "<server>\n  <id>nexus</id>\n  <password>maven-pass-1</password>\n</server>",
    secrets: ["maven-pass-1"],
    kind: "assignment",
    keep: ["<password>", "</password>", "<id>nexus</id>"],
  },
  {
    name: "SQL CREATE USER",
    text: "CREATE USER app WITH PASSWORD 'sqlpass99';",
    secrets: ["sqlpass99"],
    kind: "sql-password",
    keep: ["CREATE USER app WITH PASSWORD '"],
  },
  { name: "SQL IDENTIFIED BY", text: "ALTER USER scott IDENTIFIED BY 'oraclePw1';", secrets: ["oraclePw1"], kind: "sql-password" },
  { name: "PGPASSWORD inline", text: "PGPASSWORD=pgpw123 psql -h db -U app", secrets: ["pgpw123"], kind: "assignment", keep: [" psql -h db -U app"] },
  { name: "spring properties", text: "spring.datasource.password=springPw1", secrets: ["springPw1"], kind: "assignment" },
  {
    name: "escaped JSON in a string",
    text: '"{\\"user\\": \\"bob\\", \\"password\\": \\"esc4pedPw\\"}"',
    secrets: ["esc4pedPw"],
    kind: "assignment",
    keep: ['\\"}"'],
  },
  { name: ".env inside a JSON string", text: '{"content": "DB_PASSWORD=envpw99\\nDEBUG=1"}', secrets: ["envpw99"], kind: "assignment", keep: ["\\nDEBUG=1"] },
  { name: "markdown bold label", text: "**Password:** Hunter2Bold", secrets: ["Hunter2Bold"], kind: "assignment" },
  { name: "x-api-key header", text: "x-api-key: abcdef1234567890", secrets: ["abcdef1234567890"], kind: "assignment", keep: ["x-api-key: "] },
  { name: "--password= flag", text: "docker run app --db-password=Pa55-w0rd", secrets: ["Pa55-w0rd"], kind: "assignment" },
  {
    name: "camelCase key in JS object",
    text: "const cfg = { clientSecret: 'cS3cr3t-xyz', region: 'eu' };",
    secrets: ["cS3cr3t-xyz"],
    kind: "assignment",
    keep: ["region: 'eu'"],
  },
  {
    name: "single-quoted password after an apostrophe",
    text: "Here's the password: 'Apostr0phe!'",
    secrets: ["Apostr0phe!"],
    kind: "assignment",
    keep: ["Here's the password: '"],
  },
  { name: "weak password in YAML", text: "admin:\n  password: letmein\n", secrets: ["letmein"], kind: "assignment" },
  { name: "password that starts like a keyword", text: "password=passion2024 user=bob", secrets: ["passion2024"], kind: "assignment", keep: ["user=bob"] },
  { name: "password that starts with ~", text: "DB_PASSWORD=~abc123xyz", secrets: ["~abc123xyz"], kind: "assignment" },
  { name: "curl --user in a pipeline", text: "curl -s --user 'ci:Cur1Pass' https://nexus/api | jq .", secrets: ["Cur1Pass"], kind: "cli-flag" },
];

export const NEGATIVES: Negative[] = [
  // Hashes and identifiers
  { name: "git SHA", text: "commit 3f786850e387550fdab836ed7e6dc881de23001b\nAuthor: Jane <jane@example.com>" },
  { name: "short SHAs", text: "Fixed in a1b2c3d, reverted in 9f8e7d6 (see 0123abc..4567def)." },
  { name: "UUID", text: 'sessionId: "550e8400-e29b-41d4-a716-446655440000"' },
  { name: "sha256 hex", text: "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
  { name: "md5 hex", text: "md5sum: d41d8cd98f00b204e9800998ecf8427e  empty.txt" },
  { name: "sha1sum output", text: "da39a3ee5e6b4b0d3255bfef95601890afd80709  -" },
  { name: "base64 blob", text: `payload: ${Buffer.from("The quick brown fox jumps over the lazy dog. ".repeat(6)).toString("base64")}` },
  {
    name: "data URL",
    text: `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">`,
  },
  { name: "base64 JSON data URL (eyJ, not a JWT)", text: "data:application/json;base64,eyJuYW1lIjoic2Vzc2lvbi1yZWNvcmRlciJ9" },
  { name: "npm integrity", text: '"integrity": "sha512-7Bn4jMbGTnq0tQ1qVXtpS4Cx4G8Qn7Xy6MkS7j7jPZ8rQmT9gkhn2hUaXbLBM2WVNkDEMrUfgE1tvtZMB8z5Rg=="' },
  { name: "docker image digest", text: "image: nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31" },
  { name: "commit ids in a log", text: "* 2170c4d The record keeps the newest max_decisions decisions\n* 794ac80 list and show commands" },
  { name: "ETag", text: 'ETag: "33a64df551425fcc55e4d42a148795d9f25f89d4"' },
  { name: "yarn.lock resolved", text: 'resolved "https://registry.yarnpkg.com/zod/-/zod-3.22.4.tgz#5c3b5a8e2d3d2b4b0f2f2a5b1c4c6f8f9a0b1c2d"' },
  { name: "CSP hash", text: "Content-Security-Policy: script-src 'sha256-B2yPHKaXnvFWtRChIbabYmUBFZdVfKKXHbWtWidDVF8='" },
  { name: "webpack content hashes", text: "dist/main.3f7a9c2e.js  dist/chunk-5a6b7c8d.js  dist/vendor.0e1f2a3b4c5d6e7f.css" },
  { name: "request id", text: "x-request-id: 7f3a9c2e-1b4d-4e6f-8a9b-0c1d2e3f4a5b" },
  { name: "MAC and IPv6", text: "ether 00:1b:44:11:3a:b7 inet6 fe80::1c2b:3d4e:5f60:7a8b%en0" },
  {
    name: "long base64 run",
    text: "Qm9keSBwYXJ0IG9uZSBwYXJ0IHR3byBwYXJ0IHRocmVlIHBhcnQgZm91ciBwYXJ0IGZpdmUgcGFydCBzaXggcGFydCBzZXZlbiBwYXJ0IGVpZ2h0IHBhcnQgbmluZSBwYXJ0IHRlbg==",
  },
  { name: "stripe object ids", text: "Created cus_NffrFeUfNV2Hib and pi_3MtwBwLkdIwHu7ix28a3tqPa for price_1NBcLKLkdIwHu7ixpQoVs0Eq" },
  { name: "slack channel and user ids", text: "posted to C024BE91L by U024BE7LH" },
  { name: "long identifiers in code", text: "const aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z = computeHash(_0x4f2a1b3c, 0x5f3759df);" },
  { name: "AWS ARN", text: "arn:aws:iam::123456789012:role/service-role/MyLambdaRole" },
  { name: "Secrets Manager ARN", text: "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf" },
  { name: "package versions", text: '"typescript": "^5.4.2", "zod": "4.6.7", "bun": "1.4.5"\nnode v20.11.1, zod@4.6.7' },
  { name: "semver with build metadata", text: "version 1.0.0-beta.1+exp.sha.5114f85" },
  { name: "file paths", text: "/home/user/.ssh/id_rsa.pub src/privacy/tokens/secret_store.ts ~/.aws/credentials C:\\Users\\Me\\AppData" },
  { name: "CSS hex colors", text: ".btn { color: #ff5733; background: #1e90ff; border-color: #ABCDEF; }" },
  // Words that contain a keyword
  { name: "tokenizer", text: "The tokenizer splits text; tokenizer.encode(text) returns ids." },
  { name: "max_tokens", text: "max_tokens=4096 temperature=0.2" },
  { name: "usage token counts", text: '"usage": {"input_tokens": 1234, "output_tokens": 567, "cache_creation_input_tokens": 2048}' },
  // The name says the value is not live (gitleaks' own samples have `nonMatchingToken := "…"`).
  { name: "a test's non-matching token", text: 'nonMatchingToken := "q7xk2mfz9dwp4hta"' },
  { name: "a fake key in a fixture", text: 'const fakeApiKey = "Zq8wN3kLp5Rt2vXy";' },
  { name: "a dummy env value", text: "DUMMY_SECRET_KEY=mK4pQ9zW2xR7tB1n" },
  { name: "an invalid password in a test", text: 'await login({ invalidPassword: "Wq7!zLp2#vNm" })' },
  { name: "password_hash column", text: "Add a password_hash column: ALTER TABLE users ADD COLUMN password_hash text;" },
  { name: "author: John", text: "author: John\ndate: 2026-01-01" },
  { name: "secret sauce", text: "The secret sauce is caching." },
  { name: "secret: sauce in prose", text: "Our secret: sauce and patience." },
  { name: "token bucket", text: "Rate limiting uses the token bucket algorithm." },
  { name: "key=value in prose", text: "Pass options as key=value pairs, e.g. mode=fast." },
  { name: "token expired in prose", text: "Your token: expired yesterday, so log in again." },
  { name: "token limit names", text: "token_limit=100000 token_count: 512 password_min_length=12" },
  { name: "password policy prose", text: "If password.length < 8 we reject it; the password must have 12 chars." },
  // Code that names secrets without holding one
  { name: "TS interface", text: "interface Login { user: string; password: string; token?: string }" },
  { name: "TS optional + typed param", text: "function login(user: string, password: Credentials, apiKey: ApiKey) {}" },
  { name: "zod schema", text: "const schema = z.object({ password: z.string().min(8), token: z.string() });" },
  { name: "await getToken", text: "const token = await getToken();" },
  { name: "python environ", text: 'api_key = os.environ["OPENAI_API_KEY"]' },
  { name: "python getpass", text: "password = getpass.getpass()" },
  { name: "member access", text: "this.password = password;\nself.api_key = api_key\nsecret: process.env.JWT_SECRET," },
  { name: "object shorthand-ish", text: "return { token: accessToken, password: hashed, secret: secretValue };" },
  { name: "kwargs", text: "client = Client(api_key=api_key, token=tok, password=pw)" },
  { name: "variable assignment", text: "password = hashed\nconst secret = crypto.randomBytes(32);" },
  { name: "go os.Getenv", text: 'token := os.Getenv("GITHUB_TOKEN")' },
  { name: "pydantic type", text: "class Settings(BaseSettings):\n    password: SecretStr\n    token: Optional[str] = None" },
  { name: "terraform var", text: "aws_secret_access_key = var.aws_secret_key" },
  { name: "fetch credentials", text: 'fetch(url, { credentials: "include", method: "POST" })' },
  { name: "messages", text: '{ password: "Password is required", token: "Invalid token", "forgot_password": "Forgot password?" }' },
  // Placeholders and references
  { name: "placeholders", text: "password=<your password>\ntoken: ${TOKEN}\nsecret=xxx\nAPI_KEY=your-api-key-here\npassword: '********'" },
  { name: "env references", text: 'DB_PASSWORD=$DB_PASSWORD\nexport API_KEY="${API_KEY}"\nANTHROPIC_API_KEY=' },
  { name: "GitHub Actions secrets", text: "        with:\n          token: ${{ secrets.GITHUB_TOKEN }}\n    secrets: inherit" },
  { name: "helm template", text: 'password: {{ .Values.db.password }}\nsecret: "{{ vault_db_secret }}"' },
  { name: "bearer placeholders", text: 'Authorization: Bearer $TOKEN\ncurl -H "Authorization: Bearer <token>"' },
  { name: "bearer in prose", text: "Use the Bearer authentication scheme; Bearer tokens expire after an hour." },
  { name: "docs key prefixes", text: "Anthropic keys start with sk-ant-, OpenAI keys with sk- or sk-proj-, GitHub with ghp_ or github_pat_." },
  { name: "kebab-case sk- name", text: 'class="sk-navigation-header-container-wrapper"' },
  { name: "truncated key mention", text: 'export OPENAI_API_KEY="sk-..."' },
  // Keys and URLs that are not secrets
  { name: "public key", text: `${BEGIN} PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${fake(52, B64)}\n${END} PUBLIC KEY-----` },
  { name: "certificate", text: `${BEGIN} CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU${fake(44, B64)}\n${END} CERTIFICATE-----` },
  { name: "ssh public key", text: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${fake(43, B64)} jane@laptop` },
  { name: "private key header in prose", text: "The file must start with `-----BEGIN OPENSSH PRIVATE KEY-----`, then the body." },
  { name: "scp-style git remote", text: "git@github.com:acme/infra.git" },
  { name: "ssh URL", text: "ssh://git@github.com:22/acme/infra.git and git+ssh://git@github.com/npm/cli.git" },
  { name: "localhost URL with port", text: "open http://localhost:3000/api/health?x=1" },
  { name: "port then email in query", text: "http://localhost:8080?email=jane@example.com" },
  { name: "email", text: "Contact jane.doe+filter@example.com for access." },
  { name: "docker volume and secret mounts", text: "docker run -v ./secret:/run/secret:ro -v $PWD/token:/token app" },
  { name: "PWD", text: "PWD=/home/user/project\nOLDPWD=/home/user" },
  { name: "credentials file path", text: "GOOGLE_APPLICATION_CREDENTIALS=/Users/Jane/Projects/MyApp/service-account.json" },
  { name: "private key path", text: "private_key: ./keys/deploy.pem\nssh_private_key: ~/.ssh/id_ed25519" },
  {
    name: "k8s secret refs",
    text: "kind: Secret\nmetadata:\n  name: db-creds\nenv:\n  - valueFrom:\n      secretKeyRef:\n        name: db-creds\n        key: password",
  },
  { name: "docker login --password-stdin", text: "cat ~/pw.txt | docker login --username acme --password-stdin" },
  { name: "flag that is not a value", text: "ssh-keygen -t ed25519 --no-password --verbose; deploy --token-file ./token.txt" },
  { name: "mysql -p prompt", text: "mysql -u root -p shop" },
  { name: "ternary on an identifier", text: "resultingToken = startedWithBacktick ? SyntaxKind.NoSubstitutionTemplateLiteral : SyntaxKind.TemplateTail;" },
  { name: "TS type alias", text: "export type DotToken = Token<SyntaxKind.DotToken>;\nexport type ApiKey = string;" },
  { name: "readonly constant", text: "    readonly STENCIL_PASS_DEPTH_PASS: 0x0B96;\n    readonly STENCIL_BACK_PASS_DEPTH_PASS: GLenum;" },
  { name: "union type", text: "type Result = { pass: true|false; message: () => string }" },
  { name: "quoted path env", text: '{ "PWD": "/Users/maciej/src/app", "HOME": "/Users/maciej" }' },
  { name: "pass as an English word", text: "Merge runs of simple patterns to share one pass: `(?<m0>…)|(?<m1>…)`. Second pass: cleanup." },
  { name: "ARN in backticks", text: "The secret is `arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf`." },
  { name: "const with identifier value", text: "const API_TOKEN = readTokenFromDisk\nlet password = fallbackPassword ?? defaultValue" },
  {
    name: "password prompt string",
    text: 'def unix_getpass(prompt=\'Password: \', stream=None):\n    print("shlex: token=" + repr(raw))\n    print("Token: " + repr(tt))',
  },
  { name: "authorization variable in code", text: "authorization = base64.decodebytes(authorization).decode('ascii')" },
  { name: "format strings", text: "user_pass = '%s:%s' % (user, password)\ncredentials = '{0}:{1}'.format(user, pw)\ntoken = f'{prefix}'" },
  { name: "markdown link reference", text: "[set up the credentials]: https://github.com/nodejs/node-core-utils#setting-up-github-credentials" },
  { name: "C++ namespace", text: "hide node::credentials::HasOnly from the public API" },
  { name: "uid:gid flags", text: "docker run -u 1000:1000 --user 1000:1000 node:20 npm ci\ngit push -u origin main" },
  { name: "token_type", text: '{"token_type": "bearer", "expires_in": 3600, "scope": "repo"}' },
  { name: "input type password", text: '<input type="password" name="password" autocomplete="current-password">' },
  { name: "AKIA in prose", text: "Access key ids start with AKIA (long-term) or ASIA (temporary)." },
  { name: "pagination cursors", text: "nextPageToken is empty when done; pass page_token: null on the first call." },
];
