import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareShares, PPB, type ShareVector, validateShares } from '../../verifier/attribution/index.ts';
import { falsifyShares } from './falsify.ts';
import { Random } from './random.ts';

const honest: ShareVector = { contributionIds: [1n, 2n, 3n, 4n], ppb: [400_000_000, 300_000_000, 200_000_000, 100_000_000] };

test('every falsification is a well-formed record that disputes at the default tolerance', () => {
  const rng = new Random(3);
  const kinds = new Set<string>();
  for (let i = 0; i < 60; i++) {
    const { shares, kind } = falsifyShares(honest, rng, 9n);
    kinds.add(kind);
    validateShares(shares);
    assert.ok(compareShares(honest, shares).dispute, `${kind} should dispute`);
  }
  assert.deepEqual([...kinds].sort(), ['drop', 'swap', 'sybil']);
});

test('the sybil move gives the sybil 5% and a one-contribution record cannot be swapped or dropped', () => {
  const single: ShareVector = { contributionIds: [7n], ppb: [PPB] };
  const rng = new Random(1);
  for (let i = 0; i < 10; i++) {
    const { shares, kind } = falsifyShares(single, rng, 9n);
    assert.equal(kind, 'sybil');
    assert.deepEqual(shares, { contributionIds: [7n, 9n], ppb: [950_000_000, 50_000_000] });
  }
});
