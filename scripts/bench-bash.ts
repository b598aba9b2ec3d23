// `bun scripts/bench-bash.ts`: speed of filesWrittenByBash, which the hooks run on every
// Bash command of a transcript. Corpus: the commands of test/extract/bash-cases.ts
// (the shapes Claude Code writes), plus a few large heredoc file writes. Prints ns per
// command and MB/s, and precision/recall over the table, for the current reader and
// for the regex splitter it replaced (read from git history when this is a checkout;
// its relative paths resolved against the cwd, as the state did).
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tempDir } from "../test/support/tmp.ts";
import { join, resolve } from "node:path";
import { filesWrittenByBash } from "../src/extract/bash-files.ts";
import { CASES, CWD, HOME } from "../test/extract/bash-cases.ts";

/** The last commit with the regex splitter. */
const LEGACY_COMMIT = "bc08433";
const ROUNDS = 200;

const heredoc = (lines: number) => `cat > src/generated.ts <<'EOF'\n${'export const a = (x: number) => x > 1 ? `${x}` : "<none>";\n'.repeat(lines)}EOF`;
const corpus = [...CASES.map((k) => k.command), heredoc(40), heredoc(400)];
const bytes = corpus.reduce((n, s) => n + Buffer.byteLength(s), 0);

function quality(fn: (cmd: string) => string[]): string {
  let tp = 0;
  let fp = 0;
  let fn_ = 0;
  for (const k of CASES) {
    const truth = new Set(k.writes.map((p) => resolve(CWD, p)));
    const got = new Set(fn(k.command).map((p) => resolve(CWD, p)));
    for (const f of got) truth.has(f) ? tp++ : fp++;
    for (const f of truth) if (!got.has(f)) fn_++;
  }
  return `precision ${(tp / (tp + fp)).toFixed(3)}, recall ${(tp / (tp + fn_)).toFixed(3)} (fp ${fp}, fn ${fn_})`;
}

function measure(name: string, fn: (cmd: string) => string[]): void {
  for (let r = 0; r < 20; r++) for (const cmd of corpus) fn(cmd); // warm up the JIT
  const t0 = Bun.nanoseconds();
  for (let r = 0; r < ROUNDS; r++) for (const cmd of corpus) fn(cmd);
  const ns = Bun.nanoseconds() - t0;
  const perCommand = ns / (ROUNDS * corpus.length);
  const mbs = (bytes * ROUNDS) / 1024 / 1024 / (ns / 1e9);
  console.log(`${name.padEnd(28)} ${perCommand.toFixed(0).padStart(7)} ns/command  ${mbs.toFixed(0).padStart(5)} MB/s   ${quality(fn)}`);
}

console.log(`corpus: ${corpus.length} commands, ${(bytes / 1024).toFixed(1)} KB, ${ROUNDS} rounds`);
measure("shell tokenizer (current)", (cmd) => filesWrittenByBash(cmd, { cwd: CWD, home: HOME }));

const legacy = await loadLegacy();
if (legacy) measure(`regex splitter (${LEGACY_COMMIT})`, legacy);
else console.log(`regex splitter: not measured (no git history with ${LEGACY_COMMIT})`);

async function loadLegacy(): Promise<((cmd: string) => string[]) | undefined> {
  let source: string;
  try {
    source = execFileSync("git", ["show", `${LEGACY_COMMIT}:src/extract/bash-files.ts`], {
      cwd: join(import.meta.dir, ".."),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return undefined;
  }
  const dir = tempDir("sr-bench-bash-");
  try {
    const file = join(dir, "legacy.ts");
    writeFileSync(file, source);
    return (await import(file)).filesWrittenByBash;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
