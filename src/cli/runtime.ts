// The runtime of a command that reads or writes the store: made in citty's `setup`
// hook and closed in its `cleanup` hook, which citty runs after `run` whether it
// returned or threw (before the error reaches runCli). Settings are read in setup;
// the store opens only when run asks for it.
import { defineCommand, type ArgsDef, type CommandContext, type CommandDef } from "citty";
import { makeRuntime, type Runtime } from "../runtime.ts";

export type StoreCommandDef<T extends ArgsDef> = Omit<CommandDef<T>, "setup" | "run" | "cleanup"> & {
  run(ctx: CommandContext<T>, rt: Runtime): unknown;
};

export function defineStoreCommand<const T extends ArgsDef = ArgsDef>(def: StoreCommandDef<T>): CommandDef<T> {
  // Keyed by citty's context, the one object setup, run and cleanup of a run share.
  const runtimes = new WeakMap<CommandContext<T>, Runtime>();
  return defineCommand<T>({
    ...def,
    setup(ctx) {
      runtimes.set(ctx, makeRuntime());
    },
    run(ctx) {
      return def.run(ctx, runtimes.get(ctx)!);
    },
    cleanup(ctx) {
      runtimes.get(ctx)?.close();
      runtimes.delete(ctx);
    },
  });
}
