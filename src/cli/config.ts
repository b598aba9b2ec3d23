// `session-recorder config [--check]`: the effective config and where each value came from.
import { defineCommand } from "citty";
import { CONFIG_KEYS, configDoc, loadConfig } from "../config.ts";
import { resolvePaths } from "../paths.ts";
import { UserError } from "./errors.ts";

export const configCommand = defineCommand({
  meta: { name: "config", description: "Print the effective config and where each value comes from" },
  args: {
    check: { type: "boolean", description: "Exit 1 when config.json has errors" },
    json: { type: "boolean", description: "Print JSON" },
  },
  run({ args }) {
    const paths = resolvePaths();
    const loaded = loadConfig(paths.config);
    if (args.json) {
      console.log(JSON.stringify({ path: loaded.path, config: loaded.config, sources: loaded.sources, errors: loaded.errors }, null, 2));
    } else {
      console.log(`config file: ${loaded.path}`);
      const width = Math.max(...CONFIG_KEYS.map((k) => k.length));
      for (const k of CONFIG_KEYS) {
        const v = loaded.config[k];
        console.log(`  ${k.padEnd(width)}  ${(typeof v === "object" ? JSON.stringify(v) : String(v)).padEnd(6)}  (${loaded.sources[k]})  ${configDoc(k)}`);
      }
      for (const e of loaded.errors) console.error(`error: ${e}`);
    }
    if (args.check && loaded.errors.length) throw new UserError(`${loaded.errors.length} error(s) in ${loaded.path}`);
  },
});
