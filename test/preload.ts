// Every test runs with HOME and the data dir pointed at a fresh temp dir, set before
// any source module is imported, so no test can touch the real ~/.claude.
import { afterAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = mkdtempSync(join(tmpdir(), "sr-test-"));
process.env.HOME = join(root, "home");
process.env.CLAUDE_PLUGIN_DATA = join(root, "data");
process.env.SR_TEST_ROOT = root;

// Every temp dir a test makes lives under this root (see tempDir in support/tmp.ts): one cleanup.
afterAll(() => rmSync(root, { recursive: true, force: true }));
