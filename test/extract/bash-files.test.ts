import { expect, test } from "bun:test";
import { filesWrittenByBash } from "../../src/extract/bash-files.ts";

const cases: [string, string[]][] = [
  ["echo hi > out.txt", ["out.txt"]],
  ["cat a >> logs/app.log 2>&1", ["logs/app.log"]],
  ["echo x >/tmp/f.txt", ["/tmp/f.txt"]],
  ["ls -la", []],
  ["npm test 2>/dev/null", []],
  ["echo a | tee -a notes.md", ["notes.md"]],
  ["touch a.ts b.ts && mv a.ts src/a.ts", ["a.ts", "b.ts", "src/a.ts"]],
  ["cp -r template/ 'my dir/x.json'", ["my dir/x.json"]],
  ["sed -i 's/a/b/' config.yaml", ["config.yaml"]],
  ["sed 's/a/b/' config.yaml", []],
  ["echo $X > $OUT", []],
];
for (const [cmd, files] of cases) test(`bash: ${cmd}`, () => expect(filesWrittenByBash(cmd)).toEqual(files));
