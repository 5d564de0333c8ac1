import { encodeBlob, loadBlob, type BlobSource } from '../blobs.ts';
import { checkDatanetRoot } from '../contributions.ts';
import { checkTextDocuments, type TextDocuments } from '../datasets.ts';
import { AttributionError, mismatch } from '../errors.ts';
import { NGRAM_METHOD, parseManifest, type ModelManifest, type NgramManifest } from '../manifest.ts';
import { sharesFromIntegerWeights, type ShareVector } from '../shares.ts';
import { buildCorpus, encodeTokens, type CorpusDocument } from './corpus.ts';
import { loadLanguageModel } from './lmBlob.ts';
import { trainMarkov, type LanguageModel } from './markov.ts';
import { buildSpanIndex, maximalSpans, type Span, type SpanIndex, type SpanParams } from './spans.ts';
import { checkTokenizer, tokenize } from './tokenizer.ts';
import { contributionWeights } from './weights.ts';

/** A loaded, verified n-gram model: its corpus index is built once and serves many outputs. */
export interface NgramModel {
  manifest: NgramManifest;
  params: SpanParams;
  index: SpanIndex;
  languageModel: LanguageModel;
}

export interface NgramInput {
  manifest: ModelManifest;
  source: BlobSource;
}

/**
 * Checks the manifest, fetches every blob it names (each datanet's documents
 * and the language model), verifies each hash, checks the documents against
 * their version's Merkle root and the language model against the documents
 * (retrained, it must hash the same: LM_MISMATCH), and indexes the corpus.
 */
export async function loadNgramModel({ manifest, source }: NgramInput): Promise<NgramModel> {
  const m = parseManifest(manifest);
  if (m.method !== NGRAM_METHOD) throw mismatch('BAD_MANIFEST', 'manifest.method', NGRAM_METHOD, m.method);
  checkTokenizer(m.tokenizer);
  const documents: CorpusDocument[] = [];
  for (const [i, ref] of m.datanets.entries()) {
    const what = `manifest.datanets[${i}] documents (datanet ${ref.datanetId} v${ref.version})`;
    const blob = checkTextDocuments(await loadBlob<TextDocuments>(source, ref.rows.hash, what, ref.rows.uri), what);
    if (String(blob.datanetId) !== ref.datanetId || blob.version !== ref.version) {
      throw mismatch('BAD_INPUT', `${what} datanet`, `${ref.datanetId} v${ref.version}`, `${blob.datanetId} v${blob.version}`);
    }
    checkDatanetRoot(blob, ref.root, what);
    for (const d of blob.documents) documents.push({ contributionId: BigInt(d.contributionId), text: d.text });
  }
  const languageModel = await loadLanguageModel(source, m.languageModel, 'manifest.languageModel');
  const retrained = encodeBlob(trainMarkov(documents.map((d) => d.text), languageModel.order)).hash;
  if (retrained !== m.languageModel.hash) {
    throw mismatch('LM_MISMATCH', 'manifest.languageModel: the model retrained from the documents (same order) hashes to', m.languageModel.hash, retrained);
  }
  return { manifest: m, params: m.params, index: buildSpanIndex(buildCorpus(documents)), languageModel };
}

/** Everything that went into the shares of one output: evidence for a challenge. */
export interface NgramExplanation {
  tokens: string[];
  spans: Span[];
  weights: Map<bigint, bigint>;
  shares: ShareVector;
}

export function explainOutput(model: NgramModel, text: string): NgramExplanation {
  if (typeof text !== 'string') throw mismatch('BAD_INPUT', 'output', 'a string', typeof text);
  const tokens = tokenize(text);
  const spans = maximalSpans(model.index, encodeTokens(model.index.corpus.vocabulary, tokens), model.params);
  const weights = contributionWeights(model.index.corpus, spans);
  return { tokens, spans, weights, shares: sharesFromIntegerWeights(weights) };
}

/** Shares in ppb of one output text. */
export function attributeOutput(model: NgramModel, text: string): ShareVector {
  return explainOutput(model, text).shares;
}

/** Loads and verifies the model once, then scores every output: one share vector per output, in order. */
export async function attributeNgram(input: NgramInput & { outputs: readonly string[] }): Promise<ShareVector[]> {
  if (!Array.isArray(input.outputs)) throw new AttributionError('BAD_INPUT', 'outputs: expected an array of strings');
  const model = await loadNgramModel(input);
  return input.outputs.map((text) => attributeOutput(model, text));
}
