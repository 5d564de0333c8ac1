import { AttributionError, assertFinite, mismatch } from './errors.ts';

/** Parts per billion: posted shares of one inference sum to exactly this. */
export const PPB = 1_000_000_000;
/** Default dispute threshold on total-variation distance. */
export const DEFAULT_TOLERANCE = 1e-4;

/**
 * Shares of one inference: contribution ids ascending, each with a positive
 * share in parts per billion; the shares sum to exactly {@link PPB}.
 */
export interface ShareVector {
  contributionIds: bigint[];
  ppb: number[];
}

/** Sums per-row scores into per-contribution scores (float64). */
export function aggregateByContribution(rowScores: ArrayLike<number>, rowContributions: readonly bigint[]): Map<bigint, number> {
  if (rowScores.length !== rowContributions.length) {
    throw mismatch('BAD_SHAPE', 'row scores length', rowContributions.length, rowScores.length);
  }
  assertFinite(rowScores, 'row scores');
  const out = new Map<bigint, number>();
  for (let i = 0; i < rowScores.length; i++) {
    const id = rowContributions[i]!;
    out.set(id, (out.get(id) ?? 0) + rowScores[i]!);
  }
  return out;
}

/**
 * Positive part, normalise, round to ppb by largest remainder.
 * When no contribution has positive influence the mass is split evenly
 * over all contributions given (documented in docs/attribution.md).
 */
export function sharesFromScores(scores: Map<bigint, number>): ShareVector {
  const ids = sortedIds(scores.keys());
  if (ids.length === 0) throw new AttributionError('EMPTY_DATANET', 'scores: expected at least one contribution, got none');
  const positive = ids.map((id) => Math.max(0, scores.get(id)!));
  assertFinite(positive, 'contribution scores');
  const total = positive.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return evenShares(ids);
  const quotas = positive.map((p) => (p / total) * PPB);
  const floors = quotas.map((q) => Math.min(PPB, Math.floor(q)));
  const remainders = quotas.map((q, i) => q - floors[i]!);
  return distribute(ids, floors, (a, b) => remainders[b]! - remainders[a]!);
}

/** Exact variant for integer weights (n-gram method): bit-identical everywhere. */
export function sharesFromIntegerWeights(weights: Map<bigint, bigint>): ShareVector {
  const ids = sortedIds(weights.keys());
  if (ids.length === 0) throw new AttributionError('EMPTY_DATANET', 'weights: expected at least one contribution, got none');
  const positive = ids.map((id) => {
    const w = weights.get(id)!;
    return w > 0n ? w : 0n;
  });
  const total = positive.reduce((a, b) => a + b, 0n);
  if (total === 0n) return evenShares(ids);
  const scaled = positive.map((w) => w * BigInt(PPB));
  const floors = scaled.map((s) => Number(s / total));
  const remainders = scaled.map((s) => s % total);
  return distribute(ids, floors, (a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : 0));
}

function evenShares(ids: bigint[]): ShareVector {
  const floors = ids.map(() => Math.floor(PPB / ids.length));
  return distribute(ids, floors, () => 0);
}

/**
 * Hands out the units left after flooring, one each, in order of largest
 * remainder, ties to the lower contribution id; drops zero shares.
 */
function distribute(ids: bigint[], floors: number[], byRemainderDesc: (a: number, b: number) => number): ShareVector {
  let left = PPB - floors.reduce((a, b) => a + b, 0);
  const order = ids.map((_, i) => i).sort((a, b) => byRemainderDesc(a, b) || (ids[a]! < ids[b]! ? -1 : 1));
  const ppb = floors.slice();
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) ppb[order[k]!]! += 1;
  const out: ShareVector = { contributionIds: [], ppb: [] };
  ids.forEach((id, i) => {
    if (ppb[i]! > 0) {
      out.contributionIds.push(id);
      out.ppb.push(ppb[i]!);
    }
  });
  return out;
}

function sortedIds(keys: Iterable<bigint>): bigint[] {
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Throws BAD_SHARES unless `v` is a well-formed share vector. */
export function validateShares(v: ShareVector, what = 'shares'): void {
  if (v.contributionIds.length !== v.ppb.length) {
    throw mismatch('BAD_SHARES', `${what} lengths (ids vs shares)`, v.contributionIds.length, v.ppb.length);
  }
  let sum = 0;
  for (let i = 0; i < v.ppb.length; i++) {
    const s = v.ppb[i]!;
    if (!Number.isInteger(s) || s < 0) throw mismatch('BAD_SHARES', `${what}[${i}]`, 'a non-negative integer', s);
    if (i > 0 && !(v.contributionIds[i - 1]! < v.contributionIds[i]!)) {
      throw mismatch('BAD_SHARES', `${what} contribution ids`, 'strictly ascending', v.contributionIds.join(','));
    }
    sum += s;
  }
  if (sum !== PPB) throw mismatch('BAD_SHARES', `${what} sum`, PPB, sum);
}

/** Total-variation distance between two share vectors, in [0, 1]. */
export function totalVariation(a: ShareVector, b: ShareVector): number {
  const diff = new Map<bigint, number>();
  a.contributionIds.forEach((id, i) => diff.set(id, (diff.get(id) ?? 0) + a.ppb[i]!));
  b.contributionIds.forEach((id, i) => diff.set(id, (diff.get(id) ?? 0) - b.ppb[i]!));
  let sum = 0;
  for (const d of diff.values()) sum += Math.abs(d);
  return sum / 2 / PPB;
}

export interface ShareComparison {
  distance: number;
  tolerance: number;
  dispute: boolean;
}

/** Compares posted against recomputed shares: a dispute when TV distance exceeds the tolerance. */
export function compareShares(posted: ShareVector, recomputed: ShareVector, tolerance = DEFAULT_TOLERANCE): ShareComparison {
  validateShares(posted, 'posted shares');
  validateShares(recomputed, 'recomputed shares');
  const distance = totalVariation(posted, recomputed);
  return { distance, tolerance, dispute: distance > tolerance };
}
