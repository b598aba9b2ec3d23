// Synthetic transcripts with the line mix of real Claude Code sessions: user turns,
// one assistant line per content block, tool results, and the bulky bookkeeping
// lines (attachments, API request dumps) that dominate real files by size.
import { openSync, writeSync, closeSync } from "node:fs";

const WORDS = "session store hook cursor transcript parser config timeout retry cache index schema migration endpoint handler middleware token bucket queue worker build test lint release deploy branch commit review refactor module function class interface".split(" ");

function words(n: number, seed: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += (i ? " " : "") + WORDS[(seed * 31 + i * 17) % WORDS.length];
  return s;
}

export interface GenOptions {
  sessionId: string;
  cwd: string;
}

/** One conversational turn (about 8-20 KB of JSONL, like a real tool-using turn). */
export function turnLines(turn: number, o: GenOptions): string[] {
  const base = { sessionId: o.sessionId, cwd: o.cwd, gitBranch: "main", version: "2.1.330", userType: "external", isSidechain: false };
  const ts = new Date(Date.UTC(2026, 10, 1) + turn * 60_000).toISOString();
  const id = (k: string) => `${k}-${turn}-${o.sessionId.slice(0, 8)}`;
  const file = `${o.cwd}/src/${WORDS[turn % WORDS.length]}/${WORDS[(turn * 7) % WORDS.length]}.ts`;
  return [
    JSON.stringify({ ...base, type: "user", uuid: id("u"), parentUuid: null, timestamp: ts, message: { role: "user", content: `please ${words(25, turn)} in ${file}` } }),
    JSON.stringify({ ...base, type: "attachment", uuid: id("at"), timestamp: ts, attachment: { type: "hook_additional_context", content: [words(400, turn)] } }),
    JSON.stringify({ ...base, type: "assistant", uuid: id("a1"), timestamp: ts, requestId: id("r"), message: { id: id("m"), role: "assistant", model: "claude", content: [{ type: "text", text: `I'll look at ${file} first. ${words(40, turn + 1)}` }], usage: { input_tokens: 100, output_tokens: 20 } } }),
    JSON.stringify({ ...base, type: "assistant", uuid: id("a2"), timestamp: ts, requestId: id("r"), message: { id: id("m"), role: "assistant", model: "claude", content: [{ type: "tool_use", id: id("t1"), name: "Read", input: { file_path: file } }] } }),
    JSON.stringify({ ...base, type: "user", uuid: id("tr1"), timestamp: ts, message: { role: "user", content: [{ type: "tool_result", tool_use_id: id("t1"), content: words(900, turn + 2) }] }, toolUseResult: { type: "text", file: { filePath: file, content: words(900, turn + 2) } } }),
    JSON.stringify({ ...base, type: "assistant", uuid: id("a3"), timestamp: ts, requestId: id("r2"), message: { id: id("m2"), role: "assistant", model: "claude", content: [{ type: "tool_use", id: id("t2"), name: "Edit", input: { file_path: file, old_string: words(30, turn), new_string: words(35, turn + 3) } }] } }),
    JSON.stringify({ ...base, type: "user", uuid: id("tr2"), timestamp: ts, message: { role: "user", content: [{ type: "tool_result", tool_use_id: id("t2"), content: "The file has been updated." }] } }),
    JSON.stringify({ type: "api-request-blob", sessionId: o.sessionId, hash: id("h"), message: { role: "user", content: [{ type: "text", text: words(1200, turn + 4) }] } }),
    JSON.stringify({ ...base, type: "assistant", uuid: id("a4"), timestamp: ts, requestId: id("r3"), message: { id: id("m3"), role: "assistant", model: "claude", content: [{ type: "text", text: `Changed the ${WORDS[turn % WORDS.length]} timeout from ${turn % 10}s to ${(turn % 10) + 5}s in ${file}. ${words(30, turn + 5)}` }] } }),
    JSON.stringify({ ...base, type: "system", subtype: "stop_hook_summary", uuid: id("s"), timestamp: ts, hookCount: 1, hookInfos: [], hookErrors: [] }),
  ];
}

/** Write a transcript of at least `bytes`; returns the number of turns written. */
export function writeTranscript(path: string, bytes: number, o: GenOptions): number {
  const fd = openSync(path, "w", 0o600);
  let written = 0;
  let turn = 0;
  try {
    while (written < bytes) {
      const chunk = turnLines(turn++, o).join("\n") + "\n";
      written += writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return turn;
}
