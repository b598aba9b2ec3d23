// Parsing of option values shared by the commands. A bad value is a usage error
// (exit 2) that names the flag.
import { UserError } from "./errors.ts";
import { parseSince } from "./format.ts";

export function wholeNumber(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`${flag} must be a whole number from ${min} to ${max}, not "${value}"`, 2);
  return n;
}

/** `7d`, `12h`, `2w`, `30m` or a date -> an ISO timestamp. */
export function timeArg(value: string, flag: string): string {
  try {
    return parseSince(value);
  } catch {
    throw new UserError(`${flag} "${value}" is not a date or a duration like 7d, 12h, 30m, 2w`, 2);
  }
}

/** The options of commands that look at "this project, or all of them, since when". */
export const scopeArgs = {
  project: { type: "string", description: "Project path (default: the project of the current directory)" },
  all: { type: "boolean", description: "Every project" },
  since: { type: "string", description: "Only sessions updated since: 7d, 12h, 2w, or a date" },
  json: { type: "boolean", description: "Print JSON" },
} as const;
