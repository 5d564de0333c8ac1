// The service's one door to the attribution engine. Everything the watchdog needs from the engine
// comes through here, so that switching to the engine's public front (verifier/attribution/index.ts)
// is a change of this file only.
export { AttributionError } from '../attribution/errors.ts';
export { decodeBlob, encodeBlob, type BlobSource } from '../attribution/blobs.ts';
export { compareShares, DEFAULT_TOLERANCE, PPB, totalVariation, validateShares, type ShareVector } from '../attribution/shares.ts';
export { isSampled, seedBlockFor, DEFAULT_SEED_DELAY } from '../attribution/sampling.ts';
export { GRADIENT_METHOD, NGRAM_METHOD, parseManifest, type ModelManifest } from '../attribution/manifest.ts';
export { currentBackend } from '../attribution/backend.ts';
export { loadGradientModel, type GradientModel } from '../attribution/gradient/model.ts';
export { attributeWithModel, resolveInputs } from '../attribution/gradient/attribute.ts';
export { FactorCache } from '../attribution/gradient/factors.ts';
export { loadNgramModel, attributeOutput, type NgramModel } from '../attribution/ngram/attribute.ts';
export { loadTextOutput } from '../attribution/ngram/texts.ts';

/** Names the engine's method versions and this service in evidence and verdicts. */
export const ENGINE_VERSION = 'openledger-squid-attribution/1';
