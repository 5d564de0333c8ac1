import { AttributionError } from '../errors.ts';

/**
 * The pinned tokenizer of the n-gram method (docs/attribution.md, section 4.1).
 *
 * 1. Normalise: `NFC(toLowerCase(NFC(text)))`, where toLowerCase is Unicode's
 *    default full lowercase mapping with no locale tailoring (ECMAScript
 *    `String.prototype.toLowerCase`, Final_Sigma included).
 * 2. Split into tokens, scanning left to right, longest first:
 *    - a word: a maximal run of word characters (General_Category L*, M*, N*),
 *      where a single apostrophe (U+0027 or U+2019) with a word character on
 *      both sides stays inside the word; U+2019 in a word is written as U+0027;
 *    - every other code point that is not White_Space is a token on its own.
 *    White_Space separates tokens and is never part of one.
 */
export const TOKENIZER_ID = 'ol-words/1';

const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['\u2019][\p{L}\p{M}\p{N}]+)*|[^\p{L}\p{M}\p{N}\p{White_Space}]/gu;
const WORD_START = /^[\p{L}\p{M}\p{N}]/u;

/** Normalisation step of `ol-words/1`. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').toLowerCase().normalize('NFC');
}

/** Tokens of `text` under `ol-words/1`. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of normalizeText(text).matchAll(TOKEN)) {
    const t = m[0];
    out.push(WORD_START.test(t) ? t.replace(/\u2019/g, "'") : t);
  }
  return out;
}

/** Throws UNSUPPORTED unless `id` names the tokenizer this engine implements. */
export function checkTokenizer(id: unknown, what = 'manifest.tokenizer'): void {
  if (id !== TOKENIZER_ID) {
    throw new AttributionError('UNSUPPORTED', `${what}: expected tokenizer ${TOKENIZER_ID}, got ${JSON.stringify(id)}`, { what, expected: TOKENIZER_ID, got: id });
  }
}

/** Punctuation written without a space before it, and after which no space is written. */
const CLOSERS = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '%']);
const OPENERS = new Set(['(', '[', '{']);

/**
 * Text whose tokens are `tokens` again: words are separated by one space,
 * closing punctuation is glued to what precedes it and opening brackets to
 * what follows. Gluing only ever touches a token that is neither a word nor
 * an apostrophe, so `tokenize(detokenize(t))` equals `t` for tokens of
 * already-normalised text.
 */
export function detokenize(tokens: readonly string[]): string {
  let out = '';
  tokens.forEach((t, i) => {
    if (i > 0 && !CLOSERS.has(t) && !OPENERS.has(tokens[i - 1]!)) out += ' ';
    out += t;
  });
  return out;
}
