/**
 * Gradient attribution throughput: factorised TracIn (cached training factors)
 * against the materialised per-example-gradient path on the same model and
 * data, and the backend's fp32 matmul rate. Last line: one JSON object.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeNetwork, FactorCache, firstRows, type GradientModel, initBackend, type LabelledInput, loadGradientModel, materialisedScores, networkTensors, packInputs, packTrainingRows, perExampleGradients, scaledMaxError, syntheticSetup, tracinScores } from '../verifier/attribution/index.ts';
import { matmulGflops } from './matmul.ts';
import { formatRate, printTable, progress, secondsPerRun } from './report.ts';

const LAYER_SIZES = [16, 64, 64, 8];
const CONTRIBUTIONS = 32;
const ROWS_PER_CONTRIBUTION = 128;
const TEST_INPUTS = 256;
const FACTORISED_REPS = 5;
/** The slow path's per-example gradients are timed on this sample and extrapolated. */
const SAMPLE_ROWS = 256;
const SAMPLE_INPUTS = 32;
const TARGETS = { backend: 'wasm', factorisedScoresPerSecond: 1_000_000, ratio: 20 };

/** Seconds per example of one autodiff per-example gradient, averaged over the sample and all checkpoints. */
function secondsPerGradient(model: GradientModel, inputs: readonly LabelledInput[]): number {
  const sets = [packTrainingRows(model), packInputs(inputs, model.training.featureCount)];
  let seconds = 0;
  for (const cp of model.checkpoints) {
    const net = networkTensors(cp.checkpoint);
    for (const set of sets) {
      const t0 = performance.now();
      tf.dispose(perExampleGradients(net, set.features, set.labels, model.layers));
      seconds += (performance.now() - t0) / 1000;
    }
    disposeNetwork(net);
  }
  return seconds / ((model.training.rows + inputs.length) * model.checkpoints.length);
}

/** Seconds for the materialised dot products sum_c lr_c G_test @ G_train^T at full size. */
function secondsForDots(model: GradientModel, tests: number, gradientLength: number): number {
  const gTest = tf.randomNormal([tests, gradientLength], 0, 1, 'float32');
  const gTrainT = tf.randomNormal([gradientLength, model.training.rows], 0, 1, 'float32');
  const perCheckpoint = secondsPerRun(() => tf.tidy(() => void tf.matMul(tf.mul(gTest, 0.1), gTrainT).dataSync()), 2);
  tf.dispose([gTest, gTrainT]);
  return perCheckpoint * model.checkpoints.length;
}

export async function main(): Promise<Record<string, unknown>> {
  const backend = await initBackend();
  progress(`backend ${backend.name}${backend.skipped.length ? ` (skipped ${backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})` : ''}`);
  const gflops = matmulGflops(1024);
  progress(`fp32 matmul 1024^3: ${gflops.toFixed(1)} GFLOP/s`);

  const setup = await syntheticSetup(
    [{ datanetId: '1', contributions: CONTRIBUTIONS, rowsPerContribution: ROWS_PER_CONTRIBUTION, featureCount: LAYER_SIZES[0]!, classCount: LAYER_SIZES.at(-1)!, seed: 1 }],
    { layerSizes: LAYER_SIZES, epochs: 3, batchSize: 32, learningRate: 0.05, learningRateDecay: 0.7, initSeed: 2, shuffleSeed: 3 },
    TEST_INPUTS,
  );
  const model = await loadGradientModel(setup.trained.manifest, setup.store);
  const [rows, tests, checkpoints] = [model.training.rows, setup.inputs.length, model.checkpoints.length];
  progress(`trained and loaded: ${rows} rows, ${checkpoints} checkpoints, layers ${LAYER_SIZES.join('-')}`);

  const cache = new FactorCache();
  let t0 = performance.now();
  tracinScores(model, cache, setup.inputs.slice(0, 1));
  const cacheSeconds = (performance.now() - t0) / 1000;
  progress(`training factors cached in ${cacheSeconds.toFixed(2)} s`);
  const factorisedSeconds = secondsPerRun(() => void tracinScores(model, cache, setup.inputs), FACTORISED_REPS);
  const factorised = (rows * tests) / factorisedSeconds;
  progress(`factorised: ${tests} x ${rows} scores in ${(factorisedSeconds * 1000).toFixed(1)} ms per pass`);

  const sample = { ...model, training: firstRows(model.training, SAMPLE_ROWS) };
  const sampleInputs = setup.inputs.slice(0, SAMPLE_INPUTS);
  t0 = performance.now();
  const sampleScores = materialisedScores(sample, sampleInputs);
  const sampleSeconds = (performance.now() - t0) / 1000;
  const sampleCache = new FactorCache();
  const sampleError = scaledMaxError(tracinScores(sample, sampleCache, sampleInputs).scores, sampleScores);
  sampleCache.dispose();
  progress(`materialised sample ${SAMPLE_INPUTS} x ${SAMPLE_ROWS} in ${sampleSeconds.toFixed(2)} s; factorised vs materialised relative error ${sampleError.toExponential(2)}`);
  const perGradient = secondsPerGradient(sample, sampleInputs);
  const gradientLength = model.layers.reduce((n, l) => n + (LAYER_SIZES[l]! + 1) * LAYER_SIZES[l + 1]!, 0);
  const dotSeconds = secondsForDots(model, tests, gradientLength);
  const materialisedSeconds = checkpoints * (rows + tests) * perGradient + dotSeconds;
  const materialised = (rows * tests) / materialisedSeconds;
  const cachedGradients = (rows * tests) / (checkpoints * tests * perGradient + dotSeconds);
  progress(`materialised: ${(perGradient * 1000).toFixed(3)} ms per example gradient, dots ${dotSeconds.toFixed(2)} s`);
  cache.dispose();

  const ratio = factorised / materialised;
  const result = {
    bench: 'attribution',
    backend: backend.name,
    trainingRows: rows,
    testInputs: tests,
    checkpoints,
    layerSizes: LAYER_SIZES,
    gradientLength,
    factorisedScoresPerSecond: Math.round(factorised),
    materialisedScoresPerSecond: Math.round(materialised),
    ratio: Number(ratio.toFixed(1)),
    matmulGflops: Number(gflops.toFixed(2)),
    materialisedWithCachedTrainingGradientsScoresPerSecond: Math.round(cachedGradients),
    ratioVsCachedTrainingGradients: Number((factorised / cachedGradients).toFixed(1)),
    factorisedVsMaterialisedRelativeError: Number(sampleError.toExponential(2)),
    targets: TARGETS,
    met: {
      backend: backend.name === TARGETS.backend,
      factorisedScoresPerSecond: factorised >= TARGETS.factorisedScoresPerSecond,
      ratio: ratio >= TARGETS.ratio,
    },
  };
  printTable(`gradient attribution (${backend.name}, ${rows} training rows x ${tests} test inputs, ${checkpoints} checkpoints, MLP ${LAYER_SIZES.join('-')})`, [
    ['fp32 matmul 1024^3', `${gflops.toFixed(1)} GFLOP/s`],
    ['training factors cached in', `${cacheSeconds.toFixed(2)} s`],
    ['factorised scores/s (cached factors)', formatRate(factorised)],
    ['per-example gradient (autodiff)', `${(perGradient * 1000).toFixed(3)} ms x ${checkpoints} checkpoints`],
    ['materialised dot products', `${dotSeconds.toFixed(2)} s (P = ${gradientLength})`],
    ['materialised scores/s', `${formatRate(materialised)} (C*(N+T) gradients + dots, extrapolated from ${SAMPLE_INPUTS} x ${SAMPLE_ROWS})`],
    ['  same, training gradients cached', `${formatRate(cachedGradients)} (needs N*P*C floats; ratio ${(factorised / cachedGradients).toFixed(1)}x)`],
    ['ratio factorised / materialised', `${ratio.toFixed(1)}x (target >= ${TARGETS.ratio})`],
    ['factorised target', `>= ${formatRate(TARGETS.factorisedScoresPerSecond)} scores/s with wasm: ${result.met.factorisedScoresPerSecond ? 'met' : 'NOT met'}`],
    ['factorised vs materialised (sample)', `relative error ${sampleError.toExponential(2)}`],
  ]);
  console.log(JSON.stringify(result));
  return result;
}
