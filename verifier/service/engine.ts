// The service's one door to the attribution engine (its public front) and the artifact resolver.
export {
  AttributionError, ENGINE_VERSION, DEFAULT_SAMPLE_RATE_PPM, DEFAULT_SEED_DELAY, blobUri, DEFAULT_TOLERANCE, FactorCache, GRADIENT_METHOD, NGRAM_METHOD, PPB, attributeOutput,
  attributeWithModel, compareShares, currentBackend, decodeBlob, encodeBlob, isSampled, loadGradientModel, loadNgramModel, loadTextOutput,
  parseManifest, resolveInputs, samplingStatus, seedBlockFor, totalVariation, validateShares,
  type BlobSource, type GradientModel, type ModelManifest, type NgramModel, type SamplingStatus, type ShareVector,
} from '../attribution/index.ts';
export { BlobHashMismatchError, BlobUnavailableError, createBlobResolver, type BlobResolver } from '../content/index.ts';
