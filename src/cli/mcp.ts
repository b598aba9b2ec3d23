// `session-recorder mcp`: started by Claude Code (declared in the plugin's plugin.json).
import { defineCommand } from "citty";
import { runMcpServer } from "../mcp/server.ts";

export const mcpCommand = defineCommand({
  meta: { name: "mcp", description: "Run the MCP server (stdio) with the recall tools: search_sessions, get_session, list_recent_sessions" },
  async run() {
    await runMcpServer();
  },
});
