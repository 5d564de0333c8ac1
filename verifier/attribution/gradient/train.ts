import * as tf from '@tensorflow/tfjs';
import type { Hex } from 'viem';
import { encodeBlob, type Blob } from '../blobs.ts';
import type { TabularRows } from '../datasets.ts';
import { AttributionError } from '../errors.ts';
import { GRADIENT_METHOD, MANIFEST_KIND, parseManifest, type GradientManifest } from '../manifest.ts';
import { checkpointFromArrays, type LoadedCheckpoint } from './checkpoint.ts';
import { meanLoss, pairParams } from './network.ts';
import { glorotUniform, mulberry32, shuffledIndices } from './prng.ts';
import { trainingSetFromRows } from './training-set.ts';

export interface TrainOptions {
  name: string;
  /** [features, hidden..., classes]. */
  layerSizes: number[];
  /** Datanet versions in training order, each with its on-chain Merkle root. */
  datanets: { rows: TabularRows; root: Hex }[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Epoch e trains with learningRate * decay^e (default 1: constant). */
  learningRateDecay?: number;
  /** Save a checkpoint every K optimiser steps (and after the last); default 0: after every epoch. */
  checkpointEverySteps?: number;
  initSeed: number;
  shuffleSeed: number;
  /** Dense layers whose gradients enter the score; default all. */
  layers?: number[];
}

export interface TrainedCheckpoint extends LoadedCheckpoint {
  blob: Blob;
  /** Mean training loss at this checkpoint (diagnostic, not committed). */
  loss: number;
}

export interface TrainedModel {
  manifest: GradientManifest;
  manifestBlob: Blob;
  checkpoints: TrainedCheckpoint[];
  /** Every blob the manifest names (datanet rows, checkpoints), then the manifest itself. */
  blobs: Blob[];
}

/**
 * Trains an MLP classifier (ReLU hidden layers, softmax cross-entropy) with
 * plain minibatch SGD on the mean batch loss. Initialisation (Glorot uniform,
 * zero biases) and the per-epoch shuffle come from mulberry32 streams seeded by
 * `initSeed` and `shuffleSeed` (docs/attribution.md). Runs on the active tfjs
 * backend; checkpoints are committed as float32 blobs.
 */
export async function trainMlp(o: TrainOptions): Promise<TrainedModel> {
  checkOptions(o);
  const rowBlobs = o.datanets.map((d) => encodeBlob(d.rows));
  const set = trainingSetFromRows(o.datanets.map((d) => d.rows), o.layerSizes, rowBlobs.map((b) => b.hash).join(','));
  const decay = o.learningRateDecay ?? 1;
  const every = o.checkpointEverySteps ?? 0;
  const classCount = set.classCount;
  const x = tf.tensor2d(Float32Array.from(set.features), [set.rows, set.featureCount], 'float32');
  const y = tf.tensor1d(set.labels, 'int32');
  let params = initialParams(o.layerSizes, o.initSeed);
  const shuffle = mulberry32(o.shuffleSeed);
  const checkpoints: TrainedCheckpoint[] = [];
  let step = 0;
  let lastSaved = -1;
  const save = (learningRate: number) => {
    checkpoints.push(snapshot(params, o.layerSizes, learningRate, step, x, y, classCount));
    lastSaved = step;
  };
  let lr = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    lr = Math.fround(o.learningRate * decay ** epoch);
    const order = shuffledIndices(set.rows, shuffle);
    for (let start = 0; start < set.rows; start += o.batchSize) {
      params = sgdStep(params, x, y, order.subarray(start, start + o.batchSize), lr, classCount);
      step++;
      if (every > 0 && step % every === 0) save(lr);
    }
    if (every === 0) save(lr);
  }
  if (lastSaved !== step) save(lr);
  tf.dispose([x, y, ...params]);

  const manifest: GradientManifest = {
    kind: MANIFEST_KIND,
    method: GRADIENT_METHOD,
    model: { name: o.name },
    datanets: o.datanets.map((d, i) => ({
      datanetId: d.rows.datanetId,
      version: d.rows.version,
      root: d.root,
      rows: { hash: rowBlobs[i]!.hash },
    })),
    architecture: { kind: 'mlp', layerSizes: [...o.layerSizes], hidden: 'relu', output: 'softmax' },
    loss: 'softmax-cross-entropy',
    layers: o.layers ?? o.layerSizes.slice(1).map((_, l) => l),
    checkpoints: checkpoints.map((c) => ({ hash: c.hash, learningRate: c.learningRate, step: c.step })),
    hyperparameters: hyperparameters(o, decay, every),
  };
  parseManifest(manifest);
  const manifestBlob = encodeBlob(manifest);
  return { manifest, manifestBlob, checkpoints, blobs: [...rowBlobs, ...checkpoints.map((c) => c.blob), manifestBlob] };
}

type Hyperparameters = GradientManifest['hyperparameters'] & { learningRateDecay: number; checkpointEverySteps: number };

function hyperparameters(o: TrainOptions, learningRateDecay: number, checkpointEverySteps: number): Hyperparameters {
  const { epochs, batchSize, learningRate, shuffleSeed, initSeed } = o;
  return { epochs, batchSize, learningRate, shuffleSeed, initSeed, learningRateDecay, checkpointEverySteps };
}

function checkOptions(o: TrainOptions): void {
  const positive = { epochs: o.epochs, batchSize: o.batchSize };
  for (const [k, v] of Object.entries(positive)) {
    if (!Number.isInteger(v) || v <= 0) throw new AttributionError('BAD_INPUT', `training ${k}: expected a positive integer, got ${v}`);
  }
  if (!(o.learningRate > 0)) throw new AttributionError('BAD_INPUT', `training learningRate: expected a positive number, got ${o.learningRate}`);
}

/** Glorot-uniform weights layer by layer from one mulberry32(initSeed) stream; zero biases. */
function initialParams(layerSizes: readonly number[], seed: number): tf.Tensor[] {
  const next = mulberry32(seed);
  return layerSizes.slice(1).flatMap((outputs, l) => {
    const inputs = layerSizes[l]!;
    return [tf.tensor2d(glorotUniform(inputs, outputs, next), [inputs, outputs], 'float32'), tf.zeros([outputs], 'float32')];
  });
}

function sgdStep(params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor1D, rows: Int32Array, lr: number, classCount: number): tf.Tensor[] {
  const updated = tf.tidy(() => {
    const index = tf.tensor1d(rows, 'int32');
    const xb = tf.gather(x, index);
    const yb = tf.gather(y, index);
    const grads = tf.grads((...p: tf.Tensor[]) => meanLoss(pairParams(p), xb, yb, classCount))(params);
    return params.map((p, i) => tf.sub(p, tf.mul(grads[i]!, lr)));
  });
  tf.dispose(params);
  return updated;
}

function snapshot(params: tf.Tensor[], layerSizes: number[], learningRate: number, step: number, x: tf.Tensor2D, y: tf.Tensor1D, classCount: number): TrainedCheckpoint {
  const net = pairParams(params);
  const checkpoint = checkpointFromArrays(
    layerSizes,
    net.map((l) => l.w.dataSync()),
    net.map((l) => l.b.dataSync()),
  );
  const loss = tf.tidy(() => meanLoss(net, x, y, classCount).dataSync()[0]!);
  const blob = encodeBlob(checkpoint);
  return { hash: blob.hash, learningRate, step, checkpoint, blob, loss };
}
