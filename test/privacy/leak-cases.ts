// Structural secret cases (found by place and shape, not by vendor) and look-alikes, for
// leaks.test.ts. Secret values are built from a seeded generator: no token-shaped literal here.
import { mulberry32 } from "../support/random.ts";

const rand = mulberry32(0x1ea4);
const AL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const rnd = (n: number, set = AL) => Array.from({ length: n }, () => set[Math.floor(rand() * set.length)]).join("");
const pw = () => `${rnd(5)}${rnd(2, "0123456789")}${rnd(1, "!%*")}${rnd(4)}`;
const b64 = (n: number) => rnd(n, AL + "+/");

export interface Case {
  name: string;
  text: string;
  secrets: string[];
}

const c = (name: string, make: (s: string) => string, secret = pw()): Case => ({ name, text: make(secret), secrets: [secret] });

const pemBody = () => Array.from({ length: 6 }, () => b64(64)).join("\n");
const pem = pemBody();
const pemKey = `-----BEGIN RSA PRIVATE KEY-----\n${pem}\n-----END RSA PRIVATE KEY-----`;
const ppkLines = Array.from({ length: 4 }, () => b64(64));
const b64pem = Buffer.from(`-----BEGIN OPENSSH PRIVATE KEY-----\n${pemBody()}\n-----END OPENSSH PRIVATE KEY-----\n`).toString("base64");

export const STRUCTURAL: Case[] = [
  c(".env", (s) => `DB_PASSWORD=${s}`),
  c("export", (s) => `export API_TOKEN="${s}"`),
  c("YAML", (s) => `database:\n  password: ${s}`),
  c("JSON", (s) => `{"client_secret": "${s}"}`),
  c("TOML", (s) => `[db]\npassword = "${s}"`),
  c("ini", (s) => `[auth]\nsecret=${s}`),
  c(".netrc", (s) => `machine api.example.com login bob password ${s}`),
  c(".pgpass", (s) => `cat ~/.pgpass\ndb.internal:5432:app:appuser:${s}`),
  c(".npmrc _authToken", (s) => `//registry.example.com/:_authToken=${s}`),
  c(".npmrc _auth", (s) => `_auth=${s}`, b64(40)),
  c(".pypirc", (s) => `[pypi]\nusername = __token__\npassword = ${s}`),
  c("docker config.json", (s) => `{"auths": {"registry.example.com": {"auth": "${s}"}}}`, b64(44)),
  c("kubeconfig token", (s) => `users:\n- name: ci\n  user:\n    token: ${s}`, rnd(40)),
  c("git credential URL", (s) => `https://ci-bot:${s}@git.example.com/acme/app.git`),
  c("python call", (s) => `client = Client(api_key="${s}")`),
  c("JS object", (s) => `const cfg = { apiKey: '${s}', region: 'eu' };`),
  c("Go", (s) => `token := "${s}"`),
  c("Java", (s) => `String password = "${s}";`),
  c("C# ", (s) => `var connectionPassword = "${s}";`),
  c("PHP define", (s) => `define('DB_PASSWORD', '${s}');`),
  c("Ruby", (s) => `config.secret_key_base = "${s}"`, rnd(64, "0123456789abcdef")),
  c("comparison", (s) => `if apiKey == "${s}" {`),
  c("HTML cell", (s) => `<tr><td>password</td><td>${s}</td></tr>`.replace("<td>password</td><td>", "<td>password: ").replace("</td></tr>", "</td></tr>")),
  c("XML element", (s) => `<password>${s}</password>`),
  c("docker -e", (s) => `docker run -e DB_PASSWORD=${s} postgres`),
  c("CI env block", (s) => `env:\n  DEPLOY_TOKEN: ${s}`),
  c("heroku config:set", (s) => `heroku config:set STRIPE_SECRET=${s}`),
  c("Go DSN", (s) => `dsn := "app:${s}@tcp(db:3306)/shop"`),
  c("Oracle", (s) => `sqlplus scott/${s}@//db.example.com:1521/ORCL`),
  c("password with @", (s) => `postgres://app:${s}@db.example.com:5432/app`, `${rnd(4)}@${rnd(4)}9`),
  c("docker login -p", (s) => `docker login -u ci -p ${s} registry.example.com`),
  c("redis-cli -a", (s) => `redis-cli -h cache -a ${s} ping`),
  c("sqlcmd -P", (s) => `sqlcmd -S db -U sa -P ${s}`),
  c("zip -P", (s) => `zip -P ${s} backup.zip data.sql`),
  c("7z -p", (s) => `7z a -p${s} backup.7z data`),
  c("ssh-keygen -N", (s) => `ssh-keygen -t ed25519 -N ${s} -f key`),
  c("ldapsearch -w", (s) => `ldapsearch -x -D cn=admin -w ${s} -b dc=example`),
  c("htpasswd -b", (s) => `htpasswd -b .htpasswd admin ${s}`),
  c("vault login", (s) => `vault login ${s}`, `hvs.${rnd(24)}`),
  c("mysql -p", (s) => `mysql -u root -p${s} shop`),
  c("curl -u", (s) => `curl -u admin:${s} https://ci.example.com/api`),
  c("PEM", () => `key:\n${pemKey}`, pem.split("\n")[2]!),
  c("PEM CRLF", () => pemKey.replace(/\n/g, "\r\n"), pem.split("\n")[3]!),
  c("PEM one line \\n", () => JSON.stringify({ private_key: pemKey }), pem.split("\n")[1]!),
  c(
    "PuTTY ppk",
    () => `PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 4\n${ppkLines.join("\n")}\nPrivate-MAC: ${rnd(64, "0123456789abcdef")}`,
    ppkLines[1]!,
  ),
  c("base64 PEM", (s) => `ssh-key: ${s}`, b64pem),
  c("WireGuard", (s) => `[Interface]\nPrivateKey = ${s}`, `${b64(43)}=`),
  c("session cookie", (s) => `Cookie: sessionid=${s}; theme=dark`, rnd(32)),
  c("Set-Cookie", (s) => `Set-Cookie: connect.sid=${s}; Path=/; HttpOnly`, `s%3A${rnd(40)}`),
  c("Azure SAS", (s) => `https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sr=b&sig=${s}`, `${b64(43)}%3D`),
  c("Discord webhook", (s) => `https://discord.com/api/webhooks/${rnd(18, "0123456789")}/${s}`, rnd(68, AL + "_-")),
  c("Telegram bot", (s) => `https://api.telegram.org/bot${rnd(10, "0123456789")}:${s}/sendMessage`, `AA${rnd(33)}`),
  c("prose API key", (s) => `the new API key is ${s}`, rnd(32)),
  c("prose password", (s) => `password for staging is ${s}`),
];

export const LOOKALIKES: string[] = [
  `commit ${rnd(40, "0123456789abcdef")}`,
  `merged ${rnd(7, "0123456789abcdef")} into main`,
  `id 3f2b8c1e-9d4a-4e5f-8a7b-6c5d4e3f2a1b`,
  `sha256: ${rnd(64, "0123456789abcdef")}`,
  `"integrity": "sha512-${b64(86)}=="`,
  `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${b64(43)} me@laptop`,
  `-----BEGIN CERTIFICATE-----`,
  `max_tokens: 4096`,
  `the tokenizer splits words`,
  `const [token, setToken] = useState("");`,
  `<dependency>io.jsonwebtoken:jjwt-api:0.12.6</dependency>`,
  `ghost_mode = true`,
  `skeleton-loader-container`,
  `src/privacy/token_store.ts`,
  `password_min_length = 12`,
  `token_count: 512`,
  `Authorization header is required`,
  `Use a strong password.`,
  `const password = await prompt("Password: ");`,
  `secret sauce is caching`,
  `keyboard shortcuts`,
  `version 1.4.5`,
  `ETag "33a64df551425fcc55e4d42a148795d9f25f89d4"`,
  `color: #ff5733`,
  `user@example.com wrote`,
  `http://localhost:3000/api?page=2`,
  `npm install zod@4.6.7`,
  `docker run -p 8080:80 nginx`,
  `git push -u origin main`,
  `apiKey: process.env.API_KEY`,
  `password: ${"$"}{DB_PASSWORD}`,
  `token = getToken()`,
  `PasswordField component`,
  `the cache key is the file path`,
  `AKIA is the prefix of access key ids`,
  `sk-navigation-header`,
  `ghp_ is how GitHub tokens begin`,
  `image: nginx@sha256:${rnd(64, "0123456789abcdef")}`,
  `uuid: ${rnd(8, "0123456789abcdef")}-${rnd(4, "0123456789abcdef")}-4${rnd(3, "0123456789abcdef")}-a${rnd(3, "0123456789abcdef")}-${rnd(12, "0123456789abcdef")}`,
  `bypass the cache`,
];
