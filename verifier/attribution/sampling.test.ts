import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodePacked, hexToBigInt, keccak256, type Hex } from 'viem';
import { AttributionError } from './errors.ts';
import { isSampled, seedBlockFor } from './sampling.ts';

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
