// A stand-in for a GitHub release, for install.sh and the plugin launcher: release assets
// made from the host build (plugin/bin/native/session-recorder, named linux-x64 so the
// tests run the same on any machine; they pass SESSION_RECORDER_OS/ARCH to match), served
// over HTTP on 127.0.0.1. Built once per `bun test` process and shared by the test files.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeArchive, writeSums } from "../../scripts/lib/release.ts";
import { BIN } from "../support/paths.ts";
import { tempDir } from "../support/tmp.ts";

export const ASSET = "session-recorder-linux-x64";
/** Env that makes install.sh and the launcher ask for ASSET on any host. */
export const AS_LINUX_X64 = { SESSION_RECORDER_OS: "Linux", SESSION_RECORDER_ARCH: "x86_64" };

export interface ReleaseServer {
  /**
   * `${url}/good`: a valid release. `${url}/bad`: its archive corrupted, SHA256SUMS unchanged.
   * `${url}/slow/good`: the valid release, each file 2 s late.
   */
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  stop(): void;
}

let assets: Promise<string> | undefined;

/** The asset folders (good/, bad/) in a temp dir, made once. */
export function releaseAssets(): Promise<string> {
  assets ??= (async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test does)`);
    // Under the test run's temp root (test/preload.ts), removed once all test files are done.
    const root = tempDir("sr-release-");
    const good = join(root, "good");
    const bad = join(root, "bad");
    mkdirSync(good);
    mkdirSync(bad);
    copyFileSync(BIN, join(good, ASSET));
    await makeArchive(BIN, join(good, `${ASSET}.tar.gz`), 1);
    await writeSums(good, [ASSET, `${ASSET}.tar.gz`]);
    // A download damaged (or tampered with) on the way: same size, a few bytes changed.
    const archive = readFileSync(join(good, `${ASSET}.tar.gz`));
    archive.fill(0x5a, archive.length - 64);
    writeFileSync(join(bad, `${ASSET}.tar.gz`), archive);
    copyFileSync(join(good, "SHA256SUMS"), join(bad, "SHA256SUMS"));
    return root;
  })();
  return assets;
}

export async function startReleaseServer(): Promise<ReleaseServer> {
  const root = await releaseAssets();
  const requests: string[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      let path = decodeURIComponent(new URL(req.url).pathname);
      requests.push(path);
      // `/slow/<folder>/...`: the same files, 2 s late (a download that takes a while).
      if (path.startsWith("/slow/")) {
        await Bun.sleep(2000);
        path = path.slice("/slow".length);
      }
      const file = Bun.file(join(root, path));
      return path.includes("..")
        ? new Response("no", { status: 400 })
        : file.exists().then((ok) => (ok ? new Response(file) : new Response("not found", { status: 404 })));
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, stop: () => void server.stop(true) };
}
