import { compareShares, sharesFromIntegerWeights, type ShareVector } from '../../verifier/attribution/index.ts';
import type { Random } from './random.ts';
import type { Falsification } from './world.ts';

/** Mass a sybil falsification moves, in parts per billion (5%). */
export const SYBIL_MASS = 50_000_000;

function weights(v: ShareVector): Map<bigint, bigint> {
  return new Map(v.contributionIds.map((id, i) => [id, BigInt(v.ppb[i]!)]));
}

/** Moves SYBIL_MASS from everyone else, proportionally, to `sybil`. */
function toSybil(v: ShareVector, sybil: bigint): ShareVector {
  const w = weights(v);
  const others = [...w.entries()].filter(([id]) => id !== sybil);
  const total = others.reduce((a, [, x]) => a + x, 0n);
  if (total === 0n) return v;
  const moved = new Map(others.map(([id, x]) => [id, x - (x * BigInt(SYBIL_MASS)) / total]));
  const kept = [...moved.values()].reduce((a, b) => a + b, 0n);
  moved.set(sybil, 1_000_000_000n - kept);
  return sharesFromIntegerWeights(moved);
}

/** Swaps the shares of the largest and the smallest contribution. */
function swap(v: ShareVector): ShareVector {
  const order = v.ppb.map((_, i) => i).sort((a, b) => v.ppb[b]! - v.ppb[a]!);
  const [hi, lo] = [order[0]!, order.at(-1)!];
  const ppb = v.ppb.slice();
  [ppb[hi], ppb[lo]] = [ppb[lo]!, ppb[hi]!];
  return { contributionIds: v.contributionIds.slice(), ppb };
}

/** Drops the largest contribution; the others share its mass in proportion. */
function drop(v: ShareVector): ShareVector {
  const w = weights(v);
  const largest = v.contributionIds[v.ppb.indexOf(Math.max(...v.ppb))]!;
  w.delete(largest);
  return sharesFromIntegerWeights(w);
}

/**
 * A dishonest attributor's record: one of three falsifications, each checked
 * to be a dispute at the default tolerance (a swap of two equal shares, or a
 * drop that leaves nothing, falls back to the sybil move).
 */
export function falsifyShares(honest: ShareVector, rng: Random, sybil: bigint): { shares: ShareVector; kind: Falsification } {
  const kind = rng.pick<Falsification>(['sybil', 'swap', 'drop']);
  const attempt = kind === 'swap' ? swap(honest) : kind === 'drop' && honest.ppb.length > 1 ? drop(honest) : undefined;
  if (attempt && compareShares(honest, attempt).dispute) return { shares: attempt, kind };
  return { shares: toSybil(honest, sybil), kind: 'sybil' };
}
