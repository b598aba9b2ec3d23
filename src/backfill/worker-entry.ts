// Worker entry point when running from source (`bun src/main.ts backfill`, tests);
// the compiled binary re-enters through its main module instead (see worker.ts).
import { serveWorker } from "./worker.ts";

serveWorker();
