import { expect, test } from "bun:test";
import { MAX_DEPTH, MAX_INPUT, parseShell, type ShellNode } from "../../src/extract/shell.ts";
import type { Word } from "../../src/extract/shell-words.ts";

/** A compact picture of what the tokenizer read: words, `op target` redirections, `(` `)` subshells, `;`-like ends. */
function show(src: string): string {
  const nodes = parseShell(src);
  if (!nodes) return "<gave up>";
  return nodes.map(node).join(" ");
}

function node(n: ShellNode): string {
  if (n.kind === "open") return "(";
  if (n.kind === "close") return ")";
  const parts = n.words.map(word);
  for (const r of n.redirects) parts.push(`${r.fd ?? ""}${r.op}${r.target ? word(r.target) : ""}`);
  return `[${parts.join(" ")}]${n.piped ? "|" : ""}${n.end === "\n" ? "⏎" : n.end}`;
}

function word(w: Word): string {
  if (w.dynamic) return "?";
  const text = w.text.replace(/\0~\0/g, "~").replace(/\0(\w+)\0/g, "$$$1");
  return (w.glob ? "*" : "") + (/[\s"]/.test(text) || text === "" ? JSON.stringify(text) : text);
}

const cases: [string, string][] = [
  ["ls -la", "[ls -la]"],
  ["a && b || c; d & e", "[a]&& [b]|| [c]; [d]& [e]"],
  ["a | b |& c", "[a]|| [b]|| [c]|"],
  ["a\nb", "[a]⏎ [b]"],
  [`echo "a > b" 'c | d' e\\ f`, `[echo "a > b" "c | d" "e f"]`],
  [`echo "x"'y'z`, "[echo xyz]"],
  [`echo "a \\"q\\" \\$HOME \\\\ \\n"`, `[echo "a \\"q\\" $HOME \\\\ \\\\n"]`],
  ["echo $'a\\tb\\'c'", `[echo "a\\tb'c"]`],
  [`echo $"hi there"`, `[echo "hi there"]`],
  ["echo a\\\nb", "[echo ab]"],
  ["cmd \\\n  --flag", "[cmd --flag]"],
  ["echo x # a comment > f\necho y", "[echo x]⏎ [echo y]"],
  ["echo a#b", "[echo a#b]"],
  ["echo > f 2>&1 2> e >> g &> h &>> i >| j", "[echo >f 2>&1 2>e >>g &>h &>>i >|j]"],
  ["cmd 3>&- <in 4<>rw <&3", "[cmd 3>&- <in 4<>rw <&3]"],
  ["echo a>b", "[echo a >b]"],
  ["echo 12>b", "[echo 12>b]"],
  ["echo '2'>b", "[echo 2 >b]"],
  ["cat <<EOF > f\na > b\nEOF\nls", "[cat <<EOF >f]⏎ [ls]"],
  ["cat <<'EOF'\n$(x) > y\nEOF", "[cat <<EOF]⏎"],
  [`cat <<"END"\n> a\nEND`, "[cat <<END]⏎"],
  ["cat <<\\EOF\n> a\nEOF", "[cat <<EOF]⏎"],
  ["cat <<-EOF\n\ta > b\n\tEOF\necho", "[cat <<-EOF]⏎ [echo]"],
  ["cat <<A <<B\n> 1\nA\n> 2\nB\nls", "[cat <<A <<B]⏎ [ls]"],
  ["cat <<EOF\nnever closed > x", "[cat <<EOF]⏎"],
  ["cat <<EOF\r\nbody > x\r\nEOF\r\nls", "[cat <<EOF]⏎ [ls]"],
  ["x=$(cat <<'EOF'\nit's > \"odd\"\nEOF\n)", "( [cat <<EOF]⏎ ) [?]"],
  ["grep x <<< 'a > b'", `[grep x <<<"a > b"]`],
  ["(cd a && make) > log", "( [cd a]&& [make]) ) [>log]"],
  ["echo $(date) `whoami` $((1 > 2))", "( [date]) ) [echo ? ? ?]"],
  ["diff <(sort a) >(cat)", "( [sort a]) ) ( [cat]) ) [diff ? ?]"],
  ["(( i > 3 )) && echo", "[echo]"],
  ["[[ $a > $b ]] && echo", "[[[ $a > $b ]]]&& [echo]"],
  ["echo ~ ~/x a~b ~user '~' x=~/y", "[echo ~ ~/x a~b ? ~ x=~/y]"],
  ["echo $HOME ${HOME}/x $1 ${x:-y} $@ $", "[echo $HOME $HOME/x ? ? ? $]"],
  ["echo *.ts a?b [ab] { } {} {1..300} {1..2..9} a,b", "[echo **.ts *a?b *[ab] { } *{} *{1..300} *{1..2..9} a,b]"],
  ["echo {3..1} {a..c}", "[echo 3 2 1 a b c]"],
  ["cp f{,.bak} x{a,b}y {a,{b,c}} '{a,b}'", "[cp f f.bak xay xby *{a,{b,c}} {a,b}]"],
  ["echo > f{1,2}", "[echo >*f1]"],
  ["echo '*.ts' \\*", "[echo *.ts *]"],
  ["f() { echo x; }", "[f]; ( ) [{ echo x]; [}]"],
  ["case $x in a) echo a;; esac", "[case $x in a]) [echo a]; [esac]"],
  ["echo 'open", "[echo open]"],
  ['echo "open $(x', "( [x] ) [echo ?]"],
  ["echo é > ü.txt", "[echo é >ü.txt]"],
];

for (const [src, expected] of cases) test(`shell: ${JSON.stringify(src)}`, () => expect(show(src)).toBe(expected));

test("shell: gives up past MAX_INPUT and MAX_DEPTH instead of reading part of it", () => {
  expect(parseShell("a".repeat(MAX_INPUT + 1))).toBeUndefined();
  expect(parseShell("( ".repeat(MAX_DEPTH + 2))).toBeUndefined();
  expect(parseShell("$(".repeat(MAX_DEPTH + 2))).toBeUndefined();
  expect(parseShell("( ".repeat(MAX_DEPTH - 1) + "ls")).toBeDefined();
});

// Quadratic work on 128 KB would take minutes; 2 s each leaves room for a loaded machine.
test("shell: hostile input is read in linear time", () => {
  const size = 128 * 1024;
  const inputs = ['"', "'", "`", "\\", "${", "$((", "((", "<<A ", "(a) ", "<(a) ", "[[ > ", "a=", ";&|", "\n", "#", "$'\\"].map((s) =>
    s.repeat(Math.floor(size / s.length)),
  );
  inputs.push("cat <<EOF\n" + "EOX\n".repeat(size / 4 - 4));
  inputs.push("a".repeat(size / 2) + "{" + ",".repeat(size / 2 - 4) + "}", "x{a,b}y ".repeat(size / 8), "{1..99} ".repeat(size / 8));
  for (const input of inputs) {
    const t0 = performance.now();
    parseShell(input);
    expect([JSON.stringify(input.slice(0, 8)), performance.now() - t0 < 2000]).toEqual([JSON.stringify(input.slice(0, 8)), true]);
  }
}, 60_000);
