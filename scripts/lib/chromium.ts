// Debian's chromium driven by playwright-core (no browser download): for the
// viewer's browser tests, its screenshots and bench:ui. Headless, sandboxless (CI
// runs as root), nothing fetched from the network, a fresh profile every time.
import { chromium, type BrowserContext } from "playwright-core";
import { existsSync, rmSync } from "node:fs";
import { tempDir } from "../../test/support/tmp.ts";

export const CHROMIUM = process.env.SR_CHROMIUM ?? "/usr/bin/chromium";

export const hasChromium = () => existsSync(CHROMIUM);

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(opts: { colorScheme?: "light" | "dark"; width?: number; height?: number } = {}): Promise<Browser> {
  const profile = tempDir("sr-chromium-");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true, // playwright adds --headless
    args: FLAGS,
    viewport: { width: opts.width ?? 1100, height: opts.height ?? 720 },
    colorScheme: opts.colorScheme ?? "light",
    deviceScaleFactor: 1,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
