import type { Hex } from 'viem';
import { TEXT_DOCUMENTS, type TextDocument, type TextDocuments } from '../datasets.ts';
import { MANIFEST_KIND, NGRAM_METHOD, type NgramManifest } from '../manifest.ts';
import { DEFAULT_ORDER, trainMarkov, type LanguageModel } from './markov.ts';
import type { SpanParams } from './spans.ts';
import { TOKENIZER_ID } from './tokenizer.ts';

/** Parameters the devnet uses unless told otherwise. */
export const DEFAULT_NGRAM_PARAMS: SpanParams = { minSpan: 4, maxDocuments: 16 };

export interface NgramDatanetInput {
  datanetId: string;
  version: number;
  /** Merkle root of the version's approved contributions, as published on chain. */
  root: Hex;
  documents: TextDocument[];
}

export interface BuildNgramOptions {
  name: string;
  /** Datanet versions in training order. */
  datanets: NgramDatanetInput[];
  params?: SpanParams;
  order?: number;
  /** Where blobs go: stores canonical JSON of `value`, returns its keccak256. */
  store: { put(value: unknown): Hex };
}

/**
 * What the devnet does to publish an n-gram model: stores each datanet's
 * documents blob, trains the Markov model on all documents in training order,
 * stores it, and returns the manifest that commits to all of them.
 */
export function buildNgramModel(o: BuildNgramOptions): { manifest: NgramManifest; languageModel: LanguageModel } {
  // References are hashes only: where the blobs live is the reader's configuration.
  const ref = (value: unknown) => ({ hash: o.store.put(value) });
  const datanets = o.datanets.map((d) => {
    const blob: TextDocuments = { kind: TEXT_DOCUMENTS, datanetId: d.datanetId, version: d.version, documents: d.documents };
    return { datanetId: d.datanetId, version: d.version, root: d.root, rows: ref(blob) };
  });
  const languageModel = trainMarkov(
    o.datanets.flatMap((d) => d.documents.map((doc) => doc.text)),
    o.order ?? DEFAULT_ORDER,
  );
  const manifest: NgramManifest = {
    kind: MANIFEST_KIND,
    method: NGRAM_METHOD,
    model: { name: o.name },
    datanets,
    tokenizer: TOKENIZER_ID,
    params: { ...(o.params ?? DEFAULT_NGRAM_PARAMS) },
    languageModel: ref(languageModel),
  };
  return { manifest, languageModel };
}
