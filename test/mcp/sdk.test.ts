// The MCP server as the official SDK's client sees it: protocol conformance (initialize,
// tools/list with schemas and _meta, tools/call) against the compiled binary, over stdio.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BIN } from "../support/paths.ts";
import { runBin } from "../support/spawn.ts";
import { sandbox } from "../support/tmp.ts";
import { jsonl, line } from "../support/transcript.ts";

const sbx = sandbox();
let client: Client;

beforeAll(async () => {
  const t = join(sbx.transcripts, "mcp-sdk-1.jsonl");
  writeFileSync(
    t,
    jsonl([
      line.user("the websocket server drops clients after exactly 60 seconds", { cwd: sbx.project }),
      line.toolUse("Bash", { command: "grep -rn idleTimeout src/" }, { cwd: sbx.project }),
      line.assistantText("Found it: nginx proxy_read_timeout defaults to 60s; the server sends no pings. Added a 25 s heartbeat in src/ws/server.ts."),
      line.user("great, and document it", { cwd: sbx.project }),
      line.assistantText("Documented the heartbeat in docs/websockets.md."),
    ]),
  );
  expect(runBin(["hook", "stop"], { stdin: JSON.stringify({ session_id: "mcp-sdk-1", transcript_path: t, cwd: sbx.project }), env: sbx.env }).code).toBe(0);
  client = new Client({ name: "sdk-conformance", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({ command: BIN, args: ["mcp"], env: { ...sbx.env, CLAUDE_PROJECT_DIR: sbx.project }, cwd: sbx.project, stderr: "ignore" }),
  );
}, 30_000);
afterAll(async () => {
  await client?.close();
});

describe("MCP server with the official SDK client", () => {
  test("initialize: server info and instructions under 2 KB", () => {
    expect(client.getServerVersion()?.name).toBe("session-recorder");
    const instructions = client.getInstructions() ?? "";
    expect(instructions.length).toBeGreaterThan(100);
    expect(instructions.length).toBeLessThan(2048);
  });

  test("tools/list validates against the SDK's schema; search_sessions is always loaded", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(["search_sessions", "get_exchanges", "get_session", "list_recent_sessions"]);
    expect(tools[0]!._meta).toEqual({ "anthropic/alwaysLoad": true });
    for (const t of tools) expect(t.inputSchema.type).toBe("object");
  });

  test("search_sessions finds what the assistant found, with the turn that matched", async () => {
    const r: any = await client.callTool({ name: "search_sessions", arguments: { query: "why were websocket clients disconnected after a minute" } });
    expect(r.isError).toBeFalsy();
    const text = r.content[0].text as string;
    expect(text).toContain("mcp-sdk-1");
    expect(text).toContain('"matched_turn"');
    expect(text).toContain("heartbeat");
  });

  test("get_exchanges reads the turns around a hit, or around the best match of a query", async () => {
    const around: any = await client.callTool({ name: "get_exchanges", arguments: { session_id: "mcp-sdk", around: 2, limit: 1 } });
    expect(around.content[0].text).toContain("document it");
    const byQuery: any = await client.callTool({ name: "get_exchanges", arguments: { session_id: "mcp-sdk-1", query: "nginx timeout", limit: 1 } });
    expect(byQuery.content[0].text).toContain("proxy_read_timeout");
    expect(byQuery.content[0].text).not.toContain("Documented the heartbeat");
  });

  test("bad arguments are a tool error, not a protocol failure", async () => {
    const r: any = await client.callTool({ name: "get_exchanges", arguments: { session_id: "" } });
    expect(r.isError).toBe(true);
    await expect(client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toThrow();
  });
});
