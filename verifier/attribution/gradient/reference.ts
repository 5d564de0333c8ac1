import type { MlpCheckpoint } from './checkpoint.ts';
import type { LabelledInput } from './test-inputs.ts';
import type { ScoringModel } from './tracin.ts';

/**
 * The float64 oracle: plain TypeScript, no tfjs. Slow, exact to float64, and
 * written straight from docs/attribution.md so that tests can check the fast
 * fp32 path against it.
 */

/** Augmented input [a, 1] and output gradient dL/dz of one dense layer. */
export interface ReferenceFactors {
  a: Float64Array;
  d: Float64Array;
}

interface ForwardTrace {
  inputs: Float64Array[];
  preacts: Float64Array[];
}

/**
 * The spec's inputs are float32: features (and learning rates) are rounded to
 * float32 first, then everything runs in float64 (docs/attribution.md, "Numbers").
 */
function forward(cp: MlpCheckpoint, features: ArrayLike<number>): ForwardTrace {
  const trace: ForwardTrace = { inputs: [], preacts: [] };
  let a = Float64Array.from(features, Math.fround);
  cp.layers.forEach((layer, l) => {
    const [inputs, outputs] = [cp.layerSizes[l]!, cp.layerSizes[l + 1]!];
    const z = Float64Array.from(layer.bias);
    for (let i = 0; i < inputs; i++) {
      const ai = a[i]!;
      if (ai === 0) continue;
      for (let j = 0; j < outputs; j++) z[j]! += ai * layer.weights[i * outputs + j]!;
    }
    trace.inputs.push(a);
    trace.preacts.push(z);
    a = z.map((v) => (v > 0 ? v : 0));
  });
  return trace;
}

/** The logits of `features` under `cp`. */
export function referenceLogits(cp: MlpCheckpoint, features: ArrayLike<number>): Float64Array {
  return forward(cp, features).preacts.at(-1)!;
}

/** The class the model outputs: argmax of the logits, ties to the lower class. */
export function referencePredict(cp: MlpCheckpoint, features: ArrayLike<number>): number {
  const z = referenceLogits(cp, features);
  let best = 0;
  for (let j = 1; j < z.length; j++) if (z[j]! > z[best]!) best = j;
  return best;
}

/** Factors of `layers` for one example with label `label` (softmax cross-entropy, ReLU'(0) = 0). */
export function referenceFactors(cp: MlpCheckpoint, features: ArrayLike<number>, label: number, layers: readonly number[]): ReferenceFactors[] {
  const { inputs, preacts } = forward(cp, features);
  const last = cp.layers.length - 1;
  const logits = preacts[last]!;
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((s, e) => s + e, 0);
  const deltas: Float64Array[] = [];
  // softmax - onehot, the label's entry as minus the other probabilities (as the fp32 path).
  const probs = exps.map((e, j) => (j === label ? 0 : e / sum));
  const others = probs.reduce((s, p) => s + p, 0);
  deltas[last] = probs.map((p, j) => (j === label ? -others : p));
  for (let l = last - 1; l >= 0; l--) {
    const [w, outputs, up] = [cp.layers[l + 1]!.weights, cp.layerSizes[l + 2]!, deltas[l + 1]!];
    deltas[l] = preacts[l]!.map((z, i) => {
      if (!(z > 0)) return 0;
      let s = 0;
      for (let j = 0; j < outputs; j++) s += up[j]! * w[i * outputs + j]!;
      return s;
    });
  }
  return layers.map((l) => {
    const a = new Float64Array(inputs[l]!.length + 1);
    a.set(inputs[l]!);
    a[a.length - 1] = 1;
    return { a, d: deltas[l]! };
  });
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * y[k]!;
  return s;
}

/** score(i, t) = sum_c lr_c * sum_l (a~_i . a~_t)(delta_i . delta_t) in float64; row-major [tests][rows]. */
export function referenceScores(model: ScoringModel, inputs: readonly LabelledInput[]): Float64Array {
  const { training: set, layers } = model;
  const scores = new Float64Array(inputs.length * set.rows);
  for (const cp of model.checkpoints) {
    const rows = Array.from({ length: set.rows }, (_, i) =>
      referenceFactors(cp.checkpoint, set.features.subarray(i * set.featureCount, (i + 1) * set.featureCount), set.labels[i]!, layers),
    );
    inputs.forEach((input, t) => {
      const test = referenceFactors(cp.checkpoint, input.features, input.label, layers);
      rows.forEach((row, i) => {
        let s = 0;
        test.forEach((f, k) => (s += dot(f.a, row[k]!.a) * dot(f.d, row[k]!.d)));
        scores[t * set.rows + i]! += Math.fround(cp.learningRate) * s;
      });
    });
  }
  return scores;
}

/** max |actual - expected| / max |expected|: the error on the scale of the scores. */
export function scaledMaxError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new RangeError(`lengths differ: ${actual.length} vs ${expected.length}`);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    err = Math.max(err, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return scale === 0 ? err : err / scale;
}
