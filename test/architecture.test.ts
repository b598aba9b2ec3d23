// The house rules that hold between files of src/, checked on the import graph
// (static `import`/`export ... from`, `import type` included, and `import()`):
// no cycle between files or between top-level folders, hooks/ and backfill/ apart,
// no file over 300 lines, extract/ and context/ free of fs, SQLite and process,
// and Claude Code's hook event names and `.claude` paths written in src/claude.ts only.
// Each test lists every offender (file -> file), so a failure says what to move.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { HOOKS } from "../src/claude.ts";

const ROOT = join(import.meta.dir, "..");
const SRC = join(ROOT, "src");
const MAX_LINES = 300;

interface SourceFile {
  /** Path from the repository root: `src/hooks/run.ts`. */
  path: string;
  text: string;
  /** The same text with comments blanked (strings kept). */
  code: string;
  /** Other files of src/ it imports, by path from the repository root. */
  imports: string[];
  /** Everything else it imports: `node:fs`, `bun:sqlite`, `zod`... */
  packages: string[];
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return listTs(p);
    return e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Comments out, strings and template text kept (a `//` inside a string is not a comment). */
function stripComments(text: string): string {
  return text.replace(/("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m, str) => str ?? m.replace(/[^\n]/g, " "));
}

const SPECIFIERS = [
  // import x from "..."; import type { A } from "..."; export { a } from "..."; export * from "..."
  /(?:^|[;\n])\s*(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\}|[\w$]+)\s+from\s*["']([^"']+)["']/g,
  // import "./side-effect.ts"
  /(?:^|[;\n])\s*import\s*["']([^"']+)["']/g,
  // await import("../ui/server.ts")
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
];

function parse(abs: string): SourceFile {
  const text = readFileSync(abs, "utf8");
  const code = stripComments(text);
  const imports = new Set<string>();
  const packages = new Set<string>();
  for (const re of SPECIFIERS) {
    for (const m of code.matchAll(re)) {
      const spec = m[1]!;
      if (!spec.startsWith(".")) {
        packages.add(spec);
        continue;
      }
      const target = relative(ROOT, resolve(dirname(abs), spec));
      if (target.startsWith("src/") && target.endsWith(".ts")) imports.add(target);
    }
  }
  return { path: relative(ROOT, abs), text, code, imports: [...imports].sort(), packages: [...packages].sort() };
}

const FILES = listTs(SRC)
  .map(parse)
  .sort((a, b) => a.path.localeCompare(b.path));
const BY_PATH = new Map(FILES.map((f) => [f.path, f]));

/** The top-level part of src/ a file belongs to: its folder (`hooks`), or the file itself at the top (`claude.ts`). */
const area = (path: string) => path.split("/")[1]!;

/** Strongly connected components with more than one member (or a member importing itself): the cycles. */
function cycles(nodes: string[], edges: (n: string) => string[]): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || edges(v).includes(v)) out.push(scc.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out;
}

/** Each cycle as the imports that close it: `a.ts -> b.ts` for every edge inside the component. */
function describeCycles(sccs: string[][], edges: (n: string) => string[], why: (from: string, to: string) => string = () => ""): string[] {
  return sccs.map((scc) => {
    const inside = new Set(scc);
    const lines = scc.flatMap((n) =>
      edges(n)
        .filter((m) => inside.has(m))
        .map((m) => `  ${n} -> ${m}${why(n, m)}`),
    );
    return `cycle among ${scc.join(", ")}:\n${lines.join("\n")}`;
  });
}

describe("architecture of src/", () => {
  test("the import parser sees the graph (sanity)", () => {
    expect(FILES.length).toBeGreaterThan(50);
    expect(BY_PATH.get("src/hooks/run.ts")?.imports).toContain("src/hooks/input.ts");
    expect(BY_PATH.get("src/main.ts")?.imports).toContain("src/cli/main.ts"); // a dynamic import()
    expect(BY_PATH.get("src/context/write.ts")?.packages).toContain("node:fs");
    for (const f of FILES) for (const i of f.imports) expect(BY_PATH.has(i) ? i : `${f.path} imports a missing ${i}`).toBe(i);
  });

  test("no import cycle between files", () => {
    const edges = (n: string) => BY_PATH.get(n)?.imports ?? [];
    expect(describeCycles(cycles([...BY_PATH.keys()], edges), edges)).toEqual([]);
  });

  test("no import cycle between top-level folders", () => {
    const areaEdges = new Map<string, Map<string, string[]>>();
    for (const f of FILES) {
      for (const i of f.imports) {
        if (area(i) === area(f.path)) continue;
        const to = areaEdges.get(area(f.path)) ?? new Map<string, string[]>();
        areaEdges.set(area(f.path), to);
        to.set(area(i), [...(to.get(area(i)) ?? []), `${f.path} -> ${i}`]);
      }
    }
    const edges = (a: string) => [...(areaEdges.get(a)?.keys() ?? [])].sort();
    const why = (a: string, b: string) => ` (${areaEdges.get(a)!.get(b)!.join("; ")})`;
    expect(describeCycles(cycles([...new Set(FILES.map((f) => area(f.path)))].sort(), edges), edges, why)).toEqual([]);
  });

  test("hooks/ and backfill/ never import each other (both stand on ingest/)", () => {
    const crossing = FILES.flatMap((f) =>
      f.imports
        .filter((i) => (area(f.path) === "hooks" && area(i) === "backfill") || (area(f.path) === "backfill" && area(i) === "hooks"))
        .map((i) => `${f.path} -> ${i}`),
    );
    expect(crossing).toEqual([]);
  });

  test(`no file over ${MAX_LINES} lines`, () => {
    const long = FILES.map((f) => ({ path: f.path, lines: f.text.split("\n").length - (f.text.endsWith("\n") ? 1 : 0) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.path}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });

  test("extract/ and context/ (but context/write.ts) use no fs, SQLite or process: pure functions in the middle", () => {
    const forbidden = /^(?:node:)?(?:fs|fs\/promises|process|child_process)$|^bun:sqlite$/;
    const pure = FILES.filter((f) => ["extract", "context"].includes(area(f.path)) && f.path !== "src/context/write.ts");
    expect(pure.length).toBeGreaterThan(5);
    const impure = pure.flatMap((f) => [
      ...f.packages.filter((p) => forbidden.test(p)).map((p) => `${f.path} imports ${p}`),
      ...(/(?<![\w$.])process\s*\./.test(f.code) ? [`${f.path} uses the global process`] : []),
      ...(/\bBun\.(?:file|write|spawn|spawnSync)\b/.test(f.code) ? [`${f.path} does I/O through Bun`] : []),
    ]);
    expect(impure).toEqual([]);
  });

  test("Claude Code's hook event names are written in src/claude.ts only", () => {
    const names = Object.values(HOOKS).map((h) => h.event);
    const literal = new RegExp(String.raw`(["'\x60])(${names.join("|")})\1`, "g");
    const restated = FILES.filter((f) => f.path !== "src/claude.ts").flatMap((f) =>
      [...f.code.matchAll(literal)].map((m) => `${f.path}:${f.code.slice(0, m.index).split("\n").length}: ${m[0]}`),
    );
    expect(restated).toEqual([]);
  });

  test("paths into Claude Code's folder are built in src/claude.ts only", () => {
    // A `".claude"` path segment (messages may still name `~/.claude/settings.json` for the user).
    const built = FILES.filter((f) => f.path !== "src/claude.ts" && /(["'`])\.claude\1/.test(f.code)).map((f) => f.path);
    expect(built).toEqual([]);
  });
});
