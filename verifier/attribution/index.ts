/**
 * The attribution engine's one public front: the verifier service, the devnet,
 * the benchmarks and the tests outside verifier/attribution/ import only this
 * file (scripts/layering.test.ts enforces it). What is not exported here is an
 * implementation detail of the engine.
 */

/** Engine identity written into evidence: bump the suffix when shares can change. */
export const ENGINE_VERSION = 'openledger-squid-attribution/1';

// Errors, hashing and canonical JSON (docs/attribution.md sections 1 and 8).
export { AttributionError, mismatch, type AttributionErrorCode } from './errors.ts';
export { canonicalBytes, canonicalHash, canonicalJson } from './canonical.ts';
export { MemoryBlobStore, blobUri, decodeBlob, encodeBlob, hashOfBlobUri, loadBlob, verifyBlob, type Blob, type BlobSource } from './blobs.ts';

// Manifests and datasets (section 2).
export {
  GRADIENT_METHOD,
  MANIFEST_KIND,
  METHODS,
  NGRAM_METHOD,
  parseManifest,
  type BlobRef,
  type CheckpointRef,
  type DatanetRef,
  type GradientManifest,
  type MethodVersion,
  type ModelManifest,
  type NgramManifest,
} from './manifest.ts';
export { checkManifestAgainstChain, methodId, type ChainFacts } from './chainChecks.ts';
export { CONTRIBUTION_KIND, checkDatanetRoot, contributionBlob, contributionsOf, datanetRoot, type ContributionContent } from './contributions.ts';
export { TABULAR_ROWS, TEXT_DOCUMENTS, checkTabularRows, checkTextDocuments, type TabularRow, type TabularRows, type TextDocument, type TextDocuments } from './datasets.ts';

// Shares, comparison, sampling (sections 5 to 7).
export {
  DEFAULT_TOLERANCE,
  PPB,
  aggregateByContribution,
  compareShares,
  sharesFromIntegerWeights,
  sharesFromScores,
  totalVariation,
  validateShares,
  type ShareComparison,
  type ShareVector,
} from './shares.ts';
export { DEFAULT_SAMPLE_RATE_PPM, DEFAULT_SEED_DELAY, SAMPLE_RATE_DENOMINATOR, isSampled, samplingDraw, samplingStatus, seedBlockFor, type SamplingStatus } from './sampling.ts';

// Compute backend.
export { BACKEND_PREFERENCE, currentBackend, initBackend, type BackendInfo, type BackendName } from './backend.ts';
export { Mulberry32, mulberry32, type Uniform } from './prng.ts';

// The gradient method (section 3).
export { attributeGradient, attributeWithModel, resolveInputs, type GradientAttribution, type GradientInput, type ScoreOptions } from './gradient/attribute.ts';
export { loadGradientModel, type GradientModel } from './gradient/model.ts';
export { FactorCache } from './gradient/factors.ts';
export { DEFAULT_MAX_PAIRS_PER_BATCH, forEachScoreBatch, tracinScores, type ScoreMatrix, type ScoringModel } from './gradient/tracin.ts';
export { CLASS_OUTPUT_KIND, TABULAR_INPUT_KIND, checkLabelledInput, loadInference, packInputs, type InferenceRef, type LabelledInput } from './gradient/test-inputs.ts';
export { CHECKPOINT_KIND, type MlpCheckpoint } from './gradient/checkpoint.ts';
export { firstRows, trainingSetFromRows, type TrainingSet } from './gradient/training-set.ts';
export { trainMlp, type TrainOptions, type TrainedModel } from './gradient/train.ts';
export { referencePredict, referenceScores, scaledMaxError } from './gradient/reference.ts';
export { disposeNetwork, networkTensors } from './gradient/network.ts';
export { materialisedScores, packTrainingRows, perExampleGradients } from './gradient/materialised.ts';
export { syntheticInferences, syntheticRows, syntheticSetup, type SyntheticOptions, type SyntheticSetup } from './gradient/synthetic.ts';

// The n-gram method (section 4).
export { attributeNgram, attributeOutput, explainOutput, loadNgramModel, type NgramExplanation, type NgramInput, type NgramModel } from './ngram/attribute.ts';
export { DEFAULT_NGRAM_PARAMS, buildNgramModel, type BuildNgramOptions, type NgramDatanetInput } from './ngram/build.ts';
export { buildCorpus, type Corpus, type CorpusDocument } from './ngram/corpus.ts';
export { generate, trainMarkov, type LanguageModel } from './ngram/markov.ts';
export { TEXT_OUTPUT, TEXT_PROMPT, loadTextOutput, loadTextPrompt, textOutputBlob, textPromptBlob } from './ngram/texts.ts';
export { tokenize } from './ngram/tokenizer.ts';
export type { Span, SpanParams } from './ngram/spans.ts';
