import * as tf from '@tensorflow/tfjs';
import { disposeNetwork, meanLoss, networkTensors, pairParams, type DenseTensors } from './network.ts';
import { packInputs, type LabelledInput } from './test-inputs.ts';
import type { ScoringModel } from './tracin.ts';

/**
 * The slow path, for tests and the benchmark only: the full gradient of each
 * example's loss by tfjs autodiff, one example at a time, flattened per used
 * layer as W (row-major) then b. Returns [n, P]; the caller disposes it.
 */
export function perExampleGradients(net: readonly DenseTensors[], features: Float32Array, labels: Int32Array, layers: readonly number[]): tf.Tensor2D {
  const featureCount = net[0]!.w.shape[0];
  const classCount = net.at(-1)!.b.shape[0];
  const params = net.flatMap((l) => [l.w, l.b]);
  return tf.tidy(() => {
    const rows: tf.Tensor1D[] = [];
    for (let i = 0; i < labels.length; i++) {
      rows.push(
        tf.tidy(() => {
          const x = tf.tensor2d(features.subarray(i * featureCount, (i + 1) * featureCount), [1, featureCount]);
          const y = tf.tensor1d([labels[i]!], 'int32');
          const grads = tf.grads((...p: tf.Tensor[]) => meanLoss(pairParams(p), x, y, classCount))(params);
          return tf.concat(layers.flatMap((l) => [grads[2 * l]!.flatten(), grads[2 * l + 1]!])) as tf.Tensor1D;
        }),
      );
    }
    return tf.stack(rows) as tf.Tensor2D;
  });
}

/** The training rows' features and labels, as float32 and int32. */
export function packTrainingRows(model: ScoringModel): { features: Float32Array; labels: Int32Array } {
  return { features: Float32Array.from(model.training.features), labels: model.training.labels };
}

/**
 * TracIn scores from materialised gradients: sum_c lr_c * G_test,c @ G_train,c^T
 * (G_train transposed once, no transposeB). Row-major [tests][rows], fp32.
 */
export function materialisedScores(model: ScoringModel, inputs: readonly LabelledInput[]): Float32Array {
  const train = packTrainingRows(model);
  const test = packInputs(inputs, model.training.featureCount);
  let acc: tf.Tensor2D = tf.zeros([inputs.length, model.training.rows]);
  for (const cp of model.checkpoints) {
    const net = networkTensors(cp.checkpoint);
    const next = tf.tidy(() => {
      const gTrainT = tf.transpose(perExampleGradients(net, train.features, train.labels, model.layers));
      const gTest = tf.mul(perExampleGradients(net, test.features, test.labels, model.layers), Math.fround(cp.learningRate));
      return tf.add(acc, tf.matMul(gTest, gTrainT)) as tf.Tensor2D;
    });
    disposeNetwork(net);
    acc.dispose();
    acc = next;
  }
  const scores = acc.dataSync() as Float32Array;
  acc.dispose();
  return scores;
}
