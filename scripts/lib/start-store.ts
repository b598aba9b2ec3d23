// `bun start-store.ts <db> <project> <sessions>`: the store `bun run bench` starts sessions
// against: generated sessions with their archives in 20 projects, one of them <project>.
// Prints the number of archived turns.
import { openDatabase } from "../../src/store/db.ts";
import { Store } from "../../src/store/sessions.ts";
import { makeArchiveCorpus, storeArchived } from "./recall-archive.ts";

const [path, project, count] = process.argv.slice(2);
const store = new Store(openDatabase(path!));
const { sessions } = makeArchiveCorpus({ projects: 20, perProject: Number(count) / 20, queries: 0, turns: [30, 70] });
const here = sessions[0]!.project;
storeArchived(
  store,
  sessions.map((s) => (s.project === here ? { ...s, project: project! } : s)),
);
console.log(store.exchangeCount());
store.close();
