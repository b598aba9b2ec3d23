import { expect, test } from "bun:test";
import { posix } from "node:path";
import { filesWrittenByBash } from "../../src/extract/bash-files.ts";
import { applyEntry, emptyState } from "../../src/extract/state.ts";
import { parseLine } from "../../src/transcript/entries.ts";
import { redactDefault } from "../../src/privacy/redact.ts";
import { line } from "../support/transcript.ts";
import { CASES, CWD, HOME } from "./bash-cases.ts";

const ctx = { cwd: CWD, home: HOME };
const abs = (paths: string[]) => paths.map((p) => (p.startsWith("/") ? p : posix.join(CWD, p)));
const sorted = (xs: string[]) => [...xs].sort();

for (const k of CASES) {
  test(`bash: ${JSON.stringify(k.command).slice(0, 110)}`, () => {
    expect(sorted(filesWrittenByBash(k.command, ctx))).toEqual(sorted(abs(k.got ?? k.writes)));
  });
}

test("bash: precision and recall over the table", () => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const k of CASES) {
    const truth = new Set(abs(k.writes));
    const got = new Set(filesWrittenByBash(k.command, ctx));
    for (const f of got) truth.has(f) ? tp++ : fp++;
    for (const f of truth) if (!got.has(f)) fn++;
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const limits = CASES.filter((k) => k.got).length;
  console.log(
    `bash files over ${CASES.length} commands (${limits} known limits): precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn})`,
  );
  expect(precision).toBeGreaterThanOrEqual(0.98);
  expect(recall).toBeGreaterThanOrEqual(0.95);
});

test("bash: without a cwd, relative paths stay relative; without a home, ~ is not guessed", () => {
  expect(filesWrittenByBash("echo x > out.txt && cd sub && touch a ../b", {})).toEqual(["out.txt", "sub/a", "b"]);
  expect(filesWrittenByBash("echo x > ~/notes.md; echo y > $HOME/a; touch /abs", { cwd: CWD })).toEqual(["/abs"]);
});

test("bash: cd to somewhere unknown stops relative paths, not absolute ones", () => {
  expect(filesWrittenByBash("cd $(mktemp -d) && touch a /tmp/b && cd /srv && touch c", ctx)).toEqual(["/tmp/b", "/srv/c"]);
  expect(filesWrittenByBash("popd && touch a", ctx)).toEqual([]);
  expect(filesWrittenByBash("cd - && touch a", ctx)).toEqual([]);
});

test("bash: a `cd` in a pipeline or a background list does not move what follows", () => {
  expect(filesWrittenByBash("cd sub | cat; touch a", ctx)).toEqual([`${CWD}/a`]);
  expect(filesWrittenByBash("cd sub && make > m.log &\ntouch a", ctx)).toEqual([`${CWD}/sub/m.log`, `${CWD}/a`]);
});

test("bash: $PWD follows cd", () => {
  expect(filesWrittenByBash(`cd /srv && echo x > "$PWD/out"`, ctx)).toEqual(["/srv/out"]);
});

test("bash: each file once", () => {
  expect(filesWrittenByBash("echo a > x; echo b >> x; touch x", ctx)).toEqual([`${CWD}/x`]);
});

test("bash: hostile input finishes fast and reports nothing odd", () => {
  const inputs = [
    "$(".repeat(100_000),
    "(".repeat(1_000_000),
    '"'.repeat(1_000_000),
    "'".repeat(200_001),
    "`".repeat(200_001),
    "${".repeat(100_000),
    "$((".repeat(80_000),
    "<<A ".repeat(60_000) + "\n" + "x\n".repeat(1000),
    "cat > f <<EOF\n" + "a > b\n".repeat(40_000),
    "\\".repeat(250_000),
    "[[ ".repeat(80_000) + "> x",
    "curl " + "-o a ".repeat(50_000),
    "echo " + "a".repeat(200_000) + " > " + "b".repeat(5000),
    "x=".repeat(100_000) + " touch y",
    "bash -c " + "'bash -c \"".repeat(2000),
    "; && | ;; & ".repeat(20_000),
  ];
  for (const input of inputs) {
    const t0 = performance.now();
    const files = filesWrittenByBash(input, ctx);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(2000); // quadratic work here would take minutes
    for (const f of files) expect(f.length).toBeLessThanOrEqual(4096);
  }
}, 60_000);

test("bash: through applyEntry, paths arrive resolved against the line's cwd and the given home", () => {
  const lines = [
    line.user("tidy up", { cwd: "/w/app" }),
    line.toolUse("Bash", { command: `python3 -c "print(len(x) > 0)" && cd web && npm test > /tmp/t.log 2>&1` }, { cwd: "/w/app" }),
    line.toolUse(
      "Bash",
      { command: `cat > ~/.config/app.json <<'EOF'\n{"a": "b > c"}\nEOF\ncp ~/Library/Mission\\ Control/bg.png assets/` },
      { cwd: "/w/app" },
    ),
    line.toolUse("Write", { file_path: "notes.md", content: "x" }, { cwd: "/w/app" }),
  ];
  const files = (home?: string) => {
    const state = emptyState();
    for (const l of lines) for (const e of parseLine(l)) applyEntry(state, e, redactDefault, { home });
    return state.files;
  };
  expect(files("/home/me")).toEqual(["/tmp/t.log", "/home/me/.config/app.json", "/w/app/assets", "/w/app/notes.md"]);
  // No home known: `~` is never read as a folder of the cwd.
  expect(files()).toEqual(["/tmp/t.log", "/w/app/assets", "/w/app/notes.md"]);
});
