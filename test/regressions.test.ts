// Inputs that once took seconds to minutes (found by scripts/stress.ts's fuzzer):
// each must now be handled in linear time. The bounds are 10-100x the expected time,
// so they catch a quadratic comeback, not a slow machine.
import { expect, test } from "bun:test";
import { inertLine } from "../src/context/sanitize.ts";
import { extractDecisions } from "../src/extract/decisions.ts";
import { applyEntry, emptyState, summaryBody } from "../src/extract/state.ts";
import { parseLine } from "../src/transcript/entries.ts";
import { findProject } from "../src/project.ts";
import { redactDefault } from "../src/privacy/redact.ts";

function fast(name: string, fn: () => unknown, maxMs = 500) {
  test(name, () => {
    const t = performance.now();
    fn();
    expect(performance.now() - t).toBeLessThan(maxMs);
  });
}

fast("a file path of 100,000 spaces does not stall the context renderer (store poisoning)", () => inertLine(" ".repeat(100_000) + "\nx", 160));
fast("a 100 KB slash-separated 'sentence' is not scanned for decisions quadratically", () => extractDecisions("Fixed " + "a/".repeat(50_000)));
fast("a 100 KB dotted 'sentence' either", () => extractDecisions("Fixed " + "a.".repeat(50_000)));
fast("a 15 MB assistant text: decisions only from its end", () => {
  const state = emptyState();
  applyEntry(state, { kind: "assistant-text", text: "word ".repeat(3_000_000) + "\nFixed timeout in hooks/stop.py from 5s to 15s.", meta: { sidechain: false } }, redactDefault);
  expect(state.decisions).toEqual(["Fixed timeout in hooks/stop.py from 5s to 15s"]);
}, 3000);
fast("a compaction summary of 100,000 newlines", () => summaryBody("\n".repeat(100_000) + "x"));
fast("a prompt of 60,000 unclosed <system-reminder> tags", () => parseLine(JSON.stringify({ type: "user", message: { content: "<system-reminder>".repeat(60_000) } })));
fast("a 100 KB cwd is not walked up one directory at a time", () => findProject("/a".repeat(50_000)));
