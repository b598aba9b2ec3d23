import { describe, expect, test } from "bun:test";
import { coordinate, type Scored } from "../../src/store/coordinate.ts";

type C = Scored & { text: string };
const c = (id: string, score: number, text: string, bestSeq?: number): C => ({
  rowid: 0,
  session_id: id,
  updated_at: "2026-01-01T00:00:00Z",
  score,
  text,
  ...(bestSeq === undefined ? {} : { bestSeq }),
});
const order = (terms: string[], cs: C[]) => coordinate(terms, cs, (x) => [x.text]).map((x) => x.session_id);

describe("coordinate", () => {
  test("of close scores, the session holding more of the question comes first", () => {
    expect(
      order(["invoice", "generator", "slow"], [c("loud", 1.0, "Slow dashboard, slow startup"), c("most", 0.8, "the invoice generator times out")]),
    ).toEqual(["most", "loud"]);
  });

  test("words match as the index matches them, near enough: prefixes, plurals and -ed/-ing/-ly, synonyms", () => {
    const holds = (term: string, text: string) => order([term, "zzzz"], [c("x", 1, "zzzz"), c("y", 0.9, `zzzz ${text}`)])[0] === "y";
    expect(holds("spikes", "a traffic spike")).toBe(true);
    expect(holds("paginated", "pagination of the api")).toBe(true);
    expect(holds("locally", "the local timezone")).toBe(true);
    expect(holds("slow", "high latency")).toBe(true); // a synonym
    expect(holds("ci", "in the cities")).toBe(false); // a short word matches whole
    expect(holds("ci", "only in CI")).toBe(true);
    expect(holds("收敛", "checkpoint只需要看收敛loss")).toBe(true); // a CJK bigram, no word boundaries
  });

  test("a session whose archived turn matched every word holds all of it, without reading its text", () => {
    const read: string[] = [];
    const out = coordinate(["a1", "b2"], [c("text", 1, "a1"), c("turn", 0.9, "", 4)], (x) => (read.push(x.session_id), [x.text]));
    expect(out.map((x) => x.session_id)).toEqual(["turn", "text"]);
    expect(read).toEqual(["text"]);
  });

  test("a session's texts are read in turn until they hold every word: the archive only when the record lacks some", () => {
    const read: string[] = [];
    const texts = function* (x: C) {
      yield x.text;
      read.push(x.session_id);
      yield "beta in the archive";
    };
    const out = coordinate(["alpha", "beta", "gamma"], [c("partly", 1, "alpha"), c("whole", 0.9, "alpha beta gamma")], texts);
    expect(out.map((x) => x.session_id)).toEqual(["whole", "partly"]);
    expect(read).toEqual(["partly"]);
    // Two of three words, one in each text: the square root of 2/3 of its score.
    expect(out[1]!.score).toBeCloseTo(Math.sqrt(2 / 3), 6);
  });

  test("a word counts by its weight: lacking a light one costs less; the weights are asked only when a session lacks a word", () => {
    let asked = 0;
    const weigh = (w: number[]) => () => (asked++, w);
    const cs = [c("lacks-rare", 1, "common"), c("lacks-common", 0.9, "rare")];
    expect(coordinate(["common", "rare"], cs, (x) => [x.text], weigh([0.1, 2])).map((x) => x.session_id)).toEqual(["lacks-common", "lacks-rare"]);
    expect(coordinate(["common", "rare"], cs, (x) => [x.text]).map((x) => x.session_id)).toEqual(["lacks-rare", "lacks-common"]);
    expect(asked).toBe(1);
    coordinate(["common", "rare"], [c("all", 1, "common rare"), c("turn", 0.5, "", 3)], (x) => [x.text], weigh([1, 1]));
    expect(asked).toBe(1);
  });

  test("only the best 20 are re-ranked, the rest keep their order; a one-word question is left alone", () => {
    const holding = (at: number) => Array.from({ length: 30 }, (_, i) => c(`s${i}`, 1 - i / 1000, i === at ? "alpha beta" : "alpha"));
    expect(order(["alpha", "beta"], holding(19))[0]).toBe("s19");
    expect(order(["alpha", "beta"], holding(20)).slice(20)).toEqual(Array.from({ length: 10 }, (_, i) => `s${20 + i}`));
    expect(order(["alpha"], [c("a", 1, ""), c("b", 0.5, "alpha")])).toEqual(["a", "b"]);
  });
});
