// firstRunHint: what SessionStart tells the user once, right after installation.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { firstRunHint, HINT_MARKER } from "../../src/hooks/first-run.ts";
import { resolvePaths } from "../../src/paths.ts";
import { openDatabase } from "../../src/store/db.ts";
import { Store } from "../../src/store/sessions.ts";
import { buildRecord } from "../../src/extract/record.ts";
import { emptyState } from "../../src/extract/state.ts";
import { tempDir } from "../support/tmp.ts";

function setup(transcripts: number) {
  const dir = tempDir("sr-hint-");
  const paths = resolvePaths({ HOME: join(dir, "home"), CLAUDE_PLUGIN_DATA: join(dir, "data") });
  for (let i = 0; i < transcripts; i++) {
    const slug = join(paths.home, ".claude", "projects", `-src-p${i % 3}`);
    mkdirSync(join(slug, `s${i}`, "subagents"), { recursive: true });
    writeFileSync(join(slug, `s${i}.jsonl`), "{}\n");
    // Subagent transcripts are parts of sessions, not sessions.
    writeFileSync(join(slug, `s${i}`, "subagents", "agent-1.jsonl"), "{}\n");
  }
  return { paths, store: new Store(openDatabase(paths.db)) };
}

function addSession(store: Store, id: string) {
  store.upsertRecord(
    buildRecord(emptyState(), { sessionId: id, project: "/p", cwd: "/p", gitBranch: null, transcriptPath: null, home: "/h", now: new Date().toISOString() }),
  );
}

describe("firstRunHint", () => {
  test("an empty store and past transcripts: the offer, once", () => {
    const { paths, store } = setup(7);
    expect(firstRunHint(paths, store)).toBe("session-recorder: 7 past sessions can be indexed: run `session-recorder backfill`");
    expect(existsSync(join(paths.dataDir, HINT_MARKER))).toBe(true);
    expect(firstRunHint(paths, store)).toBeNull();
  });

  test("no transcripts, or no projects folder at all: nothing to offer", () => {
    const none = setup(0);
    expect(firstRunHint(none.paths, none.store)).toBeNull();
    mkdirSync(join(none.paths.home, ".claude", "projects", "-src-empty"), { recursive: true });
    expect(firstRunHint(none.paths, none.store)).toBeNull();
    expect(existsSync(join(none.paths.dataDir, HINT_MARKER))).toBe(false);
  });

  test("a store with sessions: null, without looking at the transcripts, in well under 2 ms", () => {
    const { paths, store } = setup(50);
    store.transaction(() => {
      for (let i = 0; i < 2000; i++) addSession(store, `s-${i}`);
    });
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      expect(firstRunHint(paths, store)).toBeNull();
      times.push(performance.now() - t0);
    }
    expect(times.sort((a, b) => a - b)[25]!).toBeLessThan(2);
    expect(existsSync(join(paths.dataDir, HINT_MARKER))).toBe(false);
  });
});
