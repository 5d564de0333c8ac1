import * as tf from '@tensorflow/tfjs';
import { assertFinite } from '../errors.ts';
import { computeFactors, type FactorCache } from './factors.ts';
import { packInputs, type LabelledInput } from './test-inputs.ts';
import type { ScoringModel } from './tracin.ts';

/**
 * Scoring by contribution: the per-contribution sum of TracIn scores is
 *   S_k(t) = sum_c eta_c sum_l sum_{i in k} (a~_i . a~_t)(delta_i . delta_t)
 *          = sum_c eta_c sum_l < G_{c,l,k}, a~_t (x) delta_t >,   G_{c,l,k} = sum_{i in k} a~_i (x) delta_i,
 * the inner product of the test example's gradient with the contribution's summed
 * per-example gradient. Section 5 only needs S_k, so this equals the row path up to
 * the order of summation, at K * sum_l (n_l+1) n_{l+1} multiply-adds per test instead
 * of N * sum_l (n_l+1 + n_{l+1}) (K contributions, N rows).
 */
export interface ContributionGradients {
  /** Contribution ids, ascending; column k of `g` belongs to ids[k]. */
  ids: bigint[];
  /** [P, K]: per checkpoint (eta_c folded in) and used layer, the flattened [in+1][out] summed gradients. */
  g: tf.Tensor2D;
}

/** Multiply-adds per test input of each strategy, to pick the cheaper. */
export function scoringCosts(model: ScoringModel, contributions: number): { rows: number; contributions: number } {
  const sizes = model.checkpoints[0]!.checkpoint.layerSizes;
  const factor = model.layers.reduce((n, l) => n + sizes[l]! + 1 + sizes[l + 1]!, 0);
  const gradient = model.layers.reduce((n, l) => n + (sizes[l]! + 1) * sizes[l + 1]!, 0);
  const c = model.checkpoints.length;
  return { rows: c * model.training.rows * factor, contributions: c * contributions * gradient };
}

/** The model's summed gradients per contribution, made once per factor cache and disposed with it. */
export function cachedContributionGradients(model: ScoringModel, cache: FactorCache): ContributionGradients {
  const key = `summed|${model.checkpoints.map((c) => c.hash).join(',')}|${model.training.key}|${model.layers.join(',')}`;
  return cache.memo(key, () => {
    const summed = contributionGradients(model, cache);
    return { ...summed, dispose: () => summed.g.dispose() };
  });
}

/** Summed gradients per contribution from the cached training factors (accumulated in float64). */
export function contributionGradients(model: ScoringModel, cache: FactorCache): ContributionGradients {
  const set = model.training;
  const ids = [...new Set(set.contributionIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const column = new Map(ids.map((id, k) => [id, k]));
  const of = Int32Array.from(set.contributionIds, (id) => column.get(id)!);
  const sizes = model.checkpoints[0]!.checkpoint.layerSizes;
  const blocks: Float64Array[] = [];
  model.checkpoints.forEach((cp) => {
    const entry = cache.get(cp, set, model.layers);
    const eta = Math.fround(cp.learningRate);
    model.layers.forEach((l, k) => {
      const [inputs, outputs] = [sizes[l]! + 1, sizes[l + 1]!];
      const a = entry.train[k]!.aT.dataSync() as Float32Array; // [inputs, N]
      const d = entry.train[k]!.dT.dataSync() as Float32Array; // [outputs, N]
      const p = inputs * outputs;
      const sums = new Float64Array(ids.length * p); // [K][p], contiguous per row's contribution
      const delta = new Float64Array(outputs);
      for (let i = 0; i < set.rows; i++) {
        for (let q = 0; q < outputs; q++) delta[q] = d[q * set.rows + i]!;
        const base = of[i]! * p;
        for (let r = 0; r < inputs; r++) {
          const ar = a[r * set.rows + i]! * eta;
          if (ar === 0) continue;
          const at = base + r * outputs;
          for (let q = 0; q < outputs; q++) sums[at + q]! += ar * delta[q]!;
        }
      }
      const block = new Float64Array(p * ids.length); // [p][K]
      for (let k = 0; k < ids.length; k++) for (let j = 0; j < p; j++) block[j * ids.length + k] = sums[k * p + j]!;
      blocks.push(block);
    });
  });
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const flat = new Float32Array(total);
  let at = 0;
  for (const b of blocks) {
    flat.set(b, at);
    at += b.length;
  }
  return { ids, g: tf.tensor2d(flat, [total / ids.length, ids.length]) };
}

/** Per input, the score of each contribution: one [T, P] x [P, K] matmul per batch of inputs. */
export function contributionScores(model: ScoringModel, cache: FactorCache, summed: ContributionGradients, inputs: readonly LabelledInput[], maxPairs = 1 << 22): Map<bigint, number>[] {
  const out: Map<bigint, number>[] = [];
  const P = summed.g.shape[0];
  const perBatch = Math.max(1, Math.floor(maxPairs / Math.max(P, summed.ids.length)));
  for (let first = 0; first < inputs.length; first += perBatch) {
    const batch = inputs.slice(first, first + perBatch);
    const scores = tf.tidy(() => {
      const packed = packInputs(batch, model.training.featureCount);
      const x = tf.tensor2d(packed.features, [batch.length, model.training.featureCount]);
      const labels = tf.tensor1d(packed.labels, 'int32');
      const parts = model.checkpoints.flatMap((cp) =>
        computeFactors(cache.get(cp, model.training, model.layers).network, x, labels, model.layers).map((f) =>
          tf.reshape(tf.mul(tf.expandDims(f.a, 2), tf.expandDims(f.d, 1)), [batch.length, -1]),
        ),
      );
      return tf.matMul(tf.concat(parts, 1), summed.g).dataSync() as Float32Array;
    });
    assertFinite(scores, 'contribution scores');
    for (let t = 0; t < batch.length; t++) {
      out.push(new Map(summed.ids.map((id, k) => [id, scores[t * summed.ids.length + k]!])));
    }
  }
  return out;
}
