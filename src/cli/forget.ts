// `forget` and `prune`: delete records, for real. Confirmed on a TTY, or with --yes.
// Privacy: the row, its full-text entry, cursor, recovery state, JSON file and the
// context files all go; SQLite overwrites the freed pages (secure_delete) and the
// WAL is truncated, so the text is not left in the database file either.
import { resolve } from "node:path";
import type { Runtime } from "../runtime.ts";
import { defineStoreCommand } from "./runtime.ts";
import { findProject } from "../project.ts";
import type { SessionRecord } from "../record.ts";
import { UserError } from "./errors.ts";
import { timeArg, wholeNumber } from "./args.ts";
import { resolveSession } from "./sessions.ts";
import { forgetSessions, projectSessions } from "../ingest/forget.ts";

export const forgetCommand = defineStoreCommand({
  meta: { name: "forget", description: "Delete sessions: one by id, a whole project, or everything before a date" },
  args: {
    id: { type: "positional", required: false, description: "Session id or unique prefix" },
    project: { type: "string", description: "Every session of this project" },
    before: { type: "string", description: "Every session last updated before this date (or duration, e.g. 90d)" },
    yes: { type: "boolean", description: "Do not ask for confirmation" },
  },
  async run({ args }, rt) {
    const given = [args.id, args.project, args.before].filter((x) => x !== undefined).length;
    if (given !== 1) throw new UserError("forget takes exactly one of: <id>, --project <path>, --before <date>", 2);
    const store = rt.store();
    let doomed: SessionRecord[];
    if (args.id) doomed = [resolveSession(store, args.id)];
    else if (args.project) doomed = projectSessions(rt, findProject(resolve(args.project)).project);
    else {
      const before = timeArg(args.before!, "--before");
      doomed = store.recent({ limit: 10_000_000 }).filter((r) => r.updated_at < before);
    }
    await deleteConfirmed(rt, doomed, !!args.yes);
  },
});

export const pruneCommand = defineStoreCommand({
  meta: { name: "prune", description: "Keep only the newest sessions (default: max_sessions from the config)" },
  args: {
    keep: { type: "string", description: "How many sessions to keep" },
    yes: { type: "boolean", description: "Do not ask for confirmation" },
  },
  async run({ args }, rt) {
    const keep = args.keep === undefined ? rt.config.max_sessions : wholeNumber(args.keep, "--keep", 0, 10_000_000);
    const doomed = rt.store().recent({ limit: 10_000_000 }).slice(keep);
    await deleteConfirmed(rt, doomed, !!args.yes);
  },
});

async function deleteConfirmed(rt: Runtime, doomed: SessionRecord[], yes: boolean): Promise<void> {
  if (!doomed.length) return void console.error("nothing to delete");
  const what = `${doomed.length} session${doomed.length === 1 ? "" : "s"}${doomed.length === 1 ? ` (${doomed[0]!.session_id}: ${doomed[0]!.working_on || "no task"})` : ""}`;
  if (!yes) {
    if (!process.stdin.isTTY) throw new UserError(`would delete ${what}: add --yes to confirm (stdin is not a terminal)`, 2);
    const answer = prompt(`Delete ${what} for good? [y/N]`);
    if (!/^y(es)?$/i.test(answer?.trim() ?? "")) return void console.error("nothing deleted");
  }
  forgetSessions(rt, doomed);
  console.error(`deleted ${what}`);
}
