import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AttributionError } from '../errors.ts';
import { checkTokenizer, detokenize, normalizeText, tokenize, TOKENIZER_ID } from './tokenizer.ts';

test('punctuation: each non-word, non-space code point is its own token', () => {
  assert.deepEqual(tokenize('Hello, World!'), ['hello', ',', 'world', '!']);
  assert.deepEqual(tokenize('3.14 -- e=mc²?'), ['3', '.', '14', '-', '-', 'e', '=', 'mc²', '?']);
  assert.deepEqual(tokenize('...'), ['.', '.', '.']);
  assert.deepEqual(tokenize('😀😀x'), ['😀', '😀', 'x']);
});

test('apostrophes: inside a word only, and U+2019 written as U+0027', () => {
  assert.deepEqual(tokenize('Don’t stop—it\'s rock\'n\'roll'), ["don't", 'stop', '—', "it's", "rock'n'roll"]);
  assert.deepEqual(tokenize("'quoted' dogs' ’tis"), ["'", 'quoted', "'", 'dogs', "'", '’', 'tis']);
  assert.deepEqual(tokenize("a''b"), ['a', "'", "'", 'b']);
});

test('case: Unicode lowercase without locale tailoring, final sigma included', () => {
  assert.deepEqual(tokenize('ÉCOLE École école'), ['école', 'école', 'école']);
  assert.deepEqual(tokenize('ΟΔΟΣ ΣΑΣ'), ['οδος', 'σας']);
  // Turkish dotted capital I lowercases to i + U+0307 (not a Turkish-locale "i").
  assert.deepEqual(tokenize('İstanbul'), ['i\u0307stanbul']);
  assert.deepEqual(tokenize('STRASSE Straße'), ['strasse', 'straße']);
});

test('unicode: NFC, so composed and decomposed text give the same tokens', () => {
  const composed = 'caf\u00e9 na\u00efve';
  const decomposed = 'cafe\u0301 nai\u0308ve';
  assert.notEqual(composed, decomposed);
  assert.deepEqual(tokenize(decomposed), ['caf\u00e9', 'na\u00efve']);
  assert.deepEqual(tokenize(composed), tokenize(decomposed));
  assert.equal(normalizeText('A\u030a'), '\u00e5');
});

test('scripts and marks: letters, marks and digits of any script form words', () => {
  assert.deepEqual(tokenize('नमस्ते दुनिया'), ['नमस्ते', 'दुनिया']);
  assert.deepEqual(tokenize('日本語のテキスト。'), ['日本語のテキスト', '。']);
  assert.deepEqual(tokenize('abc123 ٣٤'), ['abc123', '٣٤']);
});

test('white space of every kind separates and is dropped', () => {
  assert.deepEqual(tokenize(' a\u00a0b\tc\u3000d\n\u2028e  '), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(tokenize(''), []);
  assert.deepEqual(tokenize(' \n\t'), []);
});

test('detokenize gives text that tokenizes back to the same tokens', () => {
  assert.equal(detokenize(tokenize('Hello (world), it\'s me: 50% ok.')), "hello (world), it's me: 50% ok.");
  for (const tokens of [
    ['don', "'", 't'],
    ['a', '.', "'", 'b'],
    ['(', ')', '.', 'x', '[', '!'],
    ['x', '—', 'y', '😀', 'z'],
  ]) {
    assert.deepEqual(tokenize(detokenize(tokens)), tokens);
  }
});

test('the manifest must name this tokenizer', () => {
  assert.equal(TOKENIZER_ID, 'ol-words/1');
  checkTokenizer('ol-words/1');
  assert.throws(
    () => checkTokenizer('ol-words/2'),
    (e: unknown) => e instanceof AttributionError && e.code === 'UNSUPPORTED' && /manifest\.tokenizer/.test(e.message) && /ol-words\/2/.test(e.message),
  );
});
