import { describe, expect, test } from "bun:test";
import { BUILTIN_PATTERNS, compileUserPatterns, dropPrivate, makeRedactor, redactDefault } from "../../src/privacy/redact.ts";
import { NEGATIVES, POSITIVES } from "./corpus.ts";

describe("redaction corpus", () => {
  test("is big enough", () => {
    expect(POSITIVES.length).toBeGreaterThanOrEqual(60);
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(POSITIVES.map((c) => c.name)).size).toBe(POSITIVES.length);
    expect(new Set(NEGATIVES.map((c) => c.name)).size).toBe(NEGATIVES.length);
  });

  describe("positives: the secret is gone, a marker is there, the rest is kept", () => {
    for (const c of POSITIVES) {
      test(c.name, () => {
        const out = redactDefault(c.text);
        for (const s of c.secrets) expect(out).not.toContain(s);
        expect(out).toContain(c.kind ? `[REDACTED:${c.kind}]` : "[REDACTED:");
        for (const k of c.keep ?? []) expect(out).toContain(k);
      });
    }
  });

  describe("negatives: unchanged", () => {
    for (const c of NEGATIVES) {
      test(c.name, () => {
        expect(redactDefault(c.text)).toBe(c.text);
      });
    }
  });

  test("all positives in one text, between all negatives: no leak, no false positive", () => {
    const n = Math.max(POSITIVES.length, NEGATIVES.length);
    const text = Array.from({ length: n }, (_, i) => `${NEGATIVES[i % NEGATIVES.length]!.text}\n\n${POSITIVES[i % POSITIVES.length]!.text}\n\n`).join("");
    const out = redactDefault(text);
    for (const p of POSITIVES) for (const s of p.secrets) expect(out).not.toContain(s);
    for (const n of NEGATIVES) expect(out).toContain(n.text);
  });

  test("redaction is idempotent", () => {
    for (const c of [...POSITIVES, ...NEGATIVES]) {
      const once = redactDefault(c.text);
      expect(redactDefault(once)).toBe(once);
    }
  });
});

describe("markers", () => {
  test("the replacement keeps the name and says what it was", () => {
    expect(redactDefault("password=hunter2hunter2")).toBe("password=[REDACTED:assignment]");
    expect(redactDefault('{"password": "Tr0ub4dor&3"}')).toBe('{"password": "[REDACTED:assignment]"}');
    expect(redactDefault("postgres://app:s3cretpass@db:5432/app")).toBe("postgres://app:[REDACTED:url-credentials]@db:5432/app");
    expect(redactDefault("--password hunter2 --verbose")).toBe("--password [REDACTED:cli-flag] --verbose");
  });

  test("every builtin kind is a valid kind name", () => {
    for (const p of BUILTIN_PATTERNS) expect(p.kind).toMatch(/^[a-z0-9-]{1,40}$/);
  });

  test("a disabled kind is left alone", () => {
    const r = makeRedactor([], new Set(["assignment"]));
    expect(r("password=hunter2hunter2")).toBe("password=hunter2hunter2");
    expect(r("postgres://app:s3cretpass@db/app")).toContain("[REDACTED:url-credentials]");
  });

  test("empty input", () => {
    expect(redactDefault("")).toBe("");
  });
});

describe("compileUserPatterns", () => {
  test("compiles valid patterns; they redact through makeRedactor", () => {
    const { patterns, errors } = compileUserPatterns([
      { kind: "acme-key", regex: "ACME-[0-9A-F]{16}" },
      { kind: "internal-host", regex: "\\bdb\\d+\\.corp\\.example\\b", flags: "i" },
    ]);
    expect(errors).toEqual([]);
    expect(patterns.map((p) => p.kind)).toEqual(["acme-key", "internal-host"]);
    const r = makeRedactor(patterns);
    expect(r("key ACME-0123456789ABCDEF and ACME-FEDCBA9876543210 on DB7.corp.example")).toBe(
      "key [REDACTED:acme-key] and [REDACTED:acme-key] on [REDACTED:internal-host]",
    );
  });

  test("a group named secret limits the redaction to that group", () => {
    const { patterns, errors } = compileUserPatterns([{ kind: "signing-key", regex: "--key (?<secret>\\S+)" }]);
    expect(errors).toEqual([]);
    expect(makeRedactor(patterns)("cosign sign --key s3cr3t-value img:1")).toBe("cosign sign --key [REDACTED:signing-key] img:1");
  });

  test("rejects bad kinds, invalid regexes, bad flags, empty matches; keeps the good ones", () => {
    const { patterns, errors } = compileUserPatterns([
      { kind: "Bad Kind", regex: "x+" },
      { kind: "", regex: "x+" },
      { kind: "k".repeat(41), regex: "x+" },
      { kind: "broken", regex: "([a-z" },
      { kind: "empty-star", regex: "a*" },
      { kind: "empty-alt", regex: "foo|" },
      { kind: "lookahead-only", regex: "(?=x)" },
      { kind: "word-boundary", regex: "\\b" },
      { kind: "bad-flags", regex: "x+", flags: "y" },
      { kind: "dup-flags", regex: "x+", flags: "ii" },
      { kind: "no-regex", regex: "" },
      { kind: "ok", regex: "tok_[a-z0-9]{12}" },
    ]);
    expect(patterns.map((p) => p.kind)).toEqual(["ok"]);
    expect(errors).toHaveLength(11);
    expect(errors[0]).toContain("kind");
    expect(errors[3]).toContain("invalid regex");
    expect(errors[4]).toContain("empty string");
    expect(errors[5]).toContain("empty string");
    expect(errors[6]).toContain("empty string");
    expect(errors[7]).toContain("empty string");
    expect(errors[8]).toContain("flags");
  });

  test("rejects entries that are not objects", () => {
    const { patterns, errors } = compileUserPatterns([null, 42, { regex: "x" }] as never);
    expect(patterns).toEqual([]);
    expect(errors).toHaveLength(3);
  });

  test("g is implied; a user pattern without it still redacts every match", () => {
    const { patterns } = compileUserPatterns([
      { kind: "ticket", regex: "SEC-\\d{4}", flags: "g" },
      { kind: "ticket2", regex: "PRIV-\\d{4}" },
    ]);
    expect(makeRedactor(patterns)("SEC-1234 SEC-5678 PRIV-0001 PRIV-0002")).toBe("[REDACTED:ticket] [REDACTED:ticket] [REDACTED:ticket2] [REDACTED:ticket2]");
  });
});

describe("dropPrivate", () => {
  test("drops <private> spans, closed or not", () => {
    expect(dropPrivate("a <private>x</private> b <private>y")).toBe("a [private] b [private]");
    expect(dropPrivate("nothing here")).toBe("nothing here");
  });
});

describe("hints", () => {
  // A pattern with hints runs only on a text holding one of them: a match without one would be missed.
  const names = [
    ..."password passwd passphrase secret token apikey api_key api-key credential credentials pass pwd".split(" "),
    ..."access secret private signing encryption master client session account auth".split(" ").flatMap((w) => [`${w}key`, `${w}_key`, `${w}-key`]),
    ..."user name host path mode keyboard monkey tokenizer bypass".split(" "),
  ];
  const variants = names.flatMap((n) => [n, n.toUpperCase(), `my_${n}`, `"${n}"`]);
  // The `name = value` pattern: its name is in a lookbehind, so every match is preceded by one.
  for (const p of BUILTIN_PATTERNS.filter((p) => p.kind === "assignment" && p.regex.source.includes("(?<kw>"))) {
    test("`name = value`: every match holds a hint", () => {
      let matched = 0;
      for (const v of variants)
        for (const sep of ["=", ": ", " = ", ":=", "=>"]) {
          const text = `${v}${sep}"Xk29fhq83Lp0wQ"`;
          const re = new RegExp(p.regex.source, p.regex.flags);
          if (!re.test(text)) continue;
          matched++;
          expect(p.hint!.some((h) => text.toLowerCase().includes(h.toLowerCase()))).toBe(true);
        }
      expect(matched).toBeGreaterThan(0);
    });
  }
});
