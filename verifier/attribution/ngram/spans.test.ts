import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeTokens } from './corpus.ts';
import { buildSpanIndex, maximalSpans, type Span } from './spans.ts';
import { HAND_PARAMS, handCorpus } from '../../../test/support/ngramFixtures.ts';
import { tokenize } from './tokenizer.ts';
import { contributionWeights } from './weights.ts';

const corpus = handCorpus();
const index = buildSpanIndex(corpus);
const spansOf = (text: string, params = HAND_PARAMS): Span[] =>
  maximalSpans(index, encodeTokens(corpus.vocabulary, tokenize(text)), params);
const kept = (start: number, length: number, documents: number[]): Span => ({ start, length, status: 'kept', documents });
const ignored = (start: number, length: number, status: 'short' | 'common'): Span => ({ start, length, status, documents: [] });

test('corpus layout: ids by first appearance, one unique separator after each document', () => {
  // d0 has 7 tokens, d1 6, d2 4, d3 5; 13 distinct tokens, so separators are 13 + d.
  assert.equal(corpus.vocabulary.size, 13);
  assert.deepEqual([...corpus.ids.slice(0, 8)], [0, 1, 2, 3, 4, 5, 6, 13]);
  assert.deepEqual([...corpus.ids.slice(8, 15)], [4, 5, 6, 7, 8, 9, 14]);
  assert.equal(corpus.ids.length, 22 + 4);
  assert.equal(corpus.ids[corpus.ids.length - 1], 13 + 3);
  assert.deepEqual([...corpus.documentOf.slice(6, 9)], [0, 0, 1]);
  assert.deepEqual(corpus.contributions, [7n, 3n, 5n, 5n]);
});

test('a span in one document, and one across two documents of different contributions', () => {
  // red green blue | four five six: "four five six" is in d1 and d3.
  assert.deepEqual(spansOf('red green blue four five six'), [kept(0, 3, [0]), kept(3, 3, [1, 3])]);
});

test('overlapping maximal spans are both kept, each with its full length', () => {
  // "blue yellow one two three" (d0) and "one two three four five" (d1) share "one two three".
  assert.deepEqual(spansOf('blue yellow one two three four five'), [kept(0, 5, [0]), kept(2, 5, [1])]);
});

test('a span found in more than maxDocuments documents is ignored', () => {
  // "one two three" is in d0, d1 and d2 (3 > 2); "six eight nine" only in d3.
  assert.deepEqual(spansOf('one two three and six eight nine'), [ignored(0, 3, 'common'), kept(4, 3, [3])]);
  // With a cap of 3 the same span counts, in all three documents.
  assert.deepEqual(spansOf('one two three and six eight nine', { minSpan: 3, maxDocuments: 3 })[0], kept(0, 3, [0, 1, 2]));
});

test('a span shorter than minSpan is ignored; unknown tokens match nothing', () => {
  assert.deepEqual(spansOf('green blue and six eight nine'), [ignored(0, 2, 'short'), kept(3, 3, [3])]);
  assert.deepEqual(spansOf('green blue and six eight nine', { minSpan: 2, maxDocuments: 2 })[0], kept(0, 2, [0]));
  assert.deepEqual(spansOf('zebra quagga'), []);
});

test('spans never cross a document boundary', () => {
  // d0 ends "two three", d1 starts "one two three four": without separators this would be one span of 6.
  assert.deepEqual(spansOf('two three one two three four'), [ignored(0, 2, 'short'), kept(2, 4, [1])]);
});

test('a span repeated in the output counts at each occurrence', () => {
  assert.deepEqual(spansOf('red green blue red green blue'), [kept(0, 3, [0]), kept(3, 3, [0])]);
});

test('weights: length split equally per document, summed per contribution, scaled by lcm of document counts', () => {
  const spans: Span[] = [kept(0, 3, [0, 1]), kept(3, 2, [1, 2, 3]), ignored(5, 1, 'short'), ignored(6, 5, 'common')];
  // L = lcm(2, 3) = 6: span 1 gives 3*6/2 = 9 to d0 (7) and d1 (3); span 2 gives 2*6/3 = 4 to d1 (3), d2 (5), d3 (5).
  assert.deepEqual(contributionWeights(corpus, spans), new Map([[7n, 9n], [3n, 13n], [5n, 8n]]));
  // No kept span: every contribution of the corpus is present with weight 0.
  assert.deepEqual(contributionWeights(corpus, [ignored(0, 2, 'short')]), new Map([[7n, 0n], [3n, 0n], [5n, 0n]]));
});
