import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../backend.ts';
import { decodeBlob } from '../blobs.ts';
import { parseManifest } from '../manifest.ts';
import { mulberry32, shuffledIndices } from './prng.ts';
import { datanetRoot } from '../contributions.ts';
import { syntheticRows } from './synthetic.ts';
import { trainMlp, type TrainOptions } from './train.ts';

const rows = syntheticRows({ datanetId: '4', contributions: 4, rowsPerContribution: 3, featureCount: 3, classCount: 2, seed: 41 });
const options: TrainOptions = {
  name: 'tiny',
  layerSizes: [3, 4, 2],
  datanets: [{ rows, root: datanetRoot(rows) }],
  epochs: 3,
  batchSize: 4,
  learningRate: 0.5,
  learningRateDecay: 0.5,
  initSeed: 9,
  shuffleSeed: 10,
};

before(async () => {
  await initBackend(['wasm']);
});

describe('the training PRNG', () => {
  it('is mulberry32: the published reference words for seeds 0 and 1', () => {
    const words = (seed: number) => {
      const next = mulberry32(seed);
      return [next(), next(), next()].map((u) => u * 2 ** 32);
    };
    assert.deepEqual(words(0), [1144304738, 1416247, 958946056]);
    assert.deepEqual(words(1), [2693262067, 11749833, 2265367787]);
  });

  it('shuffles by Fisher-Yates from the end (known answer)', () => {
    assert.deepEqual(Array.from(shuffledIndices(8, mulberry32(42))), [2, 7, 1, 0, 6, 5, 3, 4]);
  });
});

describe('trainMlp', () => {
  it('is deterministic for its seeds and depends on them', async () => {
    const a = await trainMlp(options);
    const b = await trainMlp(options);
    assert.equal(a.manifestBlob.hash, b.manifestBlob.hash);
    const c = await trainMlp({ ...options, shuffleSeed: 11 });
    assert.notEqual(c.manifest.checkpoints[0]!.hash, a.manifest.checkpoints[0]!.hash);
    assert.equal(c.manifest.datanets[0]!.rows.hash, a.manifest.datanets[0]!.rows.hash);
  });

  it('saves one float32 checkpoint per epoch with its decayed learning rate', async () => {
    const m = await trainMlp(options);
    assert.deepEqual(
      m.manifest.checkpoints.map((c) => [c.step, c.learningRate]),
      [[3, 0.5], [6, 0.25], [9, 0.125]],
    );
    for (const [i, c] of m.checkpoints.entries()) {
      assert.equal(c.hash, m.manifest.checkpoints[i]!.hash);
      const decoded = decodeBlob<typeof c.checkpoint>(c.blob.bytes, c.hash, 'checkpoint');
      assert.deepEqual(decoded, c.checkpoint);
      for (const layer of decoded.layers) for (const v of [...layer.weights, ...layer.bias]) assert.equal(Math.fround(v), v);
    }
    assert.ok(m.checkpoints.at(-1)!.loss < m.checkpoints[0]!.loss, 'training lowers the loss');
  });

  it('checkpoints every K steps and after the last step when asked', async () => {
    const m = await trainMlp({ ...options, checkpointEverySteps: 4 });
    assert.deepEqual(
      m.manifest.checkpoints.map((c) => [c.step, c.learningRate]),
      [[4, 0.25], [8, 0.125], [9, 0.125]],
    );
  });

  it('writes a manifest that parses, with every hyperparameter, referencing blobs by hash alone', async () => {
    const m = await trainMlp({ ...options, layers: [1] });
    assert.deepEqual(parseManifest(JSON.parse(new TextDecoder().decode(m.manifestBlob.bytes))), m.manifest);
    assert.deepEqual(m.manifest.hyperparameters, { epochs: 3, batchSize: 4, learningRate: 0.5, shuffleSeed: 10, initSeed: 9, learningRateDecay: 0.5, checkpointEverySteps: 0 });
    assert.deepEqual(m.manifest.layers, [1]);
    // No location in the manifest: references are hashes, resolved through the reader's stores.
    assert.ok(!new TextDecoder().decode(m.manifestBlob.bytes).includes('uri'));
    assert.deepEqual(m.blobs.map((b) => b.hash).slice(1, 4), m.manifest.checkpoints.map((c) => c.hash));
    assert.equal(m.manifest.datanets[0]!.root, options.datanets[0]!.root);
    assert.equal(m.blobs.length, 1 + 3 + 1);
  });
});
