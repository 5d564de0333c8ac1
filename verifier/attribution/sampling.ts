import { encodePacked, hexToBigInt, keccak256, type Hex } from 'viem';
import { mismatch } from './errors.ts';

/** Sampling rates are given in parts per million of records. */
export const SAMPLE_RATE_DENOMINATOR = 1_000_000n;
/** The seed block is this many blocks after the record's block. */
export const DEFAULT_SEED_DELAY = 1;

/**
 * Whether the record of `inferenceId` is sampled for verification.
 * seed = keccak256(abi.encodePacked(bytes32 seedBlockHash, uint256 inferenceId)),
 * sampled iff uint256(seed) mod 1e6 < ratePpm. The seed block is mined after the
 * record, so the attributor cannot know it in advance; anyone can recompute it.
 */
export function isSampled(seedBlockHash: Hex, inferenceId: bigint, ratePpm: number): boolean {
  if (!Number.isInteger(ratePpm) || ratePpm < 0 || ratePpm > 1_000_000) {
    throw mismatch('BAD_INPUT', 'sample rate (ppm)', 'an integer in [0, 1000000]', ratePpm);
  }
  const seed = keccak256(encodePacked(['bytes32', 'uint256'], [seedBlockHash, inferenceId]));
  return hexToBigInt(seed) % SAMPLE_RATE_DENOMINATOR < BigInt(ratePpm);
}

/** The block whose hash seeds the sampling of a record mined in `recordBlock`. */
export function seedBlockFor(recordBlock: bigint, delay = DEFAULT_SEED_DELAY): bigint {
  return recordBlock + BigInt(delay);
}
