/**
 * The artifact resolver: blobs by keccak256 hash through configured stores
 * (docs/attribution.md, "Artifact references"). The verifier imports this file only.
 */
export { createBlobResolver, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS, type BlobResolver, type BlobResolverOptions } from './resolver.ts';
export { BlobHashMismatchError, BlobUnavailableError, type BlobAttempt } from './errors.ts';
export { redact } from './locations.ts';
