import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hex } from 'viem';
import type { BlobSource } from '../blobs.ts';
import { canonicalHash } from '../canonical.ts';
import { AttributionError, type AttributionErrorCode } from '../errors.ts';
import type { NgramManifest } from '../manifest.ts';
import { validateShares, type ShareVector } from '../shares.ts';
import { attributeNgram, loadNgramModel } from './attribute.ts';
import { trainMarkov } from './markov.ts';
import { HAND_DATANETS, publish } from '../../../test/support/ngramFixtures.ts';
import { loadTextOutput, loadTextPrompt, textOutputBlob, textPromptBlob } from './texts.ts';

// Corpus (testing.ts): d0 (7) "red green blue yellow one two three", d1 (3) "one two three four five six",
// d2 (5) "one two three seven", d3 (5) "four five six eight nine"; minSpan 3, maxDocuments 2.
const shares = (ids: number[], ppb: number[]): ShareVector => ({ contributionIds: ids.map(BigInt), ppb });
const EVEN = shares([3, 5, 7], [333_333_334, 333_333_333, 333_333_333]);
const CASES: [string, string, ShareVector][] = [
  // "red green blue" (d0): 3 -> 7. "four five six" (d1, d3): 3/2 -> 3 and 3/2 -> 5. Scaled by L = 2: 6, 3, 3 of 12.
  ['span split over two documents of different contributions', 'red green blue four five six', shares([3, 5, 7], [250_000_000, 250_000_000, 500_000_000])],
  // "red green blue" (d0), "two three four" (d1), "two three seven" (d2): 3 each. 1e9/3 has remainder 1/3 everywhere:
  // the one unit left goes to the lowest contribution id, 3 (d1), not to 7 (first document).
  ['largest-remainder tie resolved by contribution id', 'Red green blue, two three four; two three seven', shares([3, 5, 7], [333_333_334, 333_333_333, 333_333_333])],
  // "red green blue yellow" (d0): 4; "four five six" (d1, d3): 3/2 each. L = 2: 8, 3, 3 of 14.
  // 8e9/14 = 571428571 rem 6, 3e9/14 = 214285714 rem 4 (twice): the unit left goes to 7.
  ['unequal remainders', 'red green blue yellow four five six', shares([3, 5, 7], [214_285_714, 214_285_714, 571_428_572])],
  // "one two three" is in d0, d1, d2 (3 > maxDocuments): ignored. "six eight nine" (d3): all to 5.
  ['span over the uniqueness cap ignored', 'one two three and six eight nine', shares([5], [1_000_000_000])],
  // "green blue" (2 < minSpan) ignored; "six eight nine" (d3) all to 5.
  ['span shorter than minSpan ignored', 'green blue and six eight nine', shares([5], [1_000_000_000])],
  // "blue yellow one two three" (d0) and "one two three four five" (d1) overlap; each counts 5.
  ['overlapping maximal spans each count in full', 'blue yellow one two three four five', shares([3, 7], [500_000_000, 500_000_000])],
  ['no span: even split over every contribution', 'nothing here matches at all', EVEN],
  ['empty output: even split', '', EVEN],
];

test('known answers, computed by hand', async () => {
  const { manifest, store } = publish();
  const got = await attributeNgram({ manifest, source: store, outputs: CASES.map(([, text]) => text) });
  CASES.forEach(([name, , expected], i) => {
    assert.deepEqual(got[i], expected, name);
    validateShares(got[i]!, name);
  });
});

test('same output and corpus give identical shares across runs and rebuilt indexes', async () => {
  const outputs = CASES.map(([, text]) => text);
  const a = publish();
  const b = publish();
  assert.equal(canonicalHash(a.manifest), canonicalHash(b.manifest));
  const first = await attributeNgram({ manifest: a.manifest, source: a.store, outputs });
  const second = await attributeNgram({ manifest: b.manifest, source: b.store, outputs: [...outputs].reverse() });
  assert.deepEqual(second.reverse(), first);
  const m1 = await loadNgramModel({ manifest: a.manifest, source: a.store });
  const m2 = await loadNgramModel({ manifest: a.manifest, source: a.store });
  assert.notEqual(m1.index.sa, m2.index.sa);
  assert.deepEqual(m1.index.sa, m2.index.sa);
});

/** A source that serves `bytes` in place of the blob `hash`. */
function tampered(source: BlobSource, hash: Hex, bytes: Uint8Array): BlobSource {
  return { get: async (h) => (h === hash ? bytes : source.get(h)) };
}

async function rejects(p: Promise<unknown>, code: AttributionErrorCode, ...words: string[]): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AttributionError, String(e));
    assert.equal(e.code, code, e.message);
    for (const w of words) assert.ok(e.message.includes(w), `"${e.message}" should name ${w}`);
    return true;
  });
}

test('a documents blob whose hash does not match is refused, naming the datanet', async () => {
  const { manifest, store } = publish();
  const hash = manifest.datanets[1]!.rows.hash;
  const bytes = (await store.get(hash)).slice();
  bytes[bytes.length - 3]! ^= 1;
  await rejects(attributeNgram({ manifest, source: tampered(store, hash, bytes), outputs: ['x'] }), 'BLOB_HASH_MISMATCH', 'manifest.datanets[1]', 'datanet 2 v1', hash);
});

test('a language model blob whose hash does not match is refused', async () => {
  const { manifest, store } = publish();
  const hash = manifest.languageModel.hash;
  await rejects(attributeNgram({ manifest, source: tampered(store, hash, new TextEncoder().encode('{}')), outputs: [] }), 'BLOB_HASH_MISMATCH', 'manifest.languageModel', hash);
});

test('an empty datanet is refused, naming it', async () => {
  const datanets = [HAND_DATANETS[0]!, { datanetId: '2', documents: [] }];
  const { manifest, store } = publish(datanets);
  await rejects(attributeNgram({ manifest, source: store, outputs: ['x'] }), 'EMPTY_DATANET', 'datanet 2 v1', 'no');
});

test('an unknown tokenizer or method version is refused', async () => {
  const { manifest, store } = publish();
  const tokenizer: NgramManifest = { ...manifest, tokenizer: 'ol-words/7' };
  await rejects(attributeNgram({ manifest: tokenizer, source: store, outputs: ['x'] }), 'UNSUPPORTED', 'manifest.tokenizer', 'ol-words/7', 'ol-words/1');
  const method = { ...manifest, method: 'ngram-spans/2' } as unknown as NgramManifest;
  await rejects(attributeNgram({ manifest: method, source: store, outputs: ['x'] }), 'UNKNOWN_METHOD', 'manifest.method', 'ngram-spans/2');
});

test('a documents blob of another datanet, bad params or a non-string output are refused', async () => {
  const { manifest, store } = publish();
  const swapped: NgramManifest = { ...manifest, datanets: [manifest.datanets[0]!, { ...manifest.datanets[1]!, datanetId: '4' }] };
  await rejects(attributeNgram({ manifest: swapped, source: store, outputs: [] }), 'BAD_INPUT', 'datanet 4 v1', '2 v1');
  const params: NgramManifest = { ...manifest, params: { minSpan: 0, maxDocuments: 2 } };
  await rejects(attributeNgram({ manifest: params, source: store, outputs: [] }), 'BAD_MANIFEST', 'manifest.params.minSpan');
  await rejects(attributeNgram({ manifest, source: store, outputs: [42 as unknown as string] }), 'BAD_INPUT', 'output');
});

test('inference prompt and output blobs round-trip and are checked', async () => {
  const { store } = publish();
  const prompt = textPromptBlob('Tell me about red');
  const output = textOutputBlob('red green blue');
  const promptHash = store.putBytes(prompt.bytes);
  const outputHash = store.putBytes(output.bytes);
  assert.equal(promptHash, prompt.hash);
  assert.equal(await loadTextPrompt(store, promptHash), 'Tell me about red');
  assert.equal(await loadTextOutput(store, outputHash), 'red green blue');
  await rejects(loadTextOutput(store, promptHash), 'BAD_INPUT', 'inference output.kind', 'openledger-squid/text-output');
  await rejects(loadTextOutput(tampered(store, outputHash, prompt.bytes), outputHash), 'BLOB_HASH_MISMATCH', 'inference output');
});

test('a language model that is not the one trained on the documents is refused (LM_MISMATCH)', async () => {
  const { manifest, store } = publish();
  // The model of the first datanet alone: a real, well-formed model, but not of these documents.
  const other = trainMarkov(HAND_DATANETS[0]!.documents.map((d) => d.text));
  const lm: NgramManifest = { ...manifest, languageModel: { hash: store.put(other) } };
  await rejects(attributeNgram({ manifest: lm, source: store, outputs: ['x'] }), 'LM_MISMATCH', 'manifest.languageModel', manifest.languageModel.hash);
  // The same documents in another order train another model, so the order is committed too.
  const reordered = trainMarkov(HAND_DATANETS.flatMap((d) => d.documents.map((x) => x.text)).reverse());
  await rejects(attributeNgram({ manifest: { ...manifest, languageModel: { hash: store.put(reordered) } }, source: store, outputs: ['x'] }), 'LM_MISMATCH');
});

test('documents that are not the datanet version\'s committed contributions are refused', async () => {
  const edited = HAND_DATANETS.map((d) => ({ ...d, documents: d.documents.map((x) => ({ ...x })) }));
  const { manifest, store } = publish();
  edited[1]!.documents[0]!.text = 'one two three four five SIX';
  const forged = publish(edited);
  // The forged documents under the honest manifest's root.
  const swapped: NgramManifest = { ...manifest, datanets: [manifest.datanets[0]!, { ...manifest.datanets[1]!, rows: forged.manifest.datanets[1]!.rows }] };
  for (const h of [forged.manifest.datanets[1]!.rows.hash]) store.putBytes(await forged.store.get(h));
  await rejects(attributeNgram({ manifest: swapped, source: store, outputs: ['x'] }), 'MERKLE_ROOT_MISMATCH', 'datanet 2 v1');
});

test('with no kept span the even split is over contributions (N = 3 here), not over the 4 documents', async () => {
  const { manifest, store } = publish();
  const [shares] = await attributeNgram({ manifest, source: store, outputs: ['zzz'] });
  assert.equal(HAND_DATANETS.flatMap((d) => d.documents).length, 4);
  assert.deepEqual(shares, EVEN);
});
