import * as tf from '@tensorflow/tfjs';
import { currentBackend, type BackendName } from '../backend.ts';
import type { BlobSource } from '../blobs.ts';
import { mismatch } from '../errors.ts';
import { GRADIENT_METHOD } from '../manifest.ts';
import { aggregateByContribution, sharesFromScores, type ShareVector } from '../shares.ts';
import { cachedContributionGradients, contributionScores, scoringCosts } from './contributionGradients.ts';
import { FactorCache } from './factors.ts';
import { loadGradientModel, type GradientModel } from './model.ts';
import { checkLabelledInput, loadInference, type InferenceRef, type LabelledInput } from './test-inputs.ts';
import { forEachScoreBatch } from './tracin.ts';

/** A test input given directly, or by the hashes of its input and output blobs. */
export type GradientInput = LabelledInput | InferenceRef;

export interface GradientAttribution {
  method: typeof GRADIENT_METHOD;
  /** The tfjs backend that computed the scores, checked after initialisation. */
  backend: BackendName;
  /** One share vector per input, in input order. */
  shares: ShareVector[];
  /** Per input, the summed (pre-positive-part) score of each contribution. */
  contributionScores: Map<bigint, number>[];
  trainingRows: number;
  checkpoints: number;
}

export interface ScoreOptions {
  /** Factor cache to reuse across calls; when absent a temporary one is disposed at the end. */
  cache?: FactorCache;
  /** Bound on test inputs x training rows per batch. */
  maxPairsPerBatch?: number;
  /**
   * `rows`: score every (input, row) pair, then sum per contribution; `contributions`: one
   * inner product per (input, contribution) with the contribution's summed gradient; `auto`
   * (default): whichever needs fewer multiply-adds. Equal up to the order of summation.
   */
  strategy?: 'auto' | 'rows' | 'contributions';
}

/** Loads and verifies every blob the manifest names, then attributes all inputs in one pass. */
export async function attributeGradient(request: { manifest: unknown; source: BlobSource; inputs: readonly GradientInput[] } & ScoreOptions): Promise<GradientAttribution> {
  const model = await loadGradientModel(request.manifest, request.source);
  return attributeWithModel(model, await resolveInputs(model, request.source, request.inputs), request);
}

/** Fetches inputs given by blob hashes and checks every input against the architecture. */
export async function resolveInputs(model: GradientModel, source: BlobSource, inputs: readonly GradientInput[]): Promise<LabelledInput[]> {
  const sizes = model.manifest.architecture.layerSizes;
  return Promise.all(
    inputs.map(async (v, i) => {
      const what = `inputs[${i}]`;
      const input = 'input' in v ? await loadInference(source, v, what) : v;
      return checkLabelledInput(input, sizes[0]!, sizes.at(-1)!, what);
    }),
  );
}

/** Scores checked inputs of a loaded model and turns each into a share vector. */
export async function attributeWithModel(model: GradientModel, inputs: readonly LabelledInput[], options: ScoreOptions = {}): Promise<GradientAttribution> {
  const backend = (await currentBackend()).name;
  if (tf.getBackend() !== backend) throw mismatch('BACKEND', 'active tfjs backend', backend, tf.getBackend());
  const cache = options.cache ?? new FactorCache();
  const rows = model.training.rows;
  const out: GradientAttribution = {
    method: GRADIENT_METHOD,
    backend,
    shares: [],
    contributionScores: [],
    trainingRows: rows,
    checkpoints: model.checkpoints.length,
  };
  try {
    if (chooseStrategy(model, options.strategy) === 'contributions') {
      for (const perContribution of contributionScores(model, cache, cachedContributionGradients(model, cache), inputs)) {
        out.contributionScores.push(perContribution);
        out.shares.push(sharesFromScores(perContribution));
      }
      return out;
    }
    forEachScoreBatch(
      model,
      cache,
      inputs,
      (_first, count, scores) => {
        for (let t = 0; t < count; t++) {
          const perContribution = aggregateByContribution(scores.subarray(t * rows, (t + 1) * rows), model.training.contributionIds);
          out.contributionScores.push(perContribution);
          out.shares.push(sharesFromScores(perContribution));
        }
      },
      options.maxPairsPerBatch,
    );
  } finally {
    if (!options.cache) cache.dispose();
  }
  return out;
}

function chooseStrategy(model: GradientModel, strategy: ScoreOptions['strategy'] = 'auto'): 'rows' | 'contributions' {
  if (strategy !== 'auto') return strategy;
  const costs = scoringCosts(model, new Set(model.training.contributionIds).size);
  return costs.contributions < costs.rows ? 'contributions' : 'rows';
}
