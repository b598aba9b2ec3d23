// Hostile inputs for the hook fuzz of scripts/stress.ts: fixtures (odd transcript files
// and paths, built once) and per-input generators. Input i is generated from its own
// seeded stream, so the set of inputs is the same whatever order the pool runs them in.
import { appendFileSync, mkdirSync, openSync, closeSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { enc } from "./stress-util.ts";
import { claudeDir, HOOKS, isHookEvent } from "../../src/claude.ts";
import type { Rng } from "../../test/support/random.ts";
import type { Stdin } from "../../test/support/spawn.ts";
import { Lines, words } from "../../test/support/transcript.ts";

export const EVENTS = ["session-start", "stop", "pre-compact", "post-compact", "session-end"] as const;

/** A token in every name an escaping write could produce, to find one anywhere on disk. */
export const CANARY = "srcanary";

export interface Box {
  root: string;
  home: string;
  data: string;
  proj: string;
  tx: string;
}

export interface FuzzInput {
  cat: string;
  event: string;
  stdin: Stdin;
  /** Short description for failure reports. */
  desc: string;
}

export interface Fixture {
  name: string;
  path: string;
  /** Real user turns in it: a fresh session reading it must store exactly this many. */
  expected?: number;
}

// ---------------------------------------------------------------------------
// Fixtures

export interface Fixtures {
  byName: Map<string, Fixture>;
  /** Paths that are not transcripts at all (devices, dirs, the store itself...). */
  oddPaths: string[];
  growing: Grower;
  close(): void;
}

const LONG_LINE_BYTES = 50 * 1024 * 1024;

export function buildFixtures(box: Box, rng: Rng, opts: { longLines: boolean }): Fixtures {
  const byName = new Map<string, Fixture>();
  const tx = box.tx;
  const add = (name: string, path: string, expected?: number) => byName.set(name, { name, path, expected });
  const L = (id: string) => new Lines({ sessionId: id, cwd: box.proj });

  // Valid user turns interleaved with junk segments, each junk ending in "\n".
  const mixed = (name: string, junk: (i: number) => Uint8Array, n: number, opt: { bom?: boolean; crlf?: boolean } = {}) => {
    const lines = L(`fx-${name}`);
    const parts: Uint8Array[] = [];
    if (opt.bom) parts.push(new Uint8Array([0xef, 0xbb, 0xbf]));
    let expected = 0;
    for (let i = 0; i < n; i++) {
      parts.push(enc(lines.user(`${name} fixture request ${i}: ${words(8, i)}`) + (opt.crlf ? "\r\n" : "\n")));
      expected++;
      parts.push(junk(i));
      if (i % 3 === 0)
        parts.push(enc(lines.assistantText(`Changed the ${name} timeout from ${i}s to ${i + 5}s in src/${name}.ts.`) + (opt.crlf ? "\r\n" : "\n")));
    }
    const p = join(tx, `${name}.jsonl`);
    writeFileSync(p, Buffer.concat(parts));
    add(name, p, expected);
  };
  const nl = (b: Uint8Array) => Buffer.concat([b, enc("\n")]);

  mixed("random-bytes", () => nl(rng.bytes(rng.range(1, 3000))), 20);
  mixed(
    "invalid-utf8",
    (i) => {
      // Invalid sequences inside a JSON string of a user line, and bare.
      const bad = [
        new Uint8Array([0xff, 0xfe, 0xfd]),
        new Uint8Array([0xc3, 0x28]),
        new Uint8Array([0xe2, 0x82]),
        new Uint8Array([0xf0, 0x90, 0x80]),
        new Uint8Array([0xed, 0xa0, 0x80]),
      ][i % 5]!;
      return i % 2 ? nl(Buffer.concat([enc('{"type":"attachment","x":"'), bad, enc('"}')])) : nl(bad);
    },
    20,
  );
  // A user turn whose text has invalid UTF-8: decoded leniently, it still is a request.
  {
    const lines = L("fx-utf8-turn");
    const good = lines.user("PLACEHOLDER request with broken bytes");
    const [a, b] = good.split("PLACEHOLDER") as [string, string];
    const p = join(tx, "invalid-utf8-turn.jsonl");
    writeFileSync(p, Buffer.concat([enc(a), new Uint8Array([0xff, 0xc3, 0x28, 0xe2, 0x82]), enc(b + "\n"), enc(lines.user("and a clean one") + "\n")]));
    add("invalid-utf8-turn", p, 2);
  }
  mixed("bom", () => enc(""), 5, { bom: true });
  mixed("crlf", () => enc(""), 10, { crlf: true });
  mixed("nul", (i) => nl(new Uint8Array(rng.range(1, 500 + i))), 10);
  // A line that is only a NUL run with no newline at the end (a torn write): the turns before it count.
  {
    const lines = L("fx-nul-tail");
    const p = join(tx, "nul-tail.jsonl");
    writeFileSync(p, Buffer.concat([enc(lines.user("before the torn tail") + "\n"), new Uint8Array(4096)]));
    add("nul-tail", p, 1);
  }
  // Deep JSON inside transcript lines (not turns), turns around them.
  {
    const lines = L("fx-deep");
    const out: string[] = [];
    let expected = 0;
    for (const d of [10_000, 100_000]) {
      const deepArr = "[".repeat(d) + "]".repeat(d);
      const deepObj = '{"a":'.repeat(d) + "1" + "}".repeat(d);
      out.push(lines.user(`before depth ${d}`));
      expected++;
      out.push(`{"type":"user","message":{"role":"user","content":${deepArr}}}`);
      out.push(`{"type":"user","message":{"role":"user","content":"deep sibling"},"x":${deepObj}`); // truncated: invalid
      if (d === 10_000) {
        out.push(`{"type":"user","message":{"role":"user","content":"a real turn with a deep sibling field"},"x":${deepObj}}`);
        expected++;
      }
      out.push(
        `{"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"Write","input":{"file_path":"${box.proj}/deep.ts","deep":${deepArr}}}]}}`,
      );
      out.push(`{"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"TodoWrite","input":{"todos":${deepArr}}}]}}`);
      out.push(`{"type":"system","subtype":${deepObj}}`);
    }
    out.push(lines.user("after the deep lines"));
    expected++;
    const p = join(tx, "deep.jsonl");
    writeFileSync(p, out.join("\n") + "\n");
    add("deep", p, expected);
  }
  // Subagent transcripts that are not files: a FIFO, a directory, a link to /dev/zero.
  {
    const lines = L("fx-sub");
    const p = join(tx, "sub.jsonl");
    writeFileSync(p, [lines.user("main turn one"), lines.assistantText("ok"), lines.user("main turn two")].join("\n") + "\n");
    const sub = join(tx, "sub", "subagents");
    mkdirSync(sub, { recursive: true });
    mkfifo(join(sub, "agent-fifo.jsonl"));
    mkdirSync(join(sub, "agent-dir.jsonl"));
    symlinkSync("/dev/zero", join(sub, "agent-zero.jsonl"));
    symlinkSync(join(sub, "agent-loop.jsonl"), join(sub, "agent-loop.jsonl"));
    const sl = new Lines({ sessionId: "fx-sub", cwd: box.proj });
    writeFileSync(
      join(sub, "agent-ok.jsonl"),
      [sl.sidechainUser("subagent prompt (not a turn)"), sl.toolUse("Write", { file_path: join(box.proj, "from-subagent.ts"), content: "x" })].join("\n") +
        "\n",
    );
    add("sub", p, 2);
  }
  if (opts.longLines) {
    // One 50 MB line (over the 16 MB line cap: skipped), then a turn.
    const big = Buffer.alloc(LONG_LINE_BYTES, "x");
    const lines = L("fx-long50");
    const p = join(tx, "long50.jsonl");
    let fd = openSync(p, "w");
    writeSync(fd, lines.user("before the 50 MB line") + "\n");
    writeSync(fd, '{"type":"user","message":{"role":"user","content":"');
    writeSync(fd, big);
    writeSync(fd, '"}}\n');
    writeSync(fd, lines.user("after the 50 MB line") + "\n");
    closeSync(fd);
    add("long50", p, 2);
    // The same, still being written (no newline yet).
    const p2 = join(tx, "long50-open.jsonl");
    fd = openSync(p2, "w");
    writeSync(fd, new Lines({ sessionId: "fx-long50o", cwd: box.proj }).user("before the unterminated 50 MB line") + "\n");
    writeSync(fd, '{"type":"user","message":{"role":"user","content":"');
    writeSync(fd, big);
    closeSync(fd);
    add("long50-open", p2, 1);
    // 15 MB user prompt (under the cap: a real turn) and a 15 MB assistant text (prose).
    const l15 = new Lines({ sessionId: "fx-long15", cwd: box.proj });
    const p3 = join(tx, "long15.jsonl");
    fd = openSync(p3, "w");
    writeSync(fd, l15.user("15MB:" + "lorem ipsum dolor sit amet ".repeat(Math.floor((15 << 20) / 27))) + "\n");
    writeSync(fd, l15.assistantText("I changed the timeout. ".repeat(Math.floor((15 << 20) / 23))) + "\n");
    writeSync(fd, l15.user("after the 15 MB lines") + "\n");
    closeSync(fd);
    add("long15", p3, 2);
  }
  // Odd things at a transcript path.
  const dir = join(tx, "a-directory.jsonl");
  mkdirSync(dir);
  add("directory", dir);
  const fifo = join(tx, "fifo.jsonl");
  mkfifo(fifo);
  add("fifo", fifo);
  const zeroLink = join(tx, "zero-link.jsonl");
  symlinkSync("/dev/zero", zeroLink);
  add("zero-link", zeroLink);
  const loop = join(tx, "loop.jsonl");
  symlinkSync(loop, loop);
  const dirLink = join(tx, "dir-link.jsonl");
  symlinkSync(dir, dirLink);
  const empty = join(tx, "empty.jsonl");
  writeFileSync(empty, "");
  add("empty", empty, 0);

  const growing = new Grower(join(tx, "growing.jsonl"), box.proj, rng.fork("grower"));
  add("growing", growing.path);

  const oddPaths = [
    dir,
    dir + "/",
    fifo,
    zeroLink,
    loop,
    dirLink,
    empty,
    "/dev/null",
    "/dev/zero",
    "/dev/urandom",
    "/dev/full",
    "/dev/stdin",
    "/dev/stdout",
    "/dev/tty",
    "/proc/self/fd/0",
    "/proc/self/status",
    "/proc/self/mem",
    "/",
    "",
    ".",
    "..",
    "x.jsonl",
    "~/.claude/x.jsonl",
    "relative/dir/x.jsonl",
    join(tx, "missing.jsonl"),
    join(tx, "no-such-dir", "x.jsonl"),
    join(box.data, "sessions.db"),
    join(box.data, "sessions.db-wal"),
    join(box.data, "sessions.db-shm"),
    join(box.data, "logs", "session-recorder.log"),
    join(box.data, "sessions"),
    join(claudeDir(box.home), "context", "last-session.md"),
    join(tx, "x".repeat(300) + ".jsonl"),
    "/" + "a/".repeat(3000) + "x.jsonl",
    join(tx, "nl\nin-name.jsonl"),
    join(tx, "nul\u0000in-name.jsonl"),
  ];
  return {
    byName,
    oddPaths,
    growing,
    close: () => growing.stop(),
  };
}

function mkfifo(path: string): void {
  const r = Bun.spawnSync(["mkfifo", path]);
  if (r.exitCode !== 0) throw new Error(`mkfifo ${path} failed: ${r.stderr}`);
}

/**
 * A transcript appended to while hooks read it: every few ms a line, sometimes in two
 * writes (a torn last line for a moment), with real turns and other lines mixed.
 */
export class Grower {
  turns = 0;
  lines = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private pendingTail: string | null = null;
  private l: Lines;
  constructor(
    readonly path: string,
    cwd: string,
    private rng: Rng,
  ) {
    this.l = new Lines({ sessionId: "fx-growing", cwd });
    writeFileSync(path, this.l.user("first turn of the growing transcript") + "\n");
    this.turns = 1;
  }
  start(): void {
    this.timer = setInterval(() => this.tick(), 3);
  }
  private tick(): void {
    if (this.pendingTail !== null) {
      appendFileSync(this.path, this.pendingTail);
      this.pendingTail = null;
      return;
    }
    const r = this.rng;
    const kind = r.int(10);
    let line: string;
    if (kind < 3) {
      line = this.l.user(`growing turn ${this.turns}: ${words(12, this.turns)}`);
      this.turns++;
    } else if (kind < 6)
      line = this.l.assistantText(`Updated src/grow${this.lines % 7}.ts to raise the limit from ${this.lines % 9} to ${(this.lines % 9) + 1}.`);
    else if (kind < 8) line = this.l.toolResult(words(40, this.lines));
    else line = this.l.attachment(words(60, this.lines));
    this.lines++;
    const text = line + "\n";
    if (r.chance(0.3)) {
      const cut = r.range(1, text.length - 1);
      appendFileSync(this.path, text.slice(0, cut));
      this.pendingTail = text.slice(cut);
    } else appendFileSync(this.path, text);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.pendingTail !== null) appendFileSync(this.path, this.pendingTail);
    this.pendingTail = null;
  }
}

// ---------------------------------------------------------------------------
// Generators

export interface GenCtx {
  box: Box;
  fx: Fixtures;
  /** Big random printable text, sliced for huge strings (built once). */
  bigAscii: string;
  quick: boolean;
  tag: string;
}

type Json = Record<string, unknown>;

function validInput(rng: Rng, ctx: GenCtx, event: string, sessionId: string, transcript: string): Json {
  const input: Json = {
    session_id: sessionId,
    transcript_path: transcript,
    cwd: ctx.box.proj,
    hook_event_name: isHookEvent(event) ? HOOKS[event].event : event,
    prompt_id: `p-${rng.u32()}`,
  };
  switch (event) {
    case "session-start":
      input.source = rng.pick(["startup", "resume", "clear", "compact", "fork"]);
      if (input.source === "compact") input.model = "claude-opus";
      break;
    case "stop":
      input.stop_hook_active = rng.chance(0.1);
      input.last_assistant_message = rng.chance(0.8) ? `Changed the retry limit from ${rng.int(9)} to ${rng.int(9) + 1} in src/retry.ts.` : "";
      break;
    case "pre-compact":
      input.trigger = rng.pick(["manual", "auto"]);
      input.custom_instructions = rng.chance(0.5) ? null : "focus on the parser";
      break;
    case "post-compact":
      input.trigger = rng.pick(["manual", "auto"]);
      input.compact_summary = `<summary>The user works on ${words(6, rng.int(100))}.</summary>`;
      break;
    case "session-end":
      input.reason = rng.pick(["clear", "other", "logout", "prompt_input_exit"]);
      break;
  }
  return input;
}

/** A small transcript for one input, with real turns and noise. */
function smallTranscript(rng: Rng, ctx: GenCtx, name: string, sessionId: string): string {
  const l = new Lines({ sessionId, cwd: ctx.box.proj });
  const out: string[] = [];
  const n = rng.range(1, 12);
  for (let i = 0; i < n; i++) {
    out.push(l.user(`request ${i}: ${words(10, rng.int(1000))}`));
    if (rng.chance(0.6)) out.push(l.assistantText(`Changed the cache size from ${i} to ${i + 1} MB in src/cache.ts.`));
    if (rng.chance(0.4)) out.push(l.toolUse("Write", { file_path: join(ctx.box.proj, `src/f${i}.ts`), content: "x" }), l.toolResult("ok"));
    if (rng.chance(0.2)) out.push(l.toolUse("TodoWrite", { todos: [{ content: "do it", status: "in_progress", activeForm: "doing" }] }));
  }
  const p = join(ctx.box.tx, `${name}.jsonl`);
  writeFileSync(p, out.join("\n") + "\n");
  return p;
}

const WRONG_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  [],
  [""],
  ["a", 1],
  {},
  { a: 1 },
  { session_id: "x" },
  "",
  " ",
  "\u0000",
  "\n",
  "null",
  "[]",
  "{}",
  "../..",
  "\ud800",
];
const FIELDS = [
  "session_id",
  "transcript_path",
  "cwd",
  "hook_event_name",
  "source",
  "trigger",
  "reason",
  "compact_summary",
  "last_assistant_message",
  "custom_instructions",
  "prompt_id",
  "stop_hook_active",
  "model",
];

const SESSION_ID_ATTACKS: string[] = [
  `../../${CANARY}-a`,
  `../../../../../../../../../../../../${CANARY}-b`,
  `../${CANARY}-c`,
  `a/${CANARY}-d`,
  `${CANARY}/../../e`,
  `/tmp/${CANARY}-f`,
  `./${CANARY}-g`,
  ".",
  "..",
  "...",
  "",
  " ",
  "\t",
  "\n",
  `${CANARY}\n`,
  `${CANARY}\u0000x`,
  `\u0000`,
  `${CANARY}\\..\\..\\h`,
  `%2e%2e%2f${CANARY}`,
  `..%2f${CANARY}`,
  "-rf",
  "--help",
  ".hidden",
  "_x",
  "a".repeat(129),
  `${CANARY}-` + "a".repeat(10 * 1024),
  "é",
  "セッション",
  "😀",
  `${CANARY}😀`,
  "ａｂｃ",
  "a\u202eb",
  "a b",
  "CON",
  "NUL",
  "aux.json",
  "x.json",
  `${CANARY}*`,
  `${CANARY}?`,
  `${CANARY}|x`,
  `${CANARY}$(id)`,
  `${CANARY};rm`,
];

/** Hostile text shapes that stress regexes (backtracking) and path walking, about `n` chars each. */
export const REGEX_SHAPES: { name: string; make: (n: number) => string }[] = [
  { name: "a.a.a", make: (n) => "a.".repeat(n / 2) },
  { name: "a/a/a", make: (n) => "a/".repeat(n / 2) },
  { name: "a-a-a", make: (n) => "a-".repeat(n / 2) },
  { name: "/a/a (path)", make: (n) => "/a".repeat(n / 2) },
  { name: "<system-reminder> unclosed", make: (n) => "<system-reminder>".repeat(n / 17) },
  { name: "<private> unclosed", make: (n) => "<private>".repeat(n / 9) },
  { name: "quotes", make: (n) => '"'.repeat(n) },
  { name: "backslashes", make: (n) => "\\".repeat(n) },
  { name: "a:b@", make: (n) => "a:b@".repeat(n / 4) },
  { name: "ab://", make: (n) => "ab://".repeat(n / 5) },
  { name: "password=", make: (n) => "password=".repeat(n / 9) },
  { name: "BEGIN PRIVATE KEY", make: (n) => "-----BEGIN RSA PRIVATE KEY-----\n".repeat(n / 32) },
  { name: "spaces", make: (n) => " ".repeat(n) + "x" },
  { name: "newlines", make: (n) => "\n".repeat(n) },
  { name: "sentences", make: (n) => "Fixed it. ".repeat(n / 10) },
  { name: "from..to", make: (n) => "from ".repeat(n / 5) + "to" },
];

export const REGEX_FIELDS = [
  "line:user-text",
  "line:user-block",
  "line:assistant-text",
  "line:bash-command",
  "line:todo-content",
  "line:task-subject",
  "line:write-path",
  "line:compact-summary",
  "line:cwd",
  "line:git-branch",
  "input:last_assistant_message",
  "input:compact_summary",
  "input:cwd",
  "input:transcript_path",
  "input:custom_instructions",
  "input:source",
  "input:prompt_id",
] as const;

const EVENT_FOR_FIELD: Record<string, string> = {
  "input:last_assistant_message": "stop",
  "input:compact_summary": "post-compact",
  "input:custom_instructions": "pre-compact",
  "input:source": "session-start",
};

/** Transcript fields that also get a 1M-char version: real lines carry MBs there (pasted logs, scripts). */
const REGEX_FIELDS_BIG = ["line:user-text", "line:user-block", "line:bash-command"];

export interface RegexCombo {
  field: string;
  shape: string;
  chars: number;
}

export function regexCombos(): RegexCombo[] {
  const out: RegexCombo[] = [];
  for (const field of REGEX_FIELDS) for (const s of REGEX_SHAPES) out.push({ field, shape: s.name, chars: 100_000 });
  for (const field of REGEX_FIELDS_BIG) for (const s of REGEX_SHAPES) out.push({ field, shape: s.name, chars: 1_000_000 });
  return out;
}

function regexInput(rng: Rng, ctx: GenCtx, i: number, combo: RegexCombo): FuzzInput {
  const shape = REGEX_SHAPES.find((s) => s.name === combo.shape)!;
  const raw = shape.make(combo.chars);
  // Decision extraction only looks further at sentences with a verb.
  const text = /assistant|last_assistant/.test(combo.field) ? "Fixed " + raw : raw;
  const sid = `fz-${ctx.tag}-rx${i}`;
  const event = EVENT_FOR_FIELD[combo.field] ?? rng.pick(["stop", "pre-compact", "session-end", "stop"]);
  let transcript = smallTranscript(rng, ctx, `rx-${i}`, sid);
  const input = validInput(rng, ctx, event, sid, transcript);
  if (combo.field.startsWith("line:")) {
    const l = new Lines({ sessionId: sid, cwd: ctx.box.proj });
    let line: string;
    switch (combo.field) {
      case "line:user-text":
        line = l.user(text);
        break;
      case "line:user-block":
        line = l.userBlocks(text);
        break;
      case "line:assistant-text":
        line = l.assistantText(text);
        break;
      case "line:bash-command":
        line = l.toolUse("Bash", { command: text });
        break;
      case "line:todo-content":
        line = l.toolUse("TodoWrite", { todos: [{ content: text, status: "pending", activeForm: "x" }] });
        break;
      case "line:task-subject":
        line = l.toolUse("TaskCreate", { subject: text, description: text });
        break;
      case "line:write-path":
        line = l.toolUse("Write", { file_path: text, content: "x" });
        break;
      case "line:compact-summary":
        line = l.compactSummary(text);
        break;
      case "line:cwd":
        line = JSON.stringify({ ...JSON.parse(l.user("hello")), cwd: text });
        delete input.cwd;
        break;
      default:
        line = JSON.stringify({ ...JSON.parse(l.user("hello")), gitBranch: text });
        break;
    }
    transcript = join(ctx.box.tx, `rx-${i}.jsonl`);
    appendFileSync(transcript, line + "\n");
  } else {
    input[combo.field.slice("input:".length)] = text;
  }
  return { cat: "regex-dos", event, stdin: enc(JSON.stringify(input)), desc: `${combo.field} = ${combo.shape} x${combo.chars / 1000}K chars (${event})` };
}

/** Mutate a parsed transcript line: wrong types, removed fields, huge or deep values. */
function mutateLine(rng: Rng, line: string): string {
  let obj: any;
  try {
    obj = JSON.parse(line);
  } catch {
    return line;
  }
  // Cloned: WRONG_VALUES is shared, and a later mutation may write into what this returns.
  const hostile = (): unknown =>
    structuredClone(
      rng.weighted<() => unknown>([
        [3, () => rng.pick(WRONG_VALUES)],
        [1, () => "x".repeat(rng.range(1000, 200_000))],
        [1, () => JSON.parse("[".repeat(2000) + "]".repeat(2000))],
        [
          1,
          () => ({
            type: rng.pick(["text", "tool_use", "tool_result", "thinking", "image"]),
            text: rng.pick(WRONG_VALUES),
            name: rng.pick(["Write", "Edit", "Bash", "TodoWrite", "TaskUpdate", "TaskCreate", "MultiEdit", "NotebookEdit"]),
            input: rng.pick(WRONG_VALUES),
          }),
        ],
        [1, () => rng.pick(["user", "assistant", "system", "summary", "attachment", "compact_boundary"])],
      ])(),
    );
  const n = rng.range(1, 3);
  for (let k = 0; k < n; k++) {
    // Walk to a random object inside and change one key.
    let target: any = obj;
    for (let depth = 0; depth < 4; depth++) {
      const kids = Object.keys(target).filter((key) => target[key] && typeof target[key] === "object");
      if (!kids.length || rng.chance(0.35)) break;
      target = target[rng.pick(kids)];
    }
    const keys = Object.keys(target);
    const key =
      keys.length && rng.chance(0.8)
        ? rng.pick(keys)
        : rng.pick([
            "type",
            "message",
            "content",
            "isMeta",
            "isSidechain",
            "isCompactSummary",
            "subtype",
            "cwd",
            "timestamp",
            "todos",
            "input",
            "name",
            "file_path",
            "command",
          ]);
    if (rng.chance(0.15)) delete target[key];
    else target[key] = hostile();
  }
  return JSON.stringify(obj);
}

function transcriptContentInput(rng: Rng, ctx: GenCtx, i: number): FuzzInput {
  const sid = `fz-${ctx.tag}-tc${i}`;
  const l = new Lines({ sessionId: sid, cwd: ctx.box.proj });
  const out: string[] = [];
  const n = rng.range(3, 30);
  for (let k = 0; k < n; k++) {
    const base = rng.weighted<() => string>([
      [4, () => l.user(`turn ${k}: ${words(8, k)}`)],
      [1, () => l.userBlocks(`turn ${k} in blocks`)],
      [3, () => l.assistantText(`Switched the queue from ${k} to ${k + 1} workers in src/q.ts.`)],
      [
        2,
        () =>
          l.toolUse(rng.pick(["Write", "Edit", "MultiEdit"]), {
            file_path: rng.pick([join(ctx.box.proj, `src/${k}.ts`), `rel/${k}.ts`, "", "/", "\u0000"]),
            content: "x",
          }),
      ],
      [1, () => l.toolUse("NotebookEdit", { notebook_path: `nb${k}.ipynb` })],
      [
        1,
        () =>
          l.toolUse("Bash", {
            command: rng.pick(["echo hi > out.txt", "touch a b c", "cp x y", "sed -i s/a/b/ f.txt", "cat <<EOF > f\nEOF", `tee ${"t ".repeat(500)}`]),
          }),
      ],
      [
        1,
        () =>
          l.toolUse("TodoWrite", {
            todos: [
              { content: "a", status: "completed" },
              { content: "b", status: "bogus" },
            ],
          }),
      ],
      [1, () => l.toolUse("TaskCreate", { subject: `task ${k}` })],
      [1, () => l.toolUse("TaskUpdate", { taskId: rng.pick(["1", 1, -1, "x", 1e9]), status: "completed" })],
      [2, () => l.toolResult(words(30, k))],
      [1, () => l.meta("caveat")],
      [1, () => l.command("compact")],
      [1, () => l.compactBoundary()],
      [1, () => l.compactSummary(`summary ${k}`)],
      [1, () => l.sidechainUser("sub prompt")],
      [1, () => l.attachment(words(50, k))],
    ])();
    const kind = rng.int(20);
    if (kind < 9) out.push(mutateLine(rng, base));
    else if (kind < 11)
      out.push(base.slice(0, rng.int(base.length))); // torn line
    else if (kind === 11)
      out.push(new TextDecoder().decode(rng.bytes(rng.range(1, 200)))); // junk
    else if (kind === 12) out.push("", "   ", "\r");
    else if (kind === 13) out.push(base + "\r");
    else if (kind === 14) out.push("\ufeff" + base);
    else out.push(base);
  }
  const p = join(ctx.box.tx, `tc-${i}.jsonl`);
  writeFileSync(p, out.join("\n") + (rng.chance(0.8) ? "\n" : ""));
  const event = rng.pick(EVENTS);
  return {
    cat: "transcript-content",
    event,
    stdin: enc(JSON.stringify(validInput(rng, ctx, event, sid, p))),
    desc: `mutated transcript tc-${i}.jsonl (${event})`,
  };
}

function hugeString(rng: Rng, ctx: GenCtx, size: number): { s: string; shape: string } {
  const shape = rng.pick(["ascii", "repeat-x", "unicode", "newlines", "escapes", "words"]);
  let s: string;
  switch (shape) {
    case "ascii": {
      const start = rng.int(Math.max(1, ctx.bigAscii.length - size));
      s = ctx.bigAscii.length >= size ? ctx.bigAscii.slice(start, start + size) : ctx.bigAscii.repeat(Math.ceil(size / ctx.bigAscii.length)).slice(0, size);
      break;
    }
    case "repeat-x":
      s = "x".repeat(size);
      break;
    case "unicode":
      s = "é世😀\u200b\ufeff".repeat(Math.ceil(size / 6)).slice(0, size);
      break;
    case "newlines":
      s = "line\n".repeat(Math.ceil(size / 5)).slice(0, size);
      break;
    case "escapes":
      s = '\u0000"\\\t\u001f'.repeat(Math.ceil(size / 5)).slice(0, size);
      break;
    default:
      s = (words(200, rng.int(50)) + ". ").repeat(Math.ceil(size / 1400)).slice(0, size);
      break;
  }
  return { s, shape };
}

export interface GenPlan {
  /** Indices (within huge-string) that get a 20 MB string: slow, so a few only. */
  giant: Set<number>;
  /** Regex combos in a seeded order; the k-th regex-dos input takes combo k. */
  regexCombos: RegexCombo[];
}

/** Input `i` overall, the `k`-th of its category. */
export function generate(cat: string, i: number, k: number, rng: Rng, ctx: GenCtx, plan: GenPlan): FuzzInput {
  const fresh = () => `fz-${ctx.tag}-${i}`;
  const event = rng.pick(EVENTS);
  const anyValid = () => {
    const sid = fresh();
    const path = rng.chance(0.5) ? smallTranscript(rng, ctx, `v-${i}`, sid) : ctx.fx.byName.get(rng.pick(["bom", "crlf", "sub", "deep", "random-bytes"]))!.path;
    return validInput(rng, ctx, event, sid, path);
  };
  switch (cat) {
    case "random-bytes": {
      const kind = rng.weighted<string>([
        [1, "empty"],
        [3, "tiny"],
        [4, "small"],
        [2, "medium"],
        [0.05, "1MB"],
        [3, "ascii"],
        [3, "token-soup"],
      ]);
      let bytes: Uint8Array;
      if (kind === "empty") bytes = new Uint8Array(0);
      else if (kind === "tiny") bytes = rng.bytes(rng.range(1, 16));
      else if (kind === "small") bytes = rng.bytes(rng.range(17, 1024));
      else if (kind === "medium") bytes = rng.bytes(rng.range(1025, 65536));
      else if (kind === "1MB") bytes = rng.bytes(1 << 20);
      else if (kind === "ascii") bytes = enc(ctx.bigAscii.slice(0, rng.range(1, 4096)));
      else {
        const toks = [
          "{",
          "}",
          "[",
          "]",
          ":",
          ",",
          '"session_id"',
          '"transcript_path"',
          '"cwd"',
          `"fz-${ctx.tag}-${i}"`,
          "null",
          "true",
          "0",
          "-1e999",
          '"\\u0000"',
          '"\\ud800"',
          " ",
          "\n",
          '"',
          "\\",
        ];
        let s = "";
        for (let k = rng.range(1, 200); k > 0; k--) s += rng.pick(toks);
        bytes = enc(s);
      }
      return { cat, event, stdin: rng.chance(0.03) ? "ignore" : bytes, desc: `random stdin (${kind}, ${bytes.length} bytes)` };
    }
    case "truncated-json": {
      const s = JSON.stringify(anyValid());
      const kind = rng.int(10);
      let out: string;
      if (kind < 7) out = s.slice(0, rng.int(s.length));
      else if (kind === 7) out = s + rng.pick(["x", "}", ",", "\u0000", "{}", s]);
      else if (kind === 8) out = s + "\n" + s;
      else out = s.slice(0, -1);
      return { cat, event, stdin: enc(out), desc: `truncated/garbled JSON (${out.length} of ${s.length} chars)` };
    }
    case "wrong-types": {
      const kind = rng.int(12);
      if (kind === 0) {
        const root = rng.pick(["[]", "1", '"str"', "null", "true", "[{}]", '[{"session_id":"a"}]', "{}", '{"":""}']);
        return { cat, event, stdin: enc(root), desc: `root is ${root}` };
      }
      if (kind === 1) {
        const sid = fresh();
        const raw = rng.pick([
          `{"session_id":"${sid}","session_id":5}`,
          `{"session_id":5,"session_id":"${sid}","cwd":"${ctx.box.proj}"}`,
          `{"__proto__":{"session_id":"${sid}"}}`,
          `{"session_id":"${sid}","__proto__":{"transcript_path":"/dev/zero","cwd":"/"},"constructor":{"prototype":{"polluted":1}}}`,
          `{"session_id":"${sid}","transcript_path":{"toString":"x"},"cwd":["${ctx.box.proj}"]}`,
        ]);
        return { cat, event, stdin: enc(raw), desc: `odd keys: ${raw.slice(0, 80)}` };
      }
      const input = anyValid();
      const n = rng.range(1, 3);
      const changed: string[] = [];
      for (let k = 0; k < n; k++) {
        const f = rng.pick(FIELDS);
        input[f] = structuredClone(rng.pick(WRONG_VALUES));
        changed.push(`${f}=${JSON.stringify(input[f])}`);
      }
      if (rng.chance(0.1)) input.hook_event_name = rng.pick([HOOKS.stop.event, HOOKS["session-start"].event, "bogus"]);
      return { cat, event, stdin: enc(JSON.stringify(input)), desc: `wrong types: ${changed.join(", ")}` };
    }
    case "huge-string": {
      const giant = plan.giant.has(k);
      const size = giant ? 20 << 20 : rng.pick([64 << 10, 256 << 10, 1 << 20, 4 << 20]);
      const field = rng.pick([...FIELDS, "extra_unknown_field"]);
      const { s, shape } = hugeString(rng, ctx, size);
      const input = anyValid();
      input[field] = s;
      return { cat, event, stdin: enc(JSON.stringify(input)), desc: `${field} = ${(size / 1024).toFixed(0)} KB ${shape} (${event})` };
    }
    case "deep-json": {
      const d = rng.pick([10_000, 10_000, 100_000]);
      const arr = "[".repeat(d) + "]".repeat(d);
      const obj = '{"a":'.repeat(d) + "1" + "}".repeat(d);
      const input = anyValid();
      const where = rng.pick(["root-array", "root-object", "extra-field", "session_id", "transcript_path", "cwd", "last_assistant_message", "unterminated"]);
      let raw: string;
      if (where === "root-array") raw = arr;
      else if (where === "root-object") raw = obj;
      else if (where === "unterminated") raw = "[".repeat(d);
      else {
        const key = where === "extra-field" ? "extra" : where;
        delete input[key];
        raw = JSON.stringify(input).slice(0, -1) + `,"${key}":${rng.chance(0.5) ? arr : obj}}`;
      }
      return { cat, event, stdin: enc(raw), desc: `${d}-deep JSON at ${where} (${event})` };
    }
    case "session-id": {
      const sid = rng.pick(SESSION_ID_ATTACKS);
      const input = validInput(rng, ctx, event, sid, ctx.fx.byName.get("crlf")!.path);
      return {
        cat,
        event,
        stdin: enc(JSON.stringify(input)),
        desc: `session_id ${JSON.stringify(sid.length > 40 ? sid.slice(0, 40) + `…(${sid.length})` : sid)} (${event})`,
      };
    }
    case "transcript-path": {
      let path: string;
      let sid = fresh();
      const kind = rng.int(10);
      if (kind < 5) {
        // The 50 MB / 15 MB files cost 0.1-2 s a read: a tenth of the weight of the others.
        const fx = rng.weighted([...ctx.fx.byName.values()].map((f) => [/^long/.test(f.name) ? 0.1 : 1, f] as const));
        path = fx.path;
        if (fx.name === "growing") sid = `fz-${ctx.tag}-grow${rng.int(4)}`;
      } else path = rng.pick(ctx.fx.oddPaths);
      const input = validInput(rng, ctx, event, sid, path);
      return {
        cat,
        event,
        stdin: enc(JSON.stringify(input)),
        desc: `transcript_path ${JSON.stringify(path.length > 80 ? path.slice(0, 60) + "…" : path)} (${event})`,
      };
    }
    case "transcript-content":
      return transcriptContentInput(rng, ctx, i);
    case "regex-dos": {
      const combo = plan.regexCombos[k % plan.regexCombos.length]!;
      return regexInput(rng, ctx, i, combo);
    }
    default: {
      const ev = rng.chance(0.01) ? rng.pick(["bogus", "", HOOKS.stop.event, "stop "]) : event;
      const input = anyValid();
      if (rng.chance(0.2))
        input.cwd = rng.pick([
          join(ctx.box.proj, "src", "deeper"),
          "/",
          "/nonexistent/dir",
          "relative/dir",
          ctx.box.tx,
          join(ctx.fx.byName.get("fifo")!.path),
          undefined,
        ]);
      return { cat: "valid", event: ev, stdin: enc(JSON.stringify(input)), desc: `valid ${ev} ${input.source ?? input.trigger ?? input.reason ?? ""}` };
    }
  }
}

/** Printable ASCII with the occasional newline, tab and separator, for huge strings. */
export function makeBigAscii(rng: Rng, size: number): string {
  const bytes = rng.bytes(size);
  for (let k = 0; k < size; k++) {
    const b = bytes[k]! % 100;
    bytes[k] = b < 95 ? 32 + b : b === 95 ? 10 : b === 96 ? 9 : 47;
  }
  return new TextDecoder().decode(bytes);
}
