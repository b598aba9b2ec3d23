// CJK runs as character bigrams, for the index and for queries.
import { describe, expect, test } from "bun:test";
import { indexText, queryUnits } from "../../src/store/cjk.ts";

describe("indexText", () => {
  const cases: [string, string, string][] = [
    ["text without CJK is untouched", "fix the Login page, 2x faster", "fix the Login page, 2x faster"],
    ["a run between Latin words becomes bigrams", "checkpoint只需要看收敛loss", "checkpoint 只需 需要 要看 看收 收敛 loss"],
    ["a lone character stays", "a好b", "a 好 b"],
    ["kana with the long vowel mark", "データベース", " デー ータ タベ ベー ース "],
    ["each run on its own", "登录 页面", " 登录   页面 "],
    ["a Han character of a supplementary plane", "a𠀀𠀁b", "a 𠀀𠀁 b"],
  ];
  for (const [name, text, want] of cases) test(name, () => expect(indexText(text)).toBe(want));

  test("no Han or kana lies below U+2E80 (text without such a character is passed over at once)", () => {
    const below = Array.from({ length: 0x2e80 }, (_, c) => String.fromCharCode(c)).join("");
    expect(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(below)).toBe(false);
  });
});

describe("queryUnits", () => {
  const cases: [string, string, string[]][] = [
    ["a Latin word is itself", "loss", ["loss"]],
    ["a two-character word is one term", "收敛", ["收敛"]],
    ["a longer word: the run of its bigrams", "数据库", ["数据", "据库"]],
    ["bigrams with a function character go when others remain", "页面的", ["页面"]],
    ["a word of function characters only is kept (nothing else to search)", "的", ["的"]],
    ["Latin and CJK in one word are split", "api接口", ["api", "接口"]],
    ["kana", "ログイン", ["ログ", "グイ", "イン"]],
    ["a Korean word loses its particle", "서버가", ["서버"]],
    ["the longest particle goes", "설정에서", ["설정"]],
    ["a Korean word keeps two syllables: 결과 (result) is not 결 + 과", "결과", ["결과"]],
    ["a Korean word without a particle is itself", "타임아웃", ["타임아웃"]],
  ];
  for (const [name, word, want] of cases) test(name, () => expect(queryUnits(word)).toEqual(want));

  test("a query finds what was indexed: its units are tokens of the indexed text", () => {
    for (const [text, word] of [
      ["我们需要把登录页面改成支持微信扫码", "登录页面"],
      ["checkpoint只需要看收敛loss", "收敛"],
      ["データベースの移行", "データベース"],
    ] as const) {
      const tokens = new Set(indexText(text).split(/\s+/));
      for (const u of queryUnits(word)) expect(tokens.has(u)).toBe(true);
    }
  });
});
