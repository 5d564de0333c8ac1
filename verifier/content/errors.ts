import type { Hex } from 'viem';
import { AttributionError } from '../attribution/index.ts';

/** One place a blob was looked for, and what came back (locations are shown without credentials). */
export interface BlobAttempt {
  location: string;
  outcome: 'not-found' | 'unavailable' | 'mismatch' | 'refused';
  detail: string;
  transient: boolean;
}

/**
 * No configured store (nor the hint) produced the blob. `transient` is true when
 * at least one place failed in a way that may heal (HTTP 5xx/408/429, timeout,
 * connection refused, I/O error): retry later. False when every place answered
 * that it does not have the blob (404/410, missing file): the artifact is gone.
 */
export class BlobUnavailableError extends AttributionError {
  constructor(
    readonly hash: Hex,
    readonly transient: boolean,
    readonly attempts: readonly BlobAttempt[],
  ) {
    super(
      'BLOB_UNAVAILABLE',
      `blob ${hash}: expected bytes from one of ${attempts.length} location(s), got ${attempts.length === 0 ? 'no location to ask' : attempts.map((a) => `${a.location}: ${a.detail}`).join('; ')}${transient ? ' (transient: retry later)' : ''}`,
      { hash, transient, attempts },
    );
  }
}

/** A store answered with bytes whose keccak256 is not the hash asked for (and no store had the right bytes). */
export class BlobHashMismatchError extends AttributionError {
  constructor(
    readonly expected: Hex,
    readonly got: Hex,
    readonly location: string,
  ) {
    super('BLOB_HASH_MISMATCH', `blob hash from ${location}: expected ${expected}, got ${got}`, { expected, got, location });
  }
}
