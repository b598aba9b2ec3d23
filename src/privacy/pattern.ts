// What one secret pattern is. Its own module: the pattern tables (patterns.ts,
// structural.ts) and their refiners (refine.ts) all use it, and none of them is the other's.

export interface Pattern {
  kind: string;
  regex: RegExp;
  /** Which capture group holds the secret; the rest of the match is kept. Default: the whole match (or a group named `secret`). */
  group?: number;
  /**
   * Decide on one match: return the [start, end) span of `text` to redact, or null to keep the match.
   * `span` is the default span (the group, or the whole match).
   */
  refine?: (m: RegExpExecArray, text: string, span: Span) => Span | null;
  /**
   * Literals one of which every match contains (case-sensitive). When none occurs in the text the
   * pattern is skipped: `includes` is several times cheaper than a regex pass.
   */
  hint?: string[];
}

export type Span = [start: number, end: number];
