// End to end: secrets planted in every place a text travels, through the COMPILED binary's hooks
// and CLI, then every byte written under the data dir, HOME and TMPDIR (SQLite db and WAL, logs,
// JSON, context files) and every stdout is searched for them.
//   vendor tokens: drawn from gitleaks' own rules (test/privacy/fixtures/gitleaks-samples.json,
//                  MIT, see its header) and from the extra formats of structural.ts: 0 leaks;
//   structural:    hand-written cases (flags, DSNs, configs, prose, PuTTY, cookies...): >= 98 %;
//   look-alikes:   must stay readable: <= 1 % redacted;
//   <private>:     0 spans anywhere.
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBin } from "../support/spawn.ts";
import { sandbox } from "../support/tmp.ts";
import { jsonl, line } from "../support/transcript.ts";
import SAMPLES from "./fixtures/gitleaks-samples.json";
import { generatedTable } from "../../src/privacy/rules.generated.ts";
import { LOOKALIKES, STRUCTURAL } from "./leak-cases.ts";

const GENERATED_RULES = generatedTable().rules;
const b64 = (s: string) => Buffer.from(s, "base64").toString("utf8");
const rulesById = new Map(GENERATED_RULES.map((r) => [r.id, r]));

/** Documentation values in upstream's samples (`xxxx`, `EXAMPLE`, `12345678-ABCD…`): either way is fine (issue 9). */
const DOC = /x{4}|X{4}|\*{4}|example|your|here|fake|dummy|sample|placeholder|1234567|abcdef|abc123|(.)\1{5}/i;

/**
 * Vendor tokens: every drawn token of every rule, with the rule's first keyword next to it (gitleaks
 * runs a rule only where its keyword occurs), and up to 3 of each rule's own true-positive samples.
 */
const VENDOR = SAMPLES.rules.flatMap((r) => {
  const kw = rulesById.get(r.id)?.keywords[0];
  if (!kw) return [];
  const drawn = r.drawn
    .map(b64)
    .map((secret) => ({ id: r.id, secret, text: secret.toLowerCase().includes(kw) ? `use ${secret} now` : `${kw}: ${secret}`, bare: true }));
  const own = r.tps
    .map((t) => ({ id: r.id, secret: b64(t.secret), text: b64(t.text), bare: false }))
    .filter((t) => !DOC.test(t.secret) && t.secret.length >= 8 && !t.text.includes("\n"))
    .slice(0, 3);
  return [...drawn, ...own];
});

const sbx = sandbox();
const tmp = join(sbx.dir, "tmp");
mkdirSync(tmp, { recursive: true });
const env = { ...sbx.env, TMPDIR: tmp };
afterAll(() => {
  if (!process.env.KEEP) rmSync(sbx.dir, { recursive: true, force: true });
  else console.log("kept", sbx.dir);
});

const stdouts: string[] = [];
function run(args: string[], stdin?: string) {
  const r = runBin(args, { env, cwd: sbx.project, stdin });
  stdouts.push(r.stdout, r.stderr);
  return r;
}

let privateN = 0;
const priv = () => `<private>PRIVMARK${++privateN}</private>`;

/**
 * One session holding `texts` in every place: prompts, todos, tasks, assistant text, both summaries,
 * tool inputs and results, subagent; with `inNames`, file paths and the branch too (vendor tokens:
 * a config line split into directories is no test of anything).
 */
function session(sid: string, texts: string[], inNames: boolean): void {
  const t = join(sbx.transcripts, `${sid}.jsonl`);
  const lines: string[] = [];
  const base = { cwd: sbx.project, sessionId: sid };
  texts.forEach((x, i) => {
    lines.push(line.user(`step ${i}: ${x} ${priv()}`, { ...base, gitBranch: inNames && i === 0 ? `feat/${x.replace(/\s+/g, "/")}` : "main" }));
    lines.push(line.toolUse("Write", { file_path: `${sbx.project}/notes/${inNames ? x.replace(/\s+/g, "/") : `n${i}`}.md`, content: x }, base));
    lines.push(line.toolResult(`wrote ${x}`));
    lines.push(line.toolUse("Bash", { command: `echo '${x}' > ${sbx.project}/out-${i}.txt` }, base));
  });
  lines.push(line.toolUse("TodoWrite", { todos: texts.map((x) => ({ content: `check ${x} ${priv()}`, status: "pending", activeForm: "x" })) }, base));
  lines.push(line.toolUse("TaskCreate", { subject: `task ${texts[0]} ${priv()}`, description: texts[0] }, base));
  lines.push(
    line.toolUse(
      "Write",
      { file_path: `${sbx.project}/sub/${inNames ? (texts[1] ?? "x").replace(/\s+/g, "/") : "s"}.ts`, content: "x" },
      { ...base, isSidechain: true },
    ),
  );
  lines.push(line.user(`subagent prompt: ${texts.join(" ; ")} ${priv()}`, { ...base, isSidechain: true }));
  lines.push(line.compactBoundary());
  lines.push(line.compactSummary(`This session is being continued from a previous conversation.\n${texts.map((x) => `- ${x} ${priv()}`).join("\n")}`));
  lines.push(line.assistantText(`Changed the config: ${texts.join(" ; ")} ${priv()}`, base));
  writeFileSync(t, jsonl(lines));
  const input = { session_id: sid, transcript_path: t, cwd: sbx.project };
  run(["hook", "stop"], JSON.stringify({ ...input, hook_event_name: "Stop", last_assistant_message: `Done: ${texts.slice(0, 6).join(" / ")} ${priv()}` }));
  run(
    ["hook", "post-compact"],
    JSON.stringify({
      ...input,
      hook_event_name: "PostCompact",
      trigger: "manual",
      compact_summary: `<summary>${texts.map((x) => `${x} ${priv()}`).join("\n")}</summary>`,
    }),
  );
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Where each byte came from, to say where a leak is. */
const sources: [where: string, bytes: string][] = [];

/** Every file under `dir` (raw bytes, read as Latin-1 and as UTF-8), except the transcripts we wrote ourselves. */
function allBytes(dir: string, label: string): string {
  let out = "";
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (p !== sbx.transcripts) out += allBytes(p, label);
    } else if (st.isFile()) {
      const raw = readFileSync(p);
      const text = raw.toString("latin1") + "\n" + raw.toString("utf8") + "\n";
      sources.push([`${label}:${p.slice(sbx.dir.length)}`, text]);
      out += text;
    }
  }
  return out;
}

test("secrets and <private> spans leave no trace in any byte written or printed", () => {
  // Bare tokens go into paths and branches too; upstream's samples are config lines and code.
  const bareTexts = VENDOR.filter((v) => v.bare).map((v) => v.text);
  const vendorTexts = VENDOR.filter((v) => !v.bare).map((v) => v.text);
  const structuralTexts = STRUCTURAL.map((c) => c.text);
  let n = 0;
  for (const c of chunks(bareTexts, 40)) session(`leak-${String(++n).padStart(4, "0")}-0000-0000-000000000000`, c, true);
  for (const c of chunks(vendorTexts, 40)) session(`leak-${String(++n).padStart(4, "0")}-0000-0000-000000000000`, c, false);
  for (const c of chunks(structuralTexts, 40)) session(`leak-${String(++n).padStart(4, "0")}-0000-0000-000000000000`, c, false);
  for (const c of chunks(LOOKALIKES, 40)) session(`look-${String(++n).padStart(4, "0")}-0000-0000-000000000000`, c, false);

  // Everything the CLI shows, before the store is checkpointed (the WAL is read raw below too).
  const snapshotBeforeCli = allBytes(sbx.data, "before-cli");
  const list = run(["list", "--all", "--json", "--limit", "1000"]);
  run(["list", "--all"]);
  run(["list"]);
  const ids: string[] = JSON.parse(list.stdout || "[]").map((r: { session_id: string }) => r.session_id);
  for (const id of ids) {
    run(["show", id]);
    run(["show", id, "--json"]);
  }
  for (const q of ["config", "check", "step", "token", "password", "key"]) {
    run(["search", q, "--all"]);
    run(["search", q, "--all", "--json"]);
  }
  for (const f of ["json", "jsonl", "md"]) run(["export", "--format", f]);
  for (const f of ["json", "jsonl", "md"]) expect(run(["export", "--format", f, "--out", join(tmp, `export.${f}`)]).code).toBe(0);
  run(["context"]);
  run(["status"]);
  // The MCP server over stdio, as Claude Code talks to it.
  let rpc = 0;
  const req = (method: string, params?: object) => JSON.stringify({ jsonrpc: "2.0", id: ++rpc, method, params }) + "\n";
  const mcpIn =
    req("initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } }) +
    JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) +
    "\n" +
    req("tools/list") +
    ids.map((id) => req("tools/call", { name: "get_session", arguments: { session_id: id } })).join("") +
    ["config", "check", "step", "token", "password"].map((q) => req("tools/call", { name: "search_sessions", arguments: { query: q, limit: 20 } })).join("") +
    req("tools/call", { name: "list_recent_sessions", arguments: { project: sbx.project, limit: 50 } });
  const mcp = run(["mcp"], mcpIn);
  const exportJson = run(["export", "--format", "json"]).stdout;

  for (const [i, o] of stdouts.entries()) sources.push([`stdout/err #${i}`, o]);
  const everything = [snapshotBeforeCli, allBytes(sbx.data, "data"), allBytes(sbx.home, "home"), allBytes(tmp, "tmp"), ...stdouts].join("\n");
  const where = (s: string) => [...new Set(sources.filter(([, b]) => b.includes(s)).map(([w]) => w))].slice(0, 4).join(", ");

  const vendorLeaks = VENDOR.filter((v) => everything.includes(v.secret));
  const structuralLeaks = STRUCTURAL.filter((c) => c.secrets.some((s) => everything.includes(s)));
  const kept = LOOKALIKES.filter(
    (x) => exportJson.includes(JSON.stringify(`step ${LOOKALIKES.indexOf(x) % 40}: ${x}`).slice(1, -1)) || exportJson.includes(JSON.stringify(x).slice(1, -1)),
  );
  const fpRate = 1 - kept.length / LOOKALIKES.length;
  const privateLeaks = (everything.match(/PRIVMARK\d+/g) ?? []).length;
  const structuralRate = 1 - structuralLeaks.length / STRUCTURAL.length;
  console.log(
    `leaks: vendor ${vendorLeaks.length}/${VENDOR.length} (rules: ${new Set(VENDOR.map((v) => v.id)).size}), structural redacted ${(structuralRate * 100).toFixed(1)}% of ${STRUCTURAL.length}, ` +
      `look-alikes redacted ${(fpRate * 100).toFixed(1)}% of ${LOOKALIKES.length}, <private> ${privateLeaks} of ${privateN}; ${stdouts.length / 2} processes, ${(everything.length / 1e6).toFixed(1)} MB searched`,
  );
  if (vendorLeaks.length)
    console.log(
      "vendor leaks:",
      vendorLeaks.slice(0, 40).map((v) => `${v.id}: ${v.text} (in ${where(v.secret)})`),
    );
  if (structuralLeaks.length)
    console.log(
      "structural leaks:",
      structuralLeaks.map((c) => `${c.name} (in ${where(c.secrets.find((s) => everything.includes(s))!)})`),
    );
  const lost = LOOKALIKES.filter((x) => !kept.includes(x));
  if (lost.length) console.log("look-alikes redacted:", lost);
  // Not vacuous: every session is there, and the MCP server answered every call with data.
  expect(list.code).toBe(0);
  expect(ids.length).toBe(n);
  expect(mcp.stdout.split("\n").filter((l) => l.includes('"result"')).length).toBe(rpc);
  expect(mcp.stdout).toContain("[REDACTED:");
  expect(vendorLeaks.map((v) => v.id)).toEqual([]);
  expect(structuralRate).toBeGreaterThanOrEqual(0.98);
  expect(fpRate).toBeLessThanOrEqual(0.01);
  expect(privateLeaks).toBe(0);
}, 120_000);
