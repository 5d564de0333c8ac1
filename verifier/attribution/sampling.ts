import { encodePacked, hexToBigInt, keccak256, type Hex } from 'viem';
import { mismatch } from './errors.ts';

/** Sampling rates are given in parts per million of records. */
export const SAMPLE_RATE_DENOMINATOR = 1_000_000n;
/** The seed block is this many blocks after the record's block. */
export const DEFAULT_SEED_DELAY = 1;
/** Default sampling rate: 10% of records (100,000 ppm). */
export const DEFAULT_SAMPLE_RATE_PPM = 100_000;

/** The number keccak256(abi.encodePacked(bytes32 seedBlockHash, uint256 inferenceId)) mod 1e6 compared with the rate. */
export function samplingDraw(seedBlockHash: Hex, inferenceId: bigint): number {
  const seed = keccak256(encodePacked(['bytes32', 'uint256'], [seedBlockHash, inferenceId]));
  return Number(hexToBigInt(seed) % SAMPLE_RATE_DENOMINATOR);
}

/**
 * Whether the record of `inferenceId` is sampled for verification.
 * seed = keccak256(abi.encodePacked(bytes32 seedBlockHash, uint256 inferenceId)),
 * sampled iff uint256(seed) mod 1e6 < ratePpm. The seed block is mined after the
 * record, so the attributor cannot know it in advance; anyone can recompute it.
 */
export function isSampled(seedBlockHash: Hex, inferenceId: bigint, ratePpm: number): boolean {
  checkRate(ratePpm);
  return samplingDraw(seedBlockHash, inferenceId) < ratePpm;
}

/** The block whose hash seeds the sampling of a record mined in `recordBlock`. */
export function seedBlockFor(recordBlock: bigint, delay = DEFAULT_SEED_DELAY): bigint {
  if (!Number.isInteger(delay) || delay < 1) throw mismatch('BAD_INPUT', 'seed delay', 'an integer >= 1', delay);
  return recordBlock + BigInt(delay);
}

export type SamplingStatus =
  | { state: 'wait'; reason: 'seed block not mined' | 'seed block not final'; seedBlock: bigint }
  | { state: 'decided'; sampled: boolean; seedBlock: bigint; draw: number };

/**
 * The selection of one record as the chain stands: undecided while the seed block
 * is not mined (`head < seedBlock`) or not final (`head < seedBlock + finality`,
 * the network's finality depth in blocks, as the indexer uses), then decided once
 * and for all from the final seed block's hash. `seedBlockHash` is needed only then.
 */
export function samplingStatus(p: {
  recordBlock: bigint;
  inferenceId: bigint;
  ratePpm: number;
  head: bigint;
  finality: number;
  seedBlockHash?: Hex;
  delay?: number;
}): SamplingStatus {
  checkRate(p.ratePpm);
  if (!Number.isInteger(p.finality) || p.finality < 0) throw mismatch('BAD_INPUT', 'finality depth', 'a non-negative integer', p.finality);
  const seedBlock = seedBlockFor(p.recordBlock, p.delay);
  if (p.head < seedBlock) return { state: 'wait', reason: 'seed block not mined', seedBlock };
  if (p.head < seedBlock + BigInt(p.finality)) return { state: 'wait', reason: 'seed block not final', seedBlock };
  if (!p.seedBlockHash) throw mismatch('BAD_INPUT', `hash of final seed block ${seedBlock}`, 'a 32-byte hex', 'none');
  const draw = samplingDraw(p.seedBlockHash, p.inferenceId);
  return { state: 'decided', sampled: draw < p.ratePpm, seedBlock, draw };
}

function checkRate(ratePpm: number): void {
  if (!Number.isInteger(ratePpm) || ratePpm < 0 || ratePpm > 1_000_000) {
    throw mismatch('BAD_INPUT', 'sample rate (ppm)', 'an integer in [0, 1000000]', ratePpm);
  }
}
