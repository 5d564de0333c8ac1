import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryBlobStore } from '../blobs.ts';
import { AttributionError } from '../errors.ts';
import { explainOutput, loadNgramModel } from './attribute.ts';
import { encodeLanguageModel, loadLanguageModel, parseLanguageModel } from './lmBlob.ts';
import { generate, trainMarkov } from './markov.ts';
import { Mulberry32 } from '../prng.ts';
import { publish, rootOf } from '../../../test/support/ngramFixtures.ts';
import { tokenize } from './tokenizer.ts';

const SMALL = ['The cat sat on the mat.', 'The dog sat on the log.', 'A cat and a dog met on the mat!'];

test('Mulberry32 matches the published formula and draws without modulo bias', () => {
  const reference = (a: number) => () => {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  for (const seed of [0, 1, 0xffffffff]) {
    const r = new Mulberry32(seed);
    const ref = reference(seed);
    for (let i = 0; i < 100; i++) assert.equal(r.next(), ref());
  }
  const r = new Mulberry32(0);
  assert.deepEqual([r.next(), r.next(), r.next()], [1144304738, 1416247, 958946056]);
  const counts = [0, 0, 0];
  const d = new Mulberry32(9);
  for (let i = 0; i < 3000; i++) counts[d.below(3)]!++;
  assert.ok(counts.every((c) => c > 900 && c < 1100), counts.join(','));
  assert.throws(() => new Mulberry32(-1), (e: unknown) => e instanceof AttributionError && e.code === 'BAD_INPUT' && /seed/.test(e.message));
});

test('training counts every context of 0..order-1 tokens inside a document, with end of document', () => {
  const lm = trainMarkov(['a b a', 'b'], 3);
  assert.deepEqual(lm.vocabulary, ['a', 'b']);
  assert.deepEqual(lm.next, {
    '': [[-1, 2], [0, 2], [1, 2]],
    '0': [[-1, 1], [1, 1]],
    '1': [[-1, 1], [0, 1]],
    '0,1': [[0, 1]],
    '1,0': [[-1, 1]],
  });
});

test('generation is deterministic for a seed and pinned for this model', () => {
  const lm = trainMarkov(SMALL);
  const texts = [0, 1, 2, 3].map((seed) => generate(lm, 'the', { maxTokens: 20, seed }));
  assert.deepEqual(texts, ['dog sat on the mat!', 'mat!', 'dog sat on the log.', 'mat!']);
  assert.deepEqual([0, 1, 2, 3].map((seed) => generate(trainMarkov(SMALL), 'the', { maxTokens: 20, seed })), texts);
  assert.equal(generate(lm, 'the', { maxTokens: 2, seed: 2 }), 'dog sat');
  // An unknown prompt backs off to the empty context; every output token is in the vocabulary.
  const free = generate(lm, 'zebra', { maxTokens: 30, seed: 5 });
  assert.ok(tokenize(free).every((t) => lm.vocabulary.includes(t)), free);
});

test('the model blob round-trips with the same hash', async () => {
  const lm = trainMarkov(SMALL);
  const blob = encodeLanguageModel(lm);
  assert.equal(blob.hash, '0x62c5cba79b98d20e171dcb8c3c60fed67ca0499fa2742a703159723d01b91aa3');
  const store = new MemoryBlobStore();
  const hash = store.putBytes(blob.bytes);
  const loaded = await loadLanguageModel(store, { hash, uri: `blob:${hash}` });
  assert.deepEqual(loaded, lm);
  assert.equal(encodeLanguageModel(loaded).hash, blob.hash);
  assert.equal(generate(loaded, 'a', { maxTokens: 10, seed: 3 }), generate(lm, 'a', { maxTokens: 10, seed: 3 }));
});

test('a malformed model blob is refused, naming the field', () => {
  const lm = trainMarkov(['a b']);
  const bad = (patch: object, field: RegExp) =>
    assert.throws(() => parseLanguageModel({ ...lm, ...patch }), (e: unknown) => e instanceof AttributionError && field.test(e.message));
  bad({ kind: 'x' }, /language model\.kind/);
  bad({ tokenizer: 'ol-words/9' }, /language model\.tokenizer/);
  bad({ next: { '5': [[0, 1]] } }, /next key/);
  bad({ next: { '': [[1, 1], [0, 1]] } }, /next\[""\]/);
});

const STORIES = [
  ['1', 'The lighthouse keeper climbed the spiral stairs every night to light the great lamp above the harbour.'],
  ['1', 'Fishing boats returned at dawn, their holds full of silver herring and cold sea water.'],
  ['2', 'In the desert the caravan rested beside a well, and the camels drank slowly under the stars.'],
  ['2', 'Merchants traded salt for gold in the market town at the edge of the great dunes.'],
  ['3', 'The orchard behind the farmhouse gave apples, pears and plums until the first frost of autumn.'],
  ['3', 'Bees from the old hives visited every blossom in the orchard during the warm spring days.'],
] as const;

test('generated outputs copy corpus spans, so their attribution is not the even split', async () => {
  const { manifest, store } = publish(
    [{ datanetId: '9', documents: STORIES.map(([contributionId, text]) => ({ contributionId, text })) }],
    { minSpan: 4, maxDocuments: 4 },
  );
  assert.equal(manifest.datanets[0]!.root, rootOf('9', STORIES.map(([contributionId, text]) => ({ contributionId, text }))));
  const model = await loadNgramModel({ manifest, source: store });
  const lm = model.languageModel;
  const docTokens = STORIES.map(([, text]) => tokenize(text).join(' '));
  for (let seed = 0; seed < 12; seed++) {
    const text = generate(lm, 'the', { maxTokens: 40, seed });
    const { tokens, spans, shares } = explainOutput(model, text);
    const kept = spans.filter((s) => s.status === 'kept');
    assert.ok(kept.length > 0 && kept.every((s) => s.length >= 4), `seed ${seed}: ${text}`);
    const credited = new Set<string>();
    for (const span of kept) {
      const words = tokens.slice(span.start, span.start + span.length).join(' ');
      // Each listed document really contains the span (checked on the text, not the index).
      const holders = docTokens.flatMap((d, i) => (` ${d} `.includes(` ${words} `) ? [i] : []));
      assert.deepEqual(span.documents, holders, `seed ${seed}: "${words}"`);
      for (const d of holders) credited.add(STORIES[d]![0]);
    }
    assert.deepEqual(shares.contributionIds.map(String), [...credited].sort(), `seed ${seed}: ${text}`);
  }
});
