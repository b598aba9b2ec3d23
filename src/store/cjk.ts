// Chinese and Japanese are written without spaces, and FTS5's unicode61 tokenizer keeps a
// run of Han or kana as ONE token: `checkpoint只需要看收敛loss` could be found by none of
// its words. Before indexing (and querying), such runs become overlapping character
// bigrams, the classic CJK indexing unit: every two-character word is one token, and a
// longer word matches as the run of its bigrams. Latin text around them is split off.
// Bigrams rather than Intl.Segmenter's dictionary words: Bun's segmenter splits common
// two-character words (收敛 -> 收|敛, 页面 -> 页|面), which a query then cannot match
// as one term; bigrams need no dictionary and are a fraction of its cost.

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3005\u30fc]+/gu;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Every Han, kana (and their supplementary planes, as surrogates) is at U+2E80 or above: most text has no such character, and this class is far cheaper to test. */
const HIGH = /[\u2e80-\uffff]/;
const hasCjk = (text: string) => HIGH.test(text) && CJK_CHAR.test(text);

/** Function characters too common to tell anything apart in a query ("的", "了", "是", の, は…). */
const STOP_CHARS = new Set([..."的了是在我你他她它们这那么吗呢吧啊就都也和与及或个上下不有没到要会能把被给让从对为以之其中而且但所还很のはがをにでとへもや"]);

/** Text as the index sees it: CJK runs as space-separated bigrams (a lone character stays as it is). */
export function indexText(text: string): string {
  if (!hasCjk(text)) return text;
  return text.replace(CJK_RUN, (run) => ` ${bigrams(run).join(" ")} `);
}

/**
 * Korean puts spaces between words, but a noun carries its particle (서버가, 로그를, 설정에서), which
 * unicode61 keeps in the token. A Hangul query word is therefore prefix-matched from two syllables
 * (fts.ts), after losing a trailing particle when two syllables remain: 서버가 -> 서버, which finds
 * 서버를 and 서버 as well. The stem is a prefix of the word, so this only ever widens its match.
 */
const HANGUL = /\p{Script=Hangul}/u;
const PARTICLES = ["에서는", "에서", "에게", "한테", "까지", "부터", "으로", "이나", "처럼", "보다", ..."이가을를은는에의로와과도만"];

export const isHangul = (word: string) => HANGUL.test(word);

function withoutParticle(word: string): string {
  const particle = PARTICLES.find((p) => word.endsWith(p) && word.length - p.length >= 2);
  return particle ? word.slice(0, -particle.length) : word;
}

/** A query word's index terms: CJK runs as bigrams, without those made only of function characters. */
export function queryUnits(word: string): string[] {
  if (!hasCjk(word)) return [isHangul(word) ? withoutParticle(word) : word];
  const out: string[] = [];
  let last = 0;
  for (const m of word.matchAll(CJK_RUN)) {
    if (m.index! > last) out.push(word.slice(last, m.index));
    const grams = bigrams(m[0]);
    const useful = grams.filter(
      (g) => ![...g].every((c) => STOP_CHARS.has(c)) && !(g.length === 2 && [...g].some((c) => STOP_CHARS.has(c)) && grams.length > 1),
    );
    out.push(...(useful.length ? useful : grams));
    last = m.index! + m[0].length;
  }
  if (last < word.length) out.push(word.slice(last));
  return out.filter(Boolean);
}

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return [run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}
