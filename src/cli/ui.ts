// `session-recorder ui`: the local web viewer, until Ctrl-C. Loopback only; the URL
// it prints (first line of stdout) carries the per-run token.
import { defineCommand } from "citty";
import { makeRuntime } from "../runtime.ts";
import { loopbackHost } from "../ui/security.ts";
import { UserError } from "./errors.ts";
import { wholeNumber } from "./args.ts";

export const uiCommand = defineCommand({
  meta: { name: "ui", description: "Browse, search and forget sessions in a local web viewer (loopback only, until Ctrl-C)" },
  args: {
    port: { type: "string", description: "Port (default 0: any free port)", default: "0" },
    host: { type: "string", description: "Loopback address to listen on", default: "127.0.0.1" },
    open: { type: "boolean", description: "Open the browser (--no-open: only print the URL)", default: true },
  },
  async run({ args }) {
    const host = loopbackHost(args.host);
    if (!host) throw new UserError(`--host must be a loopback address (127.0.0.1, ::1), not "${args.host}": the viewer is never served to the network`, 2);
    const port = wholeNumber(args.port, "--port", 0, 65535);
    // Loaded here, not with the CLI: the page's assets are needed by this command only.
    const { startServer } = await import("../ui/server.ts");
    const rt = makeRuntime();
    let server: ReturnType<typeof startServer>;
    try {
      server = startServer({ host, port, rt });
    } catch (err) {
      rt.close();
      const code = (err as { code?: string }).code;
      throw new UserError(code === "EADDRINUSE" ? `port ${port} is in use (try --port 0)` : `cannot serve the viewer: ${(err as Error).message}`);
    }
    console.log(server.url);
    console.error("session-recorder: viewer running; Ctrl-C stops it");
    if (args.open) openBrowser(server.url);
    const stop = () => void server.stop().finally(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  },
});

/** Best effort: without a desktop (ssh, CI) the URL printed above is the way in. */
function openBrowser(url: string): void {
  const cmd = process.platform === "darwin" ? "open" : "xdg-open";
  try {
    const child = Bun.spawn([cmd, url], { stdin: "ignore", stdout: "ignore", stderr: "ignore" });
    child.unref();
    void child.exited.then((code) => {
      if (code !== 0) console.error(`session-recorder: could not open a browser (${cmd} exited ${code}); open the URL above`);
    });
  } catch {
    console.error(`session-recorder: could not open a browser (no ${cmd}); open the URL above`);
  }
}
