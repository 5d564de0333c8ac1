/**
 * Fixtures shared by the n-gram tests: the hand-checked corpus of the
 * known-answer cases and a one-call way to publish it as real blobs.
 */
import type { Hex } from 'viem';
import { contributionLeaf, merkleRoot } from '../../contracts/merkle.ts';
import { buildCorpus, buildNgramModel, canonicalHash, type Corpus, MemoryBlobStore, type NgramManifest, type SpanParams } from '../../verifier/attribution/index.ts';

/**
 * Two datanets, four documents, three contributions whose ids do not follow
 * document order across datanets (so a tie broken by document order would show);
 * inside each datanet they ascend, as the rows of a datanet version do:
 *   d0 (contribution 7): red green blue yellow one two three
 *   d1 (contribution 3): one two three four five six
 *   d2 (contribution 5): one two three seven
 *   d3 (contribution 5): four five six eight nine
 */
export const HAND_DATANETS: { datanetId: string; documents: { contributionId: string; text: string }[] }[] = [
  {
    datanetId: '1',
    documents: [{ contributionId: '7', text: 'Red green blue yellow one two three' }],
  },
  {
    datanetId: '2',
    documents: [
      { contributionId: '3', text: 'one two three four five six' },
      { contributionId: '5', text: 'one two three seven' },
      { contributionId: '5', text: 'four five six eight nine' },
    ],
  },
];
export const HAND_PARAMS: SpanParams = { minSpan: 3, maxDocuments: 2 };

export function handCorpus(): Corpus {
  return buildCorpus(HAND_DATANETS.flatMap((d) => d.documents.map((x) => ({ contributionId: BigInt(x.contributionId), text: x.text }))));
}

/**
 * The datanet version's Merkle root over these documents, built here from the
 * contracts' tree and the contribution blob written out by hand (docs/attribution.md),
 * not by the engine's own datanetRoot.
 */
export function rootOf(datanetId: string, documents: readonly { contributionId: string; text: string }[]): Hex {
  if (documents.length === 0) return `0x${'00'.repeat(32)}`;
  const ids = [...new Set(documents.map((d) => d.contributionId))];
  const leaves = ids.map((id) => {
    const texts = documents.filter((d) => d.contributionId === id).map((d) => d.text);
    return contributionLeaf(BigInt(id), canonicalHash({ kind: 'openledger-squid/contribution', datanetId, documents: texts }));
  });
  return merkleRoot(leaves);
}

/** Publishes datanets (version 1 each, with their Merkle roots) and a trained language model into a fresh memory store. */
export function publish(
  datanets = HAND_DATANETS,
  params = HAND_PARAMS,
): { manifest: NgramManifest; store: MemoryBlobStore } {
  const store = new MemoryBlobStore();
  const { manifest } = buildNgramModel({
    name: 'hand',
    datanets: datanets.map((d) => ({ ...d, version: 1, root: rootOf(d.datanetId, d.documents) })),
    params,
    store,
  });
  return { manifest, store };
}
