/**
 * Fixtures shared by the n-gram tests: the hand-checked corpus of the
 * known-answer cases and a one-call way to publish it as real blobs.
 */
import type { Hex } from 'viem';
import { buildCorpus, buildNgramModel, type Corpus, MemoryBlobStore, type NgramManifest, type SpanParams } from '../../verifier/attribution/index.ts';

export const ROOT: Hex = `0x${'11'.repeat(32)}`;

/**
 * Two datanets, four documents, three contributions whose ids do not follow
 * document order (so a tie broken by document order would show):
 *   d0 (contribution 7): red green blue yellow one two three
 *   d1 (contribution 3): one two three four five six
 *   d2 (contribution 5): one two three seven
 *   d3 (contribution 5): four five six eight nine
 */
export const HAND_DATANETS: { datanetId: string; documents: { contributionId: string; text: string }[] }[] = [
  {
    datanetId: '1',
    documents: [
      { contributionId: '7', text: 'Red green blue yellow one two three' },
      { contributionId: '3', text: 'one two three four five six' },
    ],
  },
  {
    datanetId: '2',
    documents: [
      { contributionId: '5', text: 'one two three seven' },
      { contributionId: '5', text: 'four five six eight nine' },
    ],
  },
];
export const HAND_PARAMS: SpanParams = { minSpan: 3, maxDocuments: 2 };

export function handCorpus(): Corpus {
  return buildCorpus(HAND_DATANETS.flatMap((d) => d.documents.map((x) => ({ contributionId: BigInt(x.contributionId), text: x.text }))));
}

/** Publishes datanets (version 1 each) and a trained language model into a fresh memory store. */
export function publish(
  datanets = HAND_DATANETS,
  params = HAND_PARAMS,
): { manifest: NgramManifest; store: MemoryBlobStore } {
  const store = new MemoryBlobStore();
  const { manifest } = buildNgramModel({
    name: 'hand',
    datanets: datanets.map((d) => ({ ...d, version: 1, root: ROOT })),
    params,
    store,
  });
  return { manifest, store };
}
