import type { Corpus } from './corpus.ts';
import type { Span } from './spans.ts';

/**
 * Weight per contribution, exact: a kept span of `length` tokens found in `k`
 * distinct documents gives `length / k` to each of those documents, and a
 * document's weight goes to its contribution. The rationals are scaled by
 * `L = lcm(k over the kept spans)` (1 when none), so every weight is the
 * integer `length * (L / k)` summed; shares depend only on the ratios, so any
 * common multiple gives the same shares. Every contribution of the corpus is
 * present, with 0n when no kept span reaches it.
 */
export function contributionWeights(corpus: Corpus, spans: readonly Span[]): Map<bigint, bigint> {
  const weights = new Map<bigint, bigint>();
  for (const c of corpus.contributions) weights.set(c, 0n);
  const kept = spans.filter((s) => s.status === 'kept');
  const scale = kept.reduce((l, s) => lcm(l, BigInt(s.documents.length)), 1n);
  for (const span of kept) {
    const perDocument = (BigInt(span.length) * scale) / BigInt(span.documents.length);
    for (const d of span.documents) {
      const c = corpus.contributions[d]!;
      weights.set(c, weights.get(c)! + perDocument);
    }
  }
  return weights;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}
