import * as tf from '@tensorflow/tfjs';
import type { MlpCheckpoint } from './checkpoint.ts';

/** A dense layer on the backend: `w` [in, out], `b` [out]. */
export interface DenseParams {
  w: tf.Tensor2D;
  b: tf.Tensor1D;
}

/** Dense layer with its pre-transposed weights [out, in] for backpropagation without transposeB. */
export interface DenseTensors extends DenseParams {
  wT: tf.Tensor2D;
}

/** Uploads a checkpoint (float32); the caller owns and disposes the tensors. */
export function networkTensors(cp: MlpCheckpoint): DenseTensors[] {
  return cp.layers.map((layer, l) =>
    tf.tidy(() => {
      const [inputs, outputs] = [cp.layerSizes[l]!, cp.layerSizes[l + 1]!];
      const w = tf.tensor2d(layer.weights, [inputs, outputs], 'float32');
      return { w, wT: w.transpose() as tf.Tensor2D, b: tf.tensor1d(layer.bias, 'float32') };
    }),
  );
}

export function disposeNetwork(net: readonly DenseTensors[]): void {
  for (const l of net) tf.dispose([l.w, l.wT, l.b]);
}

/** Forward pass: `inputs[l]` is a_l (the input of dense layer l), `preacts[l]` is z_l = a_l W_l + b_l. */
export interface Forward {
  inputs: tf.Tensor2D[];
  preacts: tf.Tensor2D[];
}

/** ReLU after every dense layer but the last; the last layer's z are the logits. */
export function forward(net: readonly DenseParams[], x: tf.Tensor2D): Forward {
  const out: Forward = { inputs: [], preacts: [] };
  let a = x;
  net.forEach((layer, l) => {
    out.inputs.push(a);
    const z = tf.add(tf.matMul(a, layer.w), layer.b) as tf.Tensor2D;
    out.preacts.push(z);
    if (l < net.length - 1) a = tf.relu(z);
  });
  return out;
}

/** Mean softmax cross-entropy of the batch `x` with integer `labels`. */
export function meanLoss(net: readonly DenseParams[], x: tf.Tensor2D, labels: tf.Tensor1D, classCount: number): tf.Scalar {
  const logits = forward(net, x).preacts.at(-1)!;
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classCount), logits) as tf.Scalar;
}

/** Pairs a flat parameter list [w0, b0, w1, b1, ...] into layers (for autodiff). */
export function pairParams(params: readonly tf.Tensor[]): DenseParams[] {
  const out: DenseParams[] = [];
  for (let i = 0; i < params.length; i += 2) out.push({ w: params[i] as tf.Tensor2D, b: params[i + 1] as tf.Tensor1D });
  return out;
}
