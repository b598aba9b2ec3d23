// Text from past sessions goes back to the model, so it must never be able to
// close our data section or pass for one of Claude Code's own tags.
import { clip } from "../record.ts";

const TAG_LIKE = /<(\/?[A-Za-z][\w:-]*)([^<>]{0,200})>/g;
/** A tag's start whose end is far away (or missing): `</session-recorder-data` + 300 spaces + `>`. */
const TAG_START = /<(?=\/?[A-Za-z])/g;

/** One field, made inert and bounded: tags are defanged to ‹tag›, control characters dropped. */
export function inert(text: string | null | undefined, max: number): string {
  if (!text) return "";
  const flat = text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(TAG_LIKE, "‹$1$2›")
    .replace(TAG_START, "‹");
  return clip(flat, max);
}

/** Same, on one line: for list items and headings. */
export function inertLine(text: string | null | undefined, max: number): string {
  // Cut first: the whitespace pattern is quadratic on a long enough run of spaces.
  return inert((text ?? "").slice(0, max * 4).replace(/\s*\n\s*/g, " ⏎ "), max);
}
