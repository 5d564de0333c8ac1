import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodePacked, hexToBigInt, keccak256, type Hex } from 'viem';
import { keccak_256 } from '@noble/hashes/sha3';
import { AttributionError } from './errors.ts';
import { DEFAULT_SAMPLE_RATE_PPM, isSampled, samplingDraw, samplingStatus, seedBlockFor } from './sampling.ts';

const hash = (i: number): Hex => keccak256(encodePacked(['string', 'uint256'], ['block', BigInt(i)]));

test('sampling follows the documented formula and the rate', () => {
  let hits = 0;
  for (let i = 0; i < 20_000; i++) {
    const h = hash(i % 50);
    const id = BigInt(i);
    const expected = hexToBigInt(keccak256(encodePacked(['bytes32', 'uint256'], [h, id]))) % 1_000_000n < 100_000n;
    const got = isSampled(h, id, 100_000);
    assert.equal(got, expected);
    if (got) hits++;
  }
  // 10% rate: 2,000 expected; binomial sd ~42, so this bound fails only if the rule is wrong.
  assert.ok(hits > 1_750 && hits < 2_250, `hits ${hits}`);
  assert.equal(isSampled(hash(1), 5n, 0), false);
  assert.equal(isSampled(hash(1), 5n, 1_000_000), true);
});

test('a different seed block changes which records are sampled', () => {
  const a = Array.from({ length: 200 }, (_, i) => isSampled(hash(1), BigInt(i), 500_000));
  const b = Array.from({ length: 200 }, (_, i) => isSampled(hash(2), BigInt(i), 500_000));
  assert.notDeepEqual(a, b);
  assert.equal(seedBlockFor(10n), 11n);
  assert.equal(seedBlockFor(10n, 3), 13n);
});

test('an out-of-range rate is refused', () => {
  assert.throws(() => isSampled(hash(1), 1n, 1_000_001), (e: AttributionError) => e.code === 'BAD_INPUT');
  assert.throws(() => isSampled(hash(1), 1n, 0.5), (e: AttributionError) => e.code === 'BAD_INPUT');
});

/**
 * The known-answer vector of docs/attribution.md section 7. The seed block hash is
 * keccak256 of the ASCII text "openledger-squid sampling known answer".
 */
const VECTOR_HASH: Hex = '0x31feec8525ef5d182337f2c0e34a3e62eefa976bf54ae424651e0217b3a4b27a';
const VECTOR: [id: bigint, ratePpm: number, draw: number, sampled: boolean][] = [
  [8n, 100_000, 41_567, true],
  [688n, 100_000, 374_541, false],
  [1n, 400_000, 388_717, true],
  [2n, 400_000, 909_047, false],
];

/** The draw built byte by byte with another keccak implementation: 32 bytes of hash, 32 big-endian bytes of id. */
function independentDraw(blockHash: Hex, id: bigint): number {
  const bytes = new Uint8Array(64);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(blockHash.slice(2 + 2 * i, 4 + 2 * i), 16);
  for (let i = 63, v = id; i >= 32; i--, v >>= 8n) bytes[i] = Number(v & 0xffn);
  let n = 0n;
  for (const b of keccak_256(bytes)) n = (n << 8n) | BigInt(b);
  return Number(n % 1_000_000n);
}

test('the known-answer vector of the spec', () => {
  assert.equal(VECTOR_HASH, keccak256(new TextEncoder().encode('openledger-squid sampling known answer')));
  assert.equal(DEFAULT_SAMPLE_RATE_PPM, 100_000);
  for (const [id, rate, draw, sampled] of VECTOR) {
    assert.equal(independentDraw(VECTOR_HASH, id), draw, `vector ${id}`);
    assert.equal(samplingDraw(VECTOR_HASH, id), draw, `engine draw ${id}`);
    assert.equal(isSampled(VECTOR_HASH, id, rate), sampled, `engine verdict ${id} at ${rate}`);
  }
});

test('the selection waits while the seed block is not mined or not final, then decides once', () => {
  const at = (head: bigint, finality = 2) => samplingStatus({ recordBlock: 100n, inferenceId: 8n, ratePpm: 100_000, head, finality, seedBlockHash: VECTOR_HASH });
  assert.deepEqual(at(100n), { state: 'wait', reason: 'seed block not mined', seedBlock: 101n });
  assert.deepEqual(at(101n), { state: 'wait', reason: 'seed block not final', seedBlock: 101n });
  assert.deepEqual(at(102n), { state: 'wait', reason: 'seed block not final', seedBlock: 101n });
  assert.deepEqual(at(103n), { state: 'decided', sampled: true, seedBlock: 101n, draw: 41_567 });
  assert.deepEqual(at(10_000n), at(103n));
  // Finality 0 (a devnet that never reorganises): decided as soon as the seed block is mined.
  assert.equal(at(101n, 0).state, 'decided');
  assert.throws(() => samplingStatus({ recordBlock: 100n, inferenceId: 8n, ratePpm: 100_000, head: 200n, finality: 2 }), (e: AttributionError) => e.code === 'BAD_INPUT' && /seed block 101/.test(e.message));
  assert.throws(() => seedBlockFor(1n, 0), (e: AttributionError) => e.code === 'BAD_INPUT');
});
