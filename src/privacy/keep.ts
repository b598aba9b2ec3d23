// The one way a text gets into what we keep (extraction state, records, anything archived):
// `<private>` spans out, secrets out on the WHOLE text, and only then clipped. Clipping first
// would cut a long token below its pattern's minimum length and keep its stub.
import { dropPrivate, type Redactor } from "./redact.ts";
import { clip } from "../record.ts";

/**
 * Past this, a secret is not one (PEM blocks are searched up to 64 KB). A huge text is redacted in
 * a prefix that leaves at least this much redacted text beyond `max`: a secret cut at the end of
 * the prefix leaves a stub only there, and the clip drops it.
 */
const STUB_MARGIN = 80 * 1024;

/** `<private>` out, redacted, clipped to `max` chars (with `…`). */
export function keepText(text: string, redact: Redactor, max = Infinity): string {
  const t = dropPrivate(text);
  if (t.length <= max + STUB_MARGIN) return clip(redact(t), max);
  for (let w = max + 2 * STUB_MARGIN; ; w *= 2) {
    if (w >= t.length) return clip(redact(t), max);
    const r = redact(t.slice(0, w));
    if (r.length >= max + STUB_MARGIN) return clip(r, max);
  }
}

/**
 * A name we keep whole (branch, file path): `<private>` and secrets out, never clipped. Each
 * `/`-separated part is also a text of its own (a token that fills a directory name is bare
 * there), and so is a file name without its extension.
 */
export function keepName(name: string, redact: Redactor): string {
  // Names repeat (every transcript line carries the branch; a file is edited many times): once each.
  let memo = nameMemo.get(redact);
  if (!memo) nameMemo.set(redact, (memo = new Map()));
  let kept = memo.get(name);
  if (kept === undefined) {
    if (memo.size >= 1000) memo.clear();
    memo.set(name, (kept = keepNameOnce(name, redact)));
  }
  return kept;
}

const nameMemo = new WeakMap<Redactor, Map<string, string>>();

function keepNameOnce(name: string, redact: Redactor): string {
  const clean = dropPrivate(name);
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(clean);
  const whole = ext ? redact(clean.slice(0, ext.index)) + ext[0] : redact(clean);
  return whole.includes("/") || whole.includes(".")
    ? whole
        .split("/")
        .map((part) => keepPart(part, redact))
        .join("/")
    : whole;
}

/** One path part; a token before a file extension (`ghp_….txt`) is a token followed by a dot, which ends no token. */
function keepPart(part: string, redact: Redactor): string {
  // No token is this short, and a lowercase word (`src`, `node_modules`, `index.ts`) holds none.
  if (part.length < 12 || /^[a-z_.-]+$/.test(part)) return part;
  const r = redact(part);
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(r);
  return ext ? redact(r.slice(0, ext.index)) + ext[0] : r;
}
