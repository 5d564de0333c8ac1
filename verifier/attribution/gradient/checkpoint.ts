import type { Hex } from 'viem';
import { loadBlob, type BlobSource } from '../blobs.ts';
import { AttributionError, assertFinite, mismatch } from '../errors.ts';
import type { CheckpointRef } from '../manifest.ts';

/** Blob kind of an MLP checkpoint. */
export const CHECKPOINT_KIND = 'openledger-squid/mlp-checkpoint';

/** One dense layer: `weights` row-major [in][out], `bias` [out]; float32 values. */
export interface DenseLayer {
  weights: number[];
  bias: number[];
}

/** The checkpoint blob: `layers[l]` maps `layerSizes[l]` inputs to `layerSizes[l+1]` outputs. */
export interface MlpCheckpoint {
  kind: typeof CHECKPOINT_KIND;
  layerSizes: number[];
  layers: DenseLayer[];
}

/** A checkpoint fetched for a manifest entry: its hash, learning rate and weights. */
export interface LoadedCheckpoint {
  hash: Hex;
  learningRate: number;
  step: number;
  checkpoint: MlpCheckpoint;
}

/**
 * Checks kind, layer sizes against the architecture, tensor shapes, finiteness
 * and that every value is a float32. `what` names the checkpoint in errors.
 */
export function validateCheckpoint(value: unknown, layerSizes: readonly number[], what = 'checkpoint'): MlpCheckpoint {
  const cp = value as MlpCheckpoint;
  if (typeof cp !== 'object' || cp === null || cp.kind !== CHECKPOINT_KIND) {
    throw mismatch('BAD_INPUT', `${what}.kind`, CHECKPOINT_KIND, (cp as { kind?: unknown } | null)?.kind);
  }
  if (!Array.isArray(cp.layerSizes) || cp.layerSizes.join(',') !== layerSizes.join(',')) {
    throw mismatch('BAD_SHAPE', `${what}.layerSizes`, [...layerSizes], cp.layerSizes);
  }
  if (!Array.isArray(cp.layers) || cp.layers.length !== layerSizes.length - 1) {
    throw mismatch('BAD_SHAPE', `${what}.layers count`, layerSizes.length - 1, cp.layers?.length);
  }
  cp.layers.forEach((layer, l) => {
    const [inputs, outputs] = [layerSizes[l]!, layerSizes[l + 1]!];
    checkTensor(layer?.weights, inputs * outputs, `${what}.layers[${l}].weights`, `[${inputs}][${outputs}] = ${inputs * outputs} values`);
    checkTensor(layer?.bias, outputs, `${what}.layers[${l}].bias`, `[${outputs}] = ${outputs} values`);
  });
  return cp;
}

function checkTensor(values: unknown, length: number, what: string, shape: string): void {
  if (!Array.isArray(values)) throw mismatch('BAD_SHAPE', what, `an array of ${shape}`, typeof values);
  if (values.length !== length) throw mismatch('BAD_SHAPE', `${what} length`, shape, values.length);
  assertFinite(values as number[], what);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Math.fround(v) !== v) {
      throw new AttributionError('NOT_FLOAT32', `${what}: expected float32 values, got ${v} at index ${i}`, { what, index: i });
    }
  }
}

/** Fetches a manifest checkpoint, checks its hash (BLOB_HASH_MISMATCH) and contents. */
export async function loadCheckpoint(source: BlobSource, ref: CheckpointRef, layerSizes: readonly number[], index: number): Promise<LoadedCheckpoint> {
  const what = `manifest.checkpoints[${index}] (${ref.hash})`;
  const checkpoint = validateCheckpoint(await loadBlob<unknown>(source, ref.hash, what, ref.uri), layerSizes, what);
  return { hash: ref.hash, learningRate: ref.learningRate, step: ref.step, checkpoint };
}

/** A checkpoint from float32 tensors' data (`weights[l]` row-major [in][out]). */
export function checkpointFromArrays(layerSizes: readonly number[], weights: ArrayLike<number>[], biases: ArrayLike<number>[]): MlpCheckpoint {
  const layers = weights.map((w, l) => ({ weights: Array.from(w, Math.fround), bias: Array.from(biases[l]!, Math.fround) }));
  return validateCheckpoint({ kind: CHECKPOINT_KIND, layerSizes: [...layerSizes], layers }, layerSizes);
}
