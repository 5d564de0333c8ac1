import type { Hex } from 'viem';
import { AttributionError, mismatch } from './errors.ts';

/** Method versions the engine knows; a manifest naming another is refused. */
export const GRADIENT_METHOD = 'tracin-mlp/1';
export const NGRAM_METHOD = 'ngram-spans/1';
export const METHODS = [GRADIENT_METHOD, NGRAM_METHOD] as const;
export type MethodVersion = (typeof METHODS)[number];

export const MANIFEST_KIND = 'openledger-squid/model-manifest';

/**
 * A blob by content hash. The hash is the reference; `uri`, when present, is only
 * a hint where the bytes may be (the devnet writes none). See docs/attribution.md.
 */
export interface BlobRef {
  hash: Hex;
  uri?: string;
}

/** One datanet version the model was trained on, in training order. */
export interface DatanetRef {
  datanetId: string;
  version: number;
  /** Merkle root of the version's approved contributions, as published on chain. */
  root: Hex;
  /** The version's rows (tabular) or documents (text), as a blob. */
  rows: BlobRef;
}

interface ManifestBase {
  kind: typeof MANIFEST_KIND;
  method: MethodVersion;
  model: { name: string };
  datanets: DatanetRef[];
}

export interface CheckpointRef extends BlobRef {
  /** Learning rate in effect over the steps this checkpoint closes. */
  learningRate: number;
  /** Optimiser steps taken when the checkpoint was saved. */
  step: number;
}

export interface GradientManifest extends ManifestBase {
  method: typeof GRADIENT_METHOD;
  architecture: { kind: 'mlp'; layerSizes: number[]; hidden: 'relu'; output: 'softmax' };
  loss: 'softmax-cross-entropy';
  /** Dense layers (0-based) whose gradients enter the score. */
  layers: number[];
  checkpoints: CheckpointRef[];
  hyperparameters: {
    epochs: number;
    batchSize: number;
    learningRate: number;
    shuffleSeed: number;
    initSeed: number;
    learningRateDecay?: number;
    checkpointEverySteps?: number;
  };
}

export interface NgramManifest extends ManifestBase {
  method: typeof NGRAM_METHOD;
  tokenizer: string;
  params: { minSpan: number; maxDocuments: number };
  languageModel: BlobRef;
}

export type ModelManifest = GradientManifest | NgramManifest;

/** Checks the shape of a parsed manifest and returns it typed. */
export function parseManifest(value: unknown): ModelManifest {
  const m = record(value, 'manifest');
  if (m.kind !== MANIFEST_KIND) throw mismatch('BAD_MANIFEST', 'manifest.kind', MANIFEST_KIND, m.kind);
  if (!(METHODS as readonly unknown[]).includes(m.method)) {
    throw new AttributionError('UNKNOWN_METHOD', `manifest.method: expected one of ${METHODS.join(', ')}, got ${String(m.method)}`);
  }
  string(record(m.model, 'manifest.model').name, 'manifest.model.name');
  const datanets = array(m.datanets, 'manifest.datanets');
  if (datanets.length === 0) throw new AttributionError('EMPTY_DATANET', 'manifest.datanets: expected at least one datanet, got none');
  datanets.forEach((d, i) => {
    const r = record(d, `manifest.datanets[${i}]`);
    string(r.datanetId, `manifest.datanets[${i}].datanetId`);
    integer(r.version, `manifest.datanets[${i}].version`);
    hex(r.root, `manifest.datanets[${i}].root`);
    blobRef(r.rows, `manifest.datanets[${i}].rows`);
  });
  if (m.method === GRADIENT_METHOD) checkGradient(m);
  else checkNgram(m);
  return m as unknown as ModelManifest;
}

function checkGradient(m: Record<string, unknown>): void {
  const arch = record(m.architecture, 'manifest.architecture');
  if (arch.kind !== 'mlp') throw mismatch('UNSUPPORTED', 'manifest.architecture.kind', 'mlp', describe(arch.kind));
  if (arch.hidden !== 'relu') throw mismatch('UNSUPPORTED', 'manifest.architecture.hidden', 'relu', describe(arch.hidden));
  if (arch.output !== 'softmax') throw mismatch('UNSUPPORTED', 'manifest.architecture.output', 'softmax', describe(arch.output));
  const sizes = array(arch.layerSizes, 'manifest.architecture.layerSizes');
  if (sizes.length < 2) throw mismatch('BAD_MANIFEST', 'manifest.architecture.layerSizes length', 'at least 2', sizes.length);
  sizes.forEach((s, i) => positiveInteger(s, `manifest.architecture.layerSizes[${i}]`));
  if (m.loss !== 'softmax-cross-entropy') throw mismatch('UNSUPPORTED', 'manifest.loss', 'softmax-cross-entropy', describe(m.loss));
  const layers = array(m.layers, 'manifest.layers');
  if (layers.length === 0) throw mismatch('BAD_MANIFEST', 'manifest.layers', 'at least one layer', 'none');
  layers.forEach((l, i) => {
    integer(l, `manifest.layers[${i}]`);
    if ((l as number) < 0 || (l as number) >= sizes.length - 1) {
      throw mismatch('BAD_MANIFEST', `manifest.layers[${i}]`, `a dense layer index in [0, ${sizes.length - 2}]`, l);
    }
  });
  const cps = array(m.checkpoints, 'manifest.checkpoints');
  if (cps.length === 0) throw mismatch('EMPTY_CHECKPOINTS', 'manifest.checkpoints', 'at least one checkpoint', 'none');
  cps.forEach((c, i) => {
    const r = blobRef(c, `manifest.checkpoints[${i}]`);
    // TracIn weighs each checkpoint by its step size: 0 would silently drop it, a negative rate invert it.
    const rate = finite(r.learningRate, `manifest.checkpoints[${i}].learningRate`);
    if (!(Math.fround(rate) > 0)) throw mismatch('BAD_LEARNING_RATE', `manifest.checkpoints[${i}].learningRate`, 'a positive number (after rounding to float32)', rate);
    if (integer(r.step, `manifest.checkpoints[${i}].step`) < 0) throw mismatch('BAD_MANIFEST', `manifest.checkpoints[${i}].step`, 'a non-negative integer', r.step);
  });
  record(m.hyperparameters, 'manifest.hyperparameters');
}

function checkNgram(m: Record<string, unknown>): void {
  string(m.tokenizer, 'manifest.tokenizer');
  const p = record(m.params, 'manifest.params');
  positiveInteger(p.minSpan, 'manifest.params.minSpan');
  positiveInteger(p.maxDocuments, 'manifest.params.maxDocuments');
  blobRef(m.languageModel, 'manifest.languageModel');
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw mismatch('BAD_MANIFEST', what, 'an object', describe(v));
  return v as Record<string, unknown>;
}
function array(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw mismatch('BAD_MANIFEST', what, 'an array', describe(v));
  return v;
}
function string(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0) throw mismatch('BAD_MANIFEST', what, 'a non-empty string', describe(v));
  return v;
}
function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw mismatch('NON_FINITE', what, 'a finite number', describe(v));
  return v;
}
function integer(v: unknown, what: string): number {
  if (!Number.isSafeInteger(v)) throw mismatch('BAD_MANIFEST', what, 'an integer', describe(v));
  return v as number;
}
function positiveInteger(v: unknown, what: string): number {
  if (integer(v, what) <= 0) throw mismatch('BAD_MANIFEST', what, 'a positive integer', v);
  return v as number;
}
function hex(v: unknown, what: string): Hex {
  if (typeof v !== 'string' || !/^0x[0-9a-f]{64}$/.test(v)) throw mismatch('BAD_HASH', what, '0x and 64 lowercase hex digits', describe(v));
  return v as Hex;
}
function blobRef(v: unknown, what: string): Record<string, unknown> {
  const r = record(v, what);
  hex(r.hash, `${what}.hash`);
  if (r.uri !== undefined) string(r.uri, `${what}.uri`);
  return r;
}
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
