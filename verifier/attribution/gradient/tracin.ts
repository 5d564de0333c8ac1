import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../backend.ts';
import type { LoadedCheckpoint } from './checkpoint.ts';
import { computeFactors, type CheckpointFactors, type FactorCache } from './factors.ts';
import { packInputs, type LabelledInput } from './test-inputs.ts';
import type { TrainingSet } from './training-set.ts';

/** What scoring needs of a model: checkpoints with learning rates, layers used, training rows. */
export interface ScoringModel {
  checkpoints: readonly LoadedCheckpoint[];
  layers: readonly number[];
  training: TrainingSet;
}

/** Upper bound on test inputs x training rows scored per batch (bounds memory). */
export const DEFAULT_MAX_PAIRS_PER_BATCH = 1 << 20;

/**
 * Scores test inputs against every training row,
 * score(i, t) = sum_c lr_c * sum_l (a~_i . a~_t)(delta_i . delta_t), in fp32,
 * as per checkpoint c and layer l `(A_test @ A_trainT) * ((lr_c D_test) @ D_trainT)`
 * accumulated. Inputs go in batches of at most `maxPairs / rows`; `onBatch`
 * receives each batch's scores, row-major [count][rows]. No tensor outlives a batch.
 */
export function forEachScoreBatch(
  model: ScoringModel,
  cache: FactorCache,
  inputs: readonly LabelledInput[],
  onBatch: (first: number, count: number, scores: Float32Array) => void,
  maxPairs = DEFAULT_MAX_PAIRS_PER_BATCH,
): void {
  const entries = model.checkpoints.map((cp) => cache.get(cp, model.training, model.layers));
  const perBatch = Math.max(1, Math.floor(maxPairs / model.training.rows));
  for (let first = 0; first < inputs.length; first += perBatch) {
    const batch = inputs.slice(first, first + perBatch);
    onBatch(first, batch.length, scoreBatch(model, entries, batch));
  }
}

function scoreBatch(model: ScoringModel, entries: readonly CheckpointFactors[], batch: readonly LabelledInput[]): Float32Array {
  const packed = packInputs(batch, model.training.featureCount);
  const x = tf.tensor2d(packed.features, [batch.length, model.training.featureCount]);
  const labels = tf.tensor1d(packed.labels, 'int32');
  let acc: tf.Tensor2D = tf.zeros([batch.length, model.training.rows]);
  entries.forEach((entry, c) => {
    const lr = Math.fround(model.checkpoints[c]!.learningRate);
    const test = tf.tidy(() => computeFactors(entry.network, x, labels, model.layers).map((f) => ({ a: f.a, d: tf.mul(f.d, lr) })));
    test.forEach((t, k) => {
      const train = entry.train[k]!;
      const next = tf.tidy(() => tf.add(acc, tf.mul(tf.matMul(t.a, train.aT), tf.matMul(t.d, train.dT))) as tf.Tensor2D);
      acc.dispose();
      acc = next;
    });
    tf.dispose(test.flatMap((t) => [t.a, t.d]));
  });
  const scores = acc.dataSync() as Float32Array;
  tf.dispose([x, labels, acc]);
  return scores;
}

export interface ScoreMatrix {
  /** Row-major [tests][rows]. */
  scores: Float32Array;
  tests: number;
  rows: number;
  backend: BackendName;
}

/** All scores of `inputs` in one Float32Array, with the backend that computed them. */
export function tracinScores(model: ScoringModel, cache: FactorCache, inputs: readonly LabelledInput[], maxPairs?: number): ScoreMatrix {
  const rows = model.training.rows;
  const scores = new Float32Array(inputs.length * rows);
  forEachScoreBatch(model, cache, inputs, (first, _count, batch) => scores.set(batch, first * rows), maxPairs);
  return { scores, tests: inputs.length, rows, backend: tf.getBackend() as BackendName };
}
