import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.ts';
import { FactorCache } from './factors.ts';
import { materialisedScores } from './materialised.ts';
import { loadGradientModel, type GradientModel } from './model.ts';
import { referenceScores, scaledMaxError } from './reference.ts';
import { syntheticSetup, type SyntheticSetup } from './synthetic.ts';
import { tracinScores } from './tracin.ts';

// A small MLP with three dense layers, two datanets and four checkpoints.
let setup: SyntheticSetup;
let model: GradientModel;

before(async () => {
  assert.equal((await initBackend(['wasm'])).name, 'wasm');
  setup = await syntheticSetup(
    [
      { datanetId: '1', contributions: 3, rowsPerContribution: 8, featureCount: 5, classCount: 3, seed: 11 },
      { datanetId: '2', contributions: 2, rowsPerContribution: 9, featureCount: 5, classCount: 3, seed: 12, firstContributionId: 10 },
    ],
    { layerSizes: [5, 7, 6, 3], epochs: 2, batchSize: 8, learningRate: 0.2, learningRateDecay: 0.5, checkpointEverySteps: 3, initSeed: 3, shuffleSeed: 4 },
    6,
  );
  model = await loadGradientModel(setup.trained.manifest, setup.store);
});

describe('factorised TracIn scores', () => {
  it('uses every checkpoint and both datanets', () => {
    assert.equal(model.training.rows, 42);
    assert.equal(model.checkpoints.length, 4);
    assert.deepEqual(model.layers, [0, 1, 2]);
  });

  it('equal the dot products of autodiff per-example gradients (relative error < 1e-5)', () => {
    const cache = new FactorCache();
    const factorised = tracinScores(model, cache, setup.inputs).scores;
    const materialised = materialisedScores(model, setup.inputs);
    cache.dispose();
    assert.ok(materialised.some((s) => s > 0) && materialised.some((s) => s < 0), 'scores of both signs');
    const err = scaledMaxError(factorised, materialised);
    assert.ok(err < 1e-5, `relative error ${err}`);
  });

  it('equal autodiff when only some layers are used', () => {
    const partial = { ...model, layers: [1, 2] };
    const cache = new FactorCache();
    const factorised = tracinScores(partial, cache, setup.inputs).scores;
    cache.dispose();
    const err = scaledMaxError(factorised, materialisedScores(partial, setup.inputs));
    assert.ok(err < 1e-5, `relative error ${err}`);
    assert.ok(scaledMaxError(factorised, referenceScores(model, setup.inputs)) > 1e-3, 'dropping layer 0 changes the scores');
  });

  it('match the float64 reference', () => {
    const cache = new FactorCache();
    const result = tracinScores(model, cache, setup.inputs);
    cache.dispose();
    assert.equal(result.backend, 'wasm');
    assert.equal(result.scores.length, setup.inputs.length * model.training.rows);
    const err = scaledMaxError(result.scores, referenceScores(model, setup.inputs));
    assert.ok(err < 1e-5, `relative error ${err}`);
  });

  it('do not depend on the batch size and leak no tensors over many batches', () => {
    const cache = new FactorCache();
    const whole = tracinScores(model, cache, setup.inputs).scores;
    const tensors = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    for (let round = 0; round < 5; round++) {
      const oneByOne = tracinScores(model, cache, setup.inputs, model.training.rows).scores;
      assert.deepEqual(oneByOne, whole);
      assert.equal(tf.memory().numTensors, tensors);
      assert.equal(tf.memory().numBytes, bytes);
    }
    assert.equal(cache.size, model.checkpoints.length);
    cache.dispose();
    assert.ok(tf.memory().numTensors < tensors, 'dispose frees the cached factors');
  });
});

describe('the float64 oracle takes float32 inputs', () => {
  it('rounds features and learning rates to float32 first, as the spec says', () => {
    // Features and rates that are not float32 (0.1, 1/3 ...) score exactly like their float32 roundings.
    const wide = setup.inputs.map((v) => ({ features: v.features.map((x, i) => x + (i % 2 ? 0.1 : 1 / 3)), label: v.label }));
    const narrow = wide.map((v) => ({ features: v.features.map(Math.fround), label: v.label }));
    assert.ok(wide.some((v, t) => v.features.some((x, i) => x !== narrow[t]!.features[i])));
    const rate = (lr: number) => ({ ...model, checkpoints: model.checkpoints.map((c) => ({ ...c, learningRate: lr })) });
    assert.deepEqual(referenceScores(rate(0.1), wide), referenceScores(rate(Math.fround(0.1)), narrow));
    assert.notDeepEqual(referenceScores(rate(0.1), wide), referenceScores(rate(0.2), narrow));
  });
});
