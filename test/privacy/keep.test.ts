// The choke point (src/privacy/keep.ts) and what goes through it in the extraction state; the
// keyword prefilter; the Go RE2 -> JavaScript translation of the generated rules.
import { describe, expect, test } from "bun:test";
import { keepName, keepText } from "../../src/privacy/keep.ts";
import { redactDefault } from "../../src/privacy/redact.ts";
import { applyEntry, emptyState, LIMITS } from "../../src/extract/state.ts";
import { parseLine } from "../../src/transcript/entries.ts";
import { Lines } from "../support/transcript.ts";
import { countGroups, re2ToJs } from "../../scripts/lib/re2-to-js.ts";
import { mulberry32 } from "../support/random.ts";

const rand = mulberry32(7);
const AL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const rnd = (n: number) => Array.from({ length: n }, () => AL[Math.floor(rand() * AL.length)]).join("");
const gh = () => "gh" + "p_" + rnd(36);

/** No 8-character piece of `secret` (past its prefix) is in `out`. */
function noStub(out: string, secret: string, prefix = 4): boolean {
  for (let i = prefix; i + 8 <= secret.length; i++) if (out.includes(secret.slice(i, i + 8))) return false;
  return true;
}

describe("keepText: redact the whole text, then clip", () => {
  test("a token across the clip leaves no stub", () => {
    for (const at of [560, 590, 598, 600, 605]) {
      const token = gh();
      const text = "x ".repeat(at / 2) + token + " and more text after it";
      const out = keepText(text, redactDefault, 600);
      expect(out.length).toBeLessThanOrEqual(600);
      expect(noStub(out, token)).toBe(true);
    }
  });

  test("secrets before the clip shrink the text: a token that was past the old scan margin leaves no stub", () => {
    // 10 long tokens early (each becomes a marker 70 chars shorter), then one straddling where a `max + 512` prefix ended.
    const early = Array.from({ length: 10 }, () => "github_" + "pat_" + rnd(82));
    const late = gh();
    const head = early.join(" ") + " ";
    const text = head + "y".repeat(600 + 512 - head.length - 10) + late + " tail";
    const out = keepText(text, redactDefault, 600);
    for (const t of [...early, late]) expect(noStub(out, t)).toBe(true);
  });

  test("a huge text: the prefix redacted leaves its stub beyond the clip", () => {
    const token = gh();
    const text = "word ".repeat(400_000) + token;
    const out = keepText(text, redactDefault, 1200);
    expect(out.length).toBe(1200);
    expect(noStub(out, token)).toBe(true);
    const near = "word ".repeat(100) + token + " end";
    expect(keepText(near, redactDefault, 1200)).toContain("[REDACTED:github-token]");
  });

  test("<private> spans are dropped before anything else", () => {
    expect(keepText("a <private>ghp_secret stuff</private> b", redactDefault)).toBe("a [private] b");
    expect(keepText("a <private>never closed", redactDefault)).toBe("a [private]");
  });

  test("names: each path part is redacted on its own", () => {
    const token = gh();
    expect(keepName(`/home/me/${token}/notes.md`, redactDefault)).toBe("/home/me/[REDACTED:github-token]/notes.md");
    expect(keepName("feat/<private>secret-plan</private>", redactDefault)).toBe("feat/[private]");
    expect(keepName("/home/me/src/token_store.ts", redactDefault)).toBe("/home/me/src/token_store.ts");
  });
});

describe("every text the state keeps goes through the choke point", () => {
  test("<private> and secrets out of prompts, assistant text, decisions, todos, tasks, both summaries, branch and paths", () => {
    const token = gh();
    const p = (s: string) => `${s} <private>PRIV-${s}</private> ${token}`;
    const st = emptyState();
    // Claude Code writes the branch into every line.
    const line = new Lines({ gitBranch: `feat/${token}` });
    const lines = [
      line.user(p("prompt")),
      line.assistantText(`Changed the timeout in src/a.ts from 5s to 10s. ${p("assistant")}`),
      line.toolUse("TodoWrite", { todos: [{ content: p("todo"), status: "pending" }] }),
      line.toolUse("TaskCreate", { subject: p("task") }),
      line.toolUse("Write", { file_path: `/p/${token}/x.ts`, content: "" }),
      line.compactSummary(p("summary")),
    ];
    for (const l of lines) for (const e of parseLine(l)) applyEntry(st, e, redactDefault);
    const all = JSON.stringify(st);
    expect(all).not.toContain("PRIV-");
    expect(all).not.toContain(token);
    expect(st.requests[0]).toContain("[REDACTED:github-token]");
    expect(st.todos.map((t) => t.content).join()).toContain("[private]");
    expect(st.gitBranch).toBe("feat/[REDACTED:github-token]");
    expect(st.files[0]).toBe("/p/[REDACTED:github-token]/x.ts");
    expect(st.lastAssistant!.length).toBeLessThanOrEqual(LIMITS.assistantChars);
  });
});

describe("re2ToJs", () => {
  test("a mid-pattern (?i) applies to the end of its group", () => {
    const re = new RegExp(re2ToJs(String.raw`\b(p8e-(?i)[a-z0-9]{4})x`, 100));
    expect(re.test("p8e-AbC1x")).toBe(true);
    expect(re.test("P8E-abc1x")).toBe(false);
    expect(re.test("p8e-abc1X")).toBe(false);
  });

  test("names, \\z, POSIX classes, (?-i:) and bounds", () => {
    expect(re2ToJs("(?P<x>a)b\\z", 10)).toBe("(a)b$");
    expect(re2ToJs("[[:alnum:]]+", 10)).toBe("[A-Za-z0-9]{1,10}");
    expect(re2ToJs("a*?b{3,}", 10)).toBe("a{0,10}?b{3,12}");
    expect(new RegExp(re2ToJs("(?i)a(?-i:B)", 10)).test("Ab")).toBe(false);
    expect(new RegExp(re2ToJs("(?i)a(?-i:B)", 10)).test("AB")).toBe(true);
    expect(countGroups(re2ToJs("(?P<a>x)(?:y)(z)[(]", 10))).toBe(2);
  });
});
