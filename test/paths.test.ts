// Where the files go, from the environment a process is given.
import { describe, expect, test } from "bun:test";
import { projectKey, resolvePaths } from "../src/paths.ts";

describe("resolvePaths", () => {
  const cases: [string, Record<string, string | undefined>, [string, string, string]][] = [
    ["the plugin's data dir when Claude Code gives one", { HOME: "/h", CLAUDE_PLUGIN_DATA: "/data" }, ["/data", "/data/sessions.db", "/h/.claude/context"]],
    ["else under ~/.claude", { HOME: "/h" }, ["/h/.claude/session-recorder", "/h/.claude/session-recorder/sessions.db", "/h/.claude/context"]],
    [
      "an empty CLAUDE_PLUGIN_DATA counts as none",
      { HOME: "/h", CLAUDE_PLUGIN_DATA: "" },
      ["/h/.claude/session-recorder", "/h/.claude/session-recorder/sessions.db", "/h/.claude/context"],
    ],
  ];
  for (const [name, env, want] of cases) {
    test(name, () => {
      const p = resolvePaths(env);
      expect([p.dataDir, p.db, p.contextDir]).toEqual(want);
      expect([p.config, p.log, p.sessionsDir, p.projectsDir].map((x) => x.slice(p.dataDir.length))).toEqual([
        "/config.json",
        "/logs/session-recorder.log",
        "/sessions",
        "/projects",
      ]);
    });
  }
});

describe("projectKey", () => {
  const cases: [string, RegExp][] = [
    ["/home/me/src/shop", /^home-me-src-shop-[0-9a-f]{1,8}$/],
    ["/", /^root-[0-9a-f]{1,8}$/],
    ["/home/me/项目/商店", /^home-me-[0-9a-f]{1,8}$/],
    ["/home/me/" + "x".repeat(200), /^x{60}-[0-9a-f]{1,8}$/],
    ["/a/../../etc/passwd", /^a-\.\.-\.\.-etc-passwd-[0-9a-f]{1,8}$/],
  ];
  for (const [project, want] of cases) test(`${JSON.stringify(project.slice(0, 40))} -> ${want}`, () => expect(projectKey(project)).toMatch(want));

  test("a file name: no slash, not a dot name", () => {
    for (const p of ["/", "/..", "/a/b", "..", "/.hidden", "C:\\x"]) {
      const k = projectKey(p);
      expect(k).not.toContain("/");
      expect([".", ".."]).not.toContain(k);
    }
  });

  test("paths that read the same still get their own key", () => expect(projectKey("/a b/c")).not.toBe(projectKey("/a-b/c")));
});
