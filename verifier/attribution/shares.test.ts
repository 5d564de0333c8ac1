import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AttributionError } from './errors.ts';
import { PPB, aggregateByContribution, compareShares, sharesFromIntegerWeights, sharesFromScores, totalVariation, validateShares, type ShareVector } from './shares.ts';

function sum(v: ShareVector): number {
  return v.ppb.reduce((a, b) => a + b, 0);
}

function mulberry(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('shares sum to exactly 1e9 for random score vectors', () => {
  const rand = mulberry(7);
  for (let trial = 0; trial < 500; trial++) {
    const n = 1 + Math.floor(rand() * 60);
    const scores = new Map<bigint, number>();
    for (let i = 0; i < n; i++) scores.set(BigInt(Math.floor(rand() * 1e6)), (rand() - 0.3) * 10 ** Math.floor(rand() * 12 - 6));
    const v = sharesFromScores(scores);
    assert.equal(sum(v), PPB, `trial ${trial}`);
    validateShares(v);
  }
});

test('rounding ties go to the lower contribution id, compared as numbers (9 before 10, not as strings)', () => {
  // Three equal thirds: 333,333,333 each and one unit left, which goes to the lowest id.
  for (const ids of [[9n, 2n, 5n], [10n, 9n, 100n], [30n, 20n, 10n]]) {
    const sorted = [...ids].sort((a, b) => (a < b ? -1 : 1));
    const v = sharesFromScores(new Map(ids.map((id) => [id, 1])));
    assert.deepEqual(v.contributionIds, sorted);
    assert.deepEqual(v.ppb, [333_333_334, 333_333_333, 333_333_333]);
    assert.deepEqual(sharesFromIntegerWeights(new Map(ids.map((id) => [id, 1n]))), v);
  }
});

test('largest remainder beats a lower id', () => {
  // weights 1 : 2 over 3 -> 333,333,333.33 and 666,666,666.67; the unit goes to the larger remainder (id 8).
  const v = sharesFromIntegerWeights(new Map([[1n, 1n], [8n, 2n]]));
  assert.deepEqual(v.ppb, [333_333_333, 666_666_667]);
});

test('negative influence is cut to zero and dropped', () => {
  const v = sharesFromScores(new Map([[1n, -5], [2n, 3], [3n, 1]]));
  assert.deepEqual(v.contributionIds, [2n, 3n]);
  assert.deepEqual(v.ppb, [750_000_000, 250_000_000]);
});

test('no positive influence splits evenly over all contributions', () => {
  const v = sharesFromScores(new Map([[4n, -1], [2n, 0], [3n, -2]]));
  assert.deepEqual(v.contributionIds, [2n, 3n, 4n]);
  assert.equal(sum(v), PPB);
  assert.deepEqual(v.ppb, [333_333_334, 333_333_333, 333_333_333]);
});

test('aggregation sums rows per contribution and checks lengths and finiteness', () => {
  const m = aggregateByContribution([1, 2, 3, 4], [7n, 8n, 7n, 9n]);
  assert.deepEqual([...m.entries()], [[7n, 4], [8n, 2], [9n, 4]]);
  assert.throws(() => aggregateByContribution([1, 2], [1n]), (e: AttributionError) => e.code === 'BAD_SHAPE');
  assert.throws(() => aggregateByContribution([1, Number.NaN], [1n, 2n]), (e: AttributionError) => e.code === 'NON_FINITE' && /index 1/.test(e.message));
  assert.throws(() => sharesFromScores(new Map()), (e: AttributionError) => e.code === 'EMPTY_DATANET');
});

test('total-variation distance and dispute flag', () => {
  const a: ShareVector = { contributionIds: [1n, 2n], ppb: [600_000_000, 400_000_000] };
  const b: ShareVector = { contributionIds: [2n, 3n], ppb: [400_000_000, 600_000_000] };
  assert.equal(totalVariation(a, a), 0);
  assert.equal(totalVariation(a, b), 0.6);
  const near: ShareVector = { contributionIds: [1n, 2n], ppb: [600_050_000, 399_950_000] };
  assert.equal(compareShares(a, near).dispute, false); // 5e-5 <= 1e-4
  const far: ShareVector = { contributionIds: [1n, 2n], ppb: [600_200_000, 399_800_000] };
  const c = compareShares(a, far);
  assert.equal(c.dispute, true);
  assert.ok(Math.abs(c.distance - 2e-4) < 1e-15);
});

test('validateShares names what is wrong', () => {
  assert.throws(
    () => validateShares({ contributionIds: [1n, 2n], ppb: [1, 2] }),
    (e: AttributionError) => e.code === 'BAD_SHARES' && e.message.includes('expected 1000000000, got 3'),
  );
  assert.throws(
    () => validateShares({ contributionIds: [2n, 1n], ppb: [500_000_000, 500_000_000] }),
    (e: AttributionError) => e.code === 'BAD_SHARES' && e.message.includes('ascending'),
  );
  assert.throws(() => validateShares({ contributionIds: [1n], ppb: [PPB, 0] }), (e: AttributionError) => e.code === 'BAD_SHARES');
});

/** The steps of docs/attribution.md section 5, written out in their documented order. */
function specShares(scores: Map<bigint, number>): ShareVector {
  const ids = [...scores.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const s = ids.map((id) => Math.max(0, scores.get(id)!));
  let total = 0;
  for (const x of s) total += x;
  const quota = total > 0 ? s.map((x) => (x / total) * 1e9) : ids.map(() => 1e9 / ids.length);
  const floors = total > 0 ? quota.map(Math.floor) : ids.map(() => Math.floor(1e9 / ids.length));
  const rem = total > 0 ? quota.map((q, i) => q - floors[i]!) : ids.map(() => 0);
  let left = 1e9 - floors.reduce((a, b) => a + b, 0);
  const order = ids.map((_, i) => i).sort((a, b) => (rem[b]! !== rem[a]! ? rem[b]! - rem[a]! : ids[a]! < ids[b]! ? -1 : 1));
  const ppb = floors.slice();
  for (let k = 0; left > 0; k++, left--) ppb[order[k % order.length]!]! += 1;
  const keep = ids.map((_, i) => i).filter((i) => ppb[i]! > 0);
  return { contributionIds: keep.map((i) => ids[i]!), ppb: keep.map((i) => ppb[i]!) };
}

test('shares follow the documented order of operations, ties included', () => {
  const rand = mulberry(11);
  for (let trial = 0; trial < 500; trial++) {
    const n = 1 + Math.floor(rand() * 40);
    const scores = new Map<bigint, number>();
    // Few distinct values make many exact ties in the remainders.
    const values = [1, 2, 3, 0.1, 7e-9, -1];
    for (let i = 0; i < n; i++) scores.set(BigInt(Math.floor(rand() * 1e4)), trial % 2 ? values[Math.floor(rand() * values.length)]! : rand() * 10 - 2);
    assert.deepEqual(sharesFromScores(scores), specShares(scores), `trial ${trial}`);
  }
});
