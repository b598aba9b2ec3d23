// Where things are in the repository, for tests, bench and stress.
import { join } from "node:path";

export const ROOT = join(import.meta.dir, "..", "..");
export const FIXTURES = join(ROOT, "test", "fixtures");
/** The binary `npm run build` makes: what Claude Code runs. */
export const BIN = join(ROOT, "plugin", "bin", "native", "session-recorder");
