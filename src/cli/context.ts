// `session-recorder context`: exactly the additionalContext SessionStart would
// inject now, for the current directory. What Claude will be told, made visible.
import { defineStoreCommand } from "./runtime.ts";
import { buildSessionStartContext } from "../context/gather.ts";
import { findProject } from "../project.ts";
import { SESSION_ID } from "../record.ts";
import { UserError } from "./errors.ts";

const SOURCES = ["startup", "compact", "resume", "clear", "fork"] as const;

export const contextCommand = defineStoreCommand({
  meta: { name: "context", description: "Print the context the SessionStart hook would inject now in this directory" },
  args: {
    source: { type: "string", description: `startup | compact | resume | clear | fork (default startup)`, default: "startup" },
    session: { type: "string", description: "Session id (for compact and resume; for startup, the session to leave out)" },
  },
  run({ args }, rt) {
    if (!(SOURCES as readonly string[]).includes(args.source)) throw new UserError(`--source must be one of ${SOURCES.join(", ")}, not "${args.source}"`, 2);
    const sessionId = args.session ?? "cli-preview";
    if (!SESSION_ID.test(sessionId)) throw new UserError(`--session "${sessionId}" is not a session id`, 2);
    if ((args.source === "compact" || args.source === "resume" || args.source === "fork") && !args.session)
      throw new UserError(`--source ${args.source} needs --session <id>`, 2);
    const input = { session_id: sessionId, source: args.source };
    const text = buildSessionStartContext(rt, input, findProject(process.cwd()).project, { preview: true });
    console.log(text || "(nothing would be injected)");
  },
});
