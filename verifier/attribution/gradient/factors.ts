import * as tf from '@tensorflow/tfjs';
import type { LoadedCheckpoint } from './checkpoint.ts';
import { disposeNetwork, forward, networkTensors, type DenseTensors } from './network.ts';
import type { TrainingSet } from './training-set.ts';

/**
 * Per-example factors of one dense layer: `a` is the augmented input
 * [a, 1] (bias folded in), shape [n, in+1]; `d` is dL/dz, shape [n, out].
 * The gradient of the example's loss w.r.t. [W; b] is the outer product a^T d.
 */
export interface LayerFactors {
  a: tf.Tensor2D;
  d: tf.Tensor2D;
}

/** Training-row factors stored transposed ([in+1, n] and [out, n]) so scoring needs no transposeB. */
export interface TransposedFactors {
  aT: tf.Tensor2D;
  dT: tf.Tensor2D;
}

/** What one checkpoint needs for scoring: its weights on the backend and the training rows' factors. */
export interface CheckpointFactors {
  network: DenseTensors[];
  train: TransposedFactors[];
}

/**
 * Factors for `layers` (dense layer indices) of examples `x` with labels:
 * delta at the output is softmax(z) - onehot(y) (per-example softmax
 * cross-entropy, computed as in {@link outputDelta}), backpropagated
 * through ReLU with ReLU'(0) = 0. Call inside tf.tidy.
 */
export function computeFactors(net: readonly DenseTensors[], x: tf.Tensor2D, labels: tf.Tensor1D, layers: readonly number[]): LayerFactors[] {
  const f = forward(net, x);
  const last = net.length - 1;
  const logits = f.preacts[last]!;
  const deltas: tf.Tensor2D[] = [];
  deltas[last] = outputDelta(logits, labels);
  const lowest = Math.min(...layers);
  for (let l = last - 1; l >= lowest; l--) {
    deltas[l] = tf.mul(tf.matMul(deltas[l + 1]!, net[l + 1]!.wT), tf.step(f.preacts[l]!)) as tf.Tensor2D;
  }
  return layers.map((l) => {
    const a = f.inputs[l]!;
    return { a: tf.concat([a, tf.ones([a.shape[0], 1])], 1) as tf.Tensor2D, d: deltas[l]! };
  });
}

/**
 * softmax(z) - onehot(y), with the label's entry computed as minus the sum of
 * the other probabilities: p_y - 1 in fp32 loses all digits when the model is
 * confident (p_y within an ulp of 1), the sum of the others does not.
 */
function outputDelta(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor2D {
  const onehot = tf.oneHot(labels, logits.shape[1]);
  const others = tf.mul(tf.softmax(logits), tf.sub(1, onehot));
  return tf.sub(others, tf.mul(onehot, tf.sum(others, 1, true))) as tf.Tensor2D;
}

/** Rows per batch when computing training factors, to bound intermediate memory. */
const FACTOR_ROWS_PER_BATCH = 16384;

/** Training-row factors of one checkpoint, transposed, computed in row batches. */
export function trainingFactors(net: readonly DenseTensors[], set: TrainingSet, layers: readonly number[]): TransposedFactors[] {
  return tf.tidy(() => {
    const parts: LayerFactors[][] = [];
    for (let start = 0; start < set.rows; start += FACTOR_ROWS_PER_BATCH) {
      const end = Math.min(set.rows, start + FACTOR_ROWS_PER_BATCH);
      const x = tf.tensor2d(Float32Array.from(set.features.subarray(start * set.featureCount, end * set.featureCount)), [end - start, set.featureCount]);
      parts.push(computeFactors(net, x, tf.tensor1d(set.labels.subarray(start, end), 'int32'), layers));
    }
    return layers.map((_, k) => ({
      aT: tf.transpose(tf.concat(parts.map((p) => p[k]!.a), 0)) as tf.Tensor2D,
      dT: tf.transpose(tf.concat(parts.map((p) => p[k]!.d), 0)) as tf.Tensor2D,
    }));
  });
}

/**
 * Per-checkpoint factor cache, keyed by checkpoint hash (qualified by the
 * training set and layers it was computed for). Owns its tensors until dispose().
 */
export class FactorCache {
  private readonly entries = new Map<string, CheckpointFactors>();

  get(cp: LoadedCheckpoint, set: TrainingSet, layers: readonly number[]): CheckpointFactors {
    const key = `${cp.hash}|${set.key}|${layers.join(',')}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const network = networkTensors(cp.checkpoint);
      entry = { network, train: trainingFactors(network, set, layers) };
      this.entries.set(key, entry);
    }
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }

  private readonly derived = new Map<string, { dispose(): void }>();

  /** Something derived from cached factors (e.g. summed gradients per contribution), made once per key and disposed with the cache. */
  memo<T extends { dispose(): void }>(key: string, make: () => T): T {
    let entry = this.derived.get(key) as T | undefined;
    if (!entry) {
      entry = make();
      this.derived.set(key, entry);
    }
    return entry;
  }

  dispose(): void {
    for (const d of this.derived.values()) d.dispose();
    this.derived.clear();
    for (const e of this.entries.values()) {
      disposeNetwork(e.network);
      for (const f of e.train) tf.dispose([f.aT, f.dT]);
    }
    this.entries.clear();
  }
}
