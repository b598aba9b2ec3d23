// Imported `with { type: "macro" }`: runs when the importing file is bundled or
// transpiled (`bun build --compile`, `bun run`, `bun test`), so the page's script is
// compiled from src/ui/client/ into a string inside the binary. Bun.build cannot run
// inside a macro (the bundler would wait on itself), hence the CLI in a child process.
import { join } from "node:path";

export function clientScript(entry: string): string {
  const file = join(import.meta.dir, "client", entry);
  const p = Bun.spawnSync([process.execPath, "build", file, "--target=browser", "--format=esm", "--minify"], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (p.exitCode !== 0) throw new Error(`bundling ${file} failed:\n${p.stderr.toString()}`);
  return p.stdout.toString();
}
