// The manual install, as pure text -> text functions: our hooks merged into (and taken back
// out of) a Claude Code settings.json, and the context imports in a CLAUDE.md. No I/O here;
// src/cli/install.ts reads, backs up and writes the files.
//
// Rules: every other key and every other hook is kept as it is (user hooks on the same
// events too); the file keeps its indentation style; a second install changes nothing;
// uninstall after an install gives back the same object, and the same bytes when the caller
// passes the pre-install text (its backup). Settings that are not plain JSON are refused,
// JSONC comments included: rewriting would drop them.
import pluginHooks from "../../plugin/hooks/hooks.json" with { type: "json" };

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export class SettingsError extends Error {}

export interface Change {
  text: string;
  changed: boolean;
}

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** A path as one word of a shell command: double quotes, with what stays special inside them escaped. */
export function shellQuote(path: string): string {
  return `"${path.replace(/["\\$`]/g, "\\$&")}"`;
}

const PLUGIN_PROGRAM = '"${CLAUDE_PLUGIN_ROOT}/bin/session-recorder"';

/**
 * Our hooks for a settings file: the plugin's own hooks.json (one source for events and
 * timeouts), calling the binary at `bin` instead of the plugin's launcher.
 */
export function ourHooks(bin: string): Record<string, JsonObject[]> {
  const program = shellQuote(bin);
  const out: Record<string, JsonObject[]> = {};
  for (const [event, groups] of Object.entries(pluginHooks.hooks)) {
    // A function replacement: a `$` in the path must not read as a replacement pattern.
    out[event] = groups.map((g) => ({ ...g, hooks: g.hooks.map((h) => ({ ...h, command: h.command.replace(PLUGIN_PROGRAM, () => program) })) }));
  }
  return out;
}

/**
 * Is this hook command one of ours, wherever its binary lives (a reinstall may move it)?
 * `<program> hook <event>` where the program, quoted or not, is a file named session-recorder.
 */
export function isOurCommand(command: unknown): boolean {
  if (typeof command !== "string") return false;
  const m = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))\s+hook\s+[a-z-]+\s*$/.exec(command);
  const program = m?.[1] ?? m?.[2];
  return program !== undefined && /(^|\/)session-recorder$/.test(program);
}

const isOurHandler = (h: Json): boolean => isObject(h) && isOurCommand(h.command);

export function parseSettings(text: string | undefined): JsonObject {
  if (text === undefined || text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const comments = /^\s*(\/\/|\/\*)/m.test(text) ? " (comments are not JSON: remove them first)" : "";
    throw new SettingsError(`not valid JSON: ${(err as Error).message}${comments}`);
  }
  if (!isObject(value)) throw new SettingsError("not a JSON object");
  if (value.hooks !== undefined && !isObject(value.hooks)) throw new SettingsError(`"hooks" is not an object`);
  return value;
}

interface Style {
  indent: string;
  crlf: boolean;
  finalNewline: boolean;
}

/**
 * How a file is laid out, so that rewriting it changes only what we change: its indent
 * (2 spaces, Claude Code's own, when no line is indented, e.g. `{}`), line ends, final newline.
 */
export function styleOf(text: string | undefined): Style {
  if (text === undefined || text.trim() === "") return { indent: "  ", crlf: false, finalNewline: true };
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? "  ";
  return { indent, crlf: text.includes("\r\n"), finalNewline: /\n$/.test(text) };
}

export function serialize(value: Json, style: Style): string {
  const text = JSON.stringify(value, null, style.indent) + (style.finalNewline ? "\n" : "");
  return style.crlf ? text.replace(/\n/g, "\r\n") : text;
}

/** `settings` without our handlers; groups, events and `hooks` emptied by that are dropped too. */
function withoutOurs(settings: JsonObject): { settings: JsonObject; removed: number } {
  const out = structuredClone(settings);
  if (!isObject(out.hooks)) return { settings: out, removed: 0 };
  let removed = 0;
  const hooks = out.hooks;
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    const kept = groups.flatMap((group) => {
      if (!isObject(group) || !Array.isArray(group.hooks)) return [group];
      const handlers = group.hooks.filter((h) => !isOurHandler(h));
      if (handlers.length === group.hooks.length) return [group];
      removed += group.hooks.length - handlers.length;
      return handlers.length ? [{ ...group, hooks: handlers }] : [];
    });
    if (kept.length === groups.length && kept.every((g, i) => g === groups[i])) continue;
    if (kept.length) hooks[event] = kept;
    else delete hooks[event];
  }
  if (removed && Object.keys(hooks).length === 0) delete out.hooks;
  return { settings: out, removed };
}

/** Our handlers as they stand, per event. */
function ourHandlers(settings: JsonObject): Map<string, Json[]> {
  const found = new Map<string, Json[]>();
  if (!isObject(settings.hooks)) return found;
  for (const [event, groups] of Object.entries(settings.hooks)) {
    for (const group of Array.isArray(groups) ? groups : []) {
      if (!isObject(group) || !Array.isArray(group.hooks)) continue;
      for (const h of group.hooks) if (isOurHandler(h)) found.set(event, [...(found.get(event) ?? []), h]);
    }
  }
  return found;
}

/** Merge our hooks (calling `bin`) into a settings file's text (undefined: no file yet). */
export function installHooks(text: string | undefined, bin: string): Change {
  const settings = parseSettings(text);
  const want = ourHooks(bin);
  const have = ourHandlers(settings);
  // Installed already: exactly our handler, once, on each of our events, and on no other.
  const same =
    have.size === Object.keys(want).length &&
    Object.entries(want).every(([event, groups]) => JSON.stringify(have.get(event)) === JSON.stringify(groups.flatMap((g) => g.hooks)));
  if (same) return { text: text ?? "", changed: false };

  // Otherwise replace whatever of ours is there (an older path, a partial install).
  const merged = withoutOurs(settings).settings;
  const hooks: JsonObject = isObject(merged.hooks) ? merged.hooks : (merged.hooks = {});
  for (const [event, groups] of Object.entries(want)) {
    const list = hooks[event] ?? (hooks[event] = []);
    if (!Array.isArray(list)) throw new SettingsError(`"hooks.${event}" is not a list`);
    list.push(...groups);
  }
  return { text: serialize(merged, styleOf(text)), changed: true };
}

/**
 * Take our hooks out. `originals`: earlier versions of the file (its backups, newest first);
 * when one of them is the very object left after removal, its exact bytes are returned, so
 * an install followed by an uninstall leaves the file as it was, whatever its formatting.
 */
export function uninstallHooks(text: string, originals: string[] = []): Change & { removed: number } {
  const { settings, removed } = withoutOurs(parseSettings(text));
  if (!removed) return { text, changed: false, removed };
  const wanted = JSON.stringify(settings);
  const original = originals.find((o) => {
    try {
      return JSON.stringify(parseSettings(o)) === wanted;
    } catch {
      return false;
    }
  });
  return { text: original ?? serialize(settings, styleOf(text)), changed: true, removed };
}

/** Whether the settings enable the session-recorder plugin (its hooks would run as well). */
export function pluginEnabled(text: string | undefined): boolean {
  const enabled = parseSettings(text).enabledPlugins;
  return isObject(enabled) && Object.entries(enabled).some(([id, on]) => id.startsWith("session-recorder@") && on === true);
}

/** The CLAUDE.md lines that make Claude read the context files at every start. */
export const IMPORT_LINES = ["@~/.claude/context/last-session.md", "@~/.claude/context/session-history.md"] as const;

export function addImports(text: string | undefined): Change {
  const current = text ?? "";
  const present = new Set(current.split(/\r?\n/).map((l) => l.trim()));
  const missing = IMPORT_LINES.filter((l) => !present.has(l));
  if (!missing.length) return { text: current, changed: false };
  const sep = current === "" || current.endsWith("\n") ? "" : "\n";
  return { text: current + sep + missing.map((l) => l + "\n").join(""), changed: true };
}

export function removeImports(text: string): Change {
  const ours = new Set<string>(IMPORT_LINES);
  const lines = text.split("\n");
  const kept = lines.filter((l) => !ours.has(l.replace(/\r$/, "").trim()));
  return { text: kept.join("\n"), changed: kept.length !== lines.length };
}
