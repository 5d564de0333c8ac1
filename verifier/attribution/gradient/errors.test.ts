import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Hex } from 'viem';
import { initBackend } from '../backend.ts';
import type { BlobSource } from '../blobs.ts';
import { canonicalJson } from '../canonical.ts';
import { AttributionError, type AttributionErrorCode } from '../errors.ts';
import type { GradientManifest } from '../manifest.ts';
import { attributeGradient, type GradientInput } from './attribute.ts';
import { validateCheckpoint, type MlpCheckpoint } from './checkpoint.ts';
import { syntheticRows, syntheticSetup, type SyntheticSetup } from './synthetic.ts';

let setup: SyntheticSetup;
const datanet = { datanetId: '3', contributions: 2, rowsPerContribution: 6, featureCount: 4, classCount: 3, seed: 31 };

before(async () => {
  await initBackend(['wasm']);
  setup = await syntheticSetup([datanet], { layerSizes: [4, 5, 3], epochs: 1, batchSize: 4, learningRate: 0.1, initSeed: 1, shuffleSeed: 2 }, 2);
});

function manifest(edit: (m: GradientManifest) => void = () => {}): GradientManifest {
  const m = structuredClone(setup.trained.manifest);
  edit(m);
  return m;
}

function checkpoint(): MlpCheckpoint {
  return structuredClone(setup.trained.checkpoints[0]!.checkpoint);
}

async function refused(code: AttributionErrorCode, message: RegExp, m: unknown, inputs: readonly GradientInput[] = setup.inputs, source: BlobSource = setup.store) {
  await assert.rejects(attributeGradient({ manifest: m, source, inputs }), (e: unknown) => {
    assert.ok(e instanceof AttributionError, `expected an AttributionError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
}

/** A source that serves other bytes than the hash promises for `hash`. */
function tampering(hash: Hex): BlobSource {
  return {
    async get(h) {
      const bytes = (await setup.store.get(h)).slice();
      if (h === hash) bytes[bytes.length - 2]! ^= 1;
      return bytes;
    },
  };
}

describe('gradient attribution refuses bad input by name', () => {
  it('accepts the untouched model (so the refusals below are about the edits)', async () => {
    const r = await attributeGradient({ manifest: manifest(), source: setup.store, inputs: setup.refs });
    assert.equal(r.shares.length, 2);
  });

  it('a checkpoint blob whose bytes do not hash to the manifest hash', async () => {
    const hash = setup.trained.manifest.checkpoints[0]!.hash;
    await refused('BLOB_HASH_MISMATCH', new RegExp(`manifest\\.checkpoints\\[0\\] \\(${hash}\\) hash: expected ${hash}, got 0x`), manifest(), setup.inputs, tampering(hash));
  });

  it('a datanet rows blob whose bytes do not hash to the manifest hash', async () => {
    const hash = setup.trained.manifest.datanets[0]!.rows.hash;
    await refused('BLOB_HASH_MISMATCH', /manifest\.datanets\[0\]\.rows \(datanet 3 v1\) hash/, manifest(), setup.inputs, tampering(hash));
  });

  it('a checkpoint with a weight matrix of the wrong size', async () => {
    const cp = checkpoint();
    cp.layers[1]!.weights.pop();
    const hash = setup.store.put(cp);
    await refused('BAD_SHAPE', /checkpoints\[0\].*layers\[1\]\.weights length: expected \[5\]\[3\] = 15 values, got 14/, manifest((m) => (m.checkpoints[0]!.hash = hash)));
  });

  it('checkpoints whose layer sizes differ from the architecture', async () => {
    await refused('BAD_SHAPE', /layerSizes: expected \[4, 6, 3\], got \[4, 5, 3\]/, manifest((m) => (m.architecture.layerSizes = [4, 6, 3])));
  });

  it('a datanet whose feature count differs from the architecture', async () => {
    const rows = syntheticRows({ ...datanet, featureCount: 5 });
    const hash = setup.store.put(rows);
    await refused('BAD_SHAPE', /datanet 3 v1.*featureCount vs architecture input size: expected 4, got 5/, manifest((m) => (m.datanets[0]!.rows.hash = hash)));
  });

  it('a test input with the wrong number of features', async () => {
    await refused('BAD_SHAPE', /inputs\[1\]\.features length: expected 4, got 3/, manifest(), [setup.inputs[0]!, { features: [1, 2, 3], label: 0 }]);
  });

  it('an output label outside the classes', async () => {
    await refused('BAD_LABEL', /inputs\[0\]\.label: expected an integer in \[0, 2\], got 3/, manifest(), [{ features: [1, 2, 3, 4], label: 3 }]);
  });

  it('an empty datanet', async () => {
    const hash = setup.store.put({ ...syntheticRows(datanet), rows: [] });
    await refused('EMPTY_DATANET', /datanet 3 v1.*expected at least one row, got none/, manifest((m) => (m.datanets[0]!.rows.hash = hash)));
  });

  it('infinite weights in a checkpoint blob', async () => {
    const json = canonicalJson(checkpoint()).replace(/"weights":\[[^,\]]+/, '"weights":[1e999');
    const hash = setup.store.putBytes(new TextEncoder().encode(json));
    await refused('NON_FINITE', /checkpoints\[0\].*layers\[0\]\.weights\[0\]: expected a finite number, got Infinity/, manifest((m) => (m.checkpoints[0]!.hash = hash)));
  });

  it('NaN weights and weights that are not float32', () => {
    const nan = checkpoint();
    nan.layers[1]!.bias[2] = NaN;
    assert.throws(() => validateCheckpoint(nan, [4, 5, 3]), { code: 'NON_FINITE', message: /layers\[1\]\.bias: expected finite numbers, got NaN at index 2/ });
    const wide = checkpoint();
    wide.layers[0]!.weights[7] = 0.1;
    assert.throws(() => validateCheckpoint(wide, [4, 5, 3]), { code: 'NOT_FLOAT32', message: /layers\[0\]\.weights: expected float32 values, got 0\.1 at index 7/ });
  });

  it('a manifest of an unknown method version', async () => {
    await refused('UNKNOWN_METHOD', /manifest\.method: expected one of .*tracin-mlp\/1.*, got tracin-mlp\/2/, { ...manifest(), method: 'tracin-mlp/2' });
  });

  it('a manifest of the other method', async () => {
    const ngram = { ...manifest(), method: 'ngram-spans/1', tokenizer: 'x', params: { minSpan: 4, maxDocuments: 8 }, languageModel: manifest().datanets[0]!.rows };
    await refused('BAD_MANIFEST', /manifest\.method \(gradient attribution\): expected tracin-mlp\/1, got ngram-spans\/1/, ngram);
  });

  it('no checkpoints, a zero, negative or sub-float32 learning rate', async () => {
    await refused('EMPTY_CHECKPOINTS', /manifest\.checkpoints: expected at least one checkpoint, got none/, manifest((m) => (m.checkpoints = [])));
    for (const rate of [0, -0.05, 1e-50]) {
      await refused('BAD_LEARNING_RATE', new RegExp(`checkpoints\\[0\\]\\.learningRate: expected a positive number.*got ${rate}`), manifest((m) => (m.checkpoints[0]!.learningRate = rate)));
    }
  });

  it('activations, loss or architecture the method version does not define', async () => {
    await refused('UNSUPPORTED', /architecture\.hidden: expected relu, got "tanh"/, manifest((m) => ((m.architecture as { hidden: string }).hidden = 'tanh')));
    await refused('UNSUPPORTED', /architecture\.output: expected softmax, got "sigmoid"/, manifest((m) => ((m.architecture as { output: string }).output = 'sigmoid')));
    await refused('UNSUPPORTED', /manifest\.loss: expected softmax-cross-entropy, got "mse"/, manifest((m) => ((m as { loss: string }).loss = 'mse')));
    await refused('UNSUPPORTED', /architecture\.kind: expected mlp, got "cnn"/, manifest((m) => ((m.architecture as { kind: string }).kind = 'cnn')));
    await refused('BAD_MANIFEST', /manifest\.layers\[0\]: expected a dense layer index in \[0, 1\], got 2/, manifest((m) => (m.layers = [2])));
    await refused('BAD_MANIFEST', /manifest\.layers: expected at least one layer/, manifest((m) => (m.layers = [])));
  });

  it('a hash not written in lowercase', async () => {
    await refused('BAD_HASH', /manifest\.checkpoints\[0\]\.hash: expected 0x and 64 lowercase hex digits/, manifest((m) => (m.checkpoints[0]!.hash = m.checkpoints[0]!.hash.toUpperCase().replace('0X', '0x') as Hex)));
    await refused('BAD_HASH', /manifest\.datanets\[0\]\.root/, manifest((m) => (m.datanets[0]!.root = m.datanets[0]!.root.toUpperCase().replace('0X', '0x') as Hex)));
  });

  it('training rows with a label out of range or the wrong number of features', async () => {
    const bad = syntheticRows(datanet);
    bad.rows[3]!.label = 3;
    await refused('BAD_LABEL', /rows\[3\]\.label: expected an integer in \[0, 2\], got 3/, manifest((m) => (m.datanets[0]!.rows.hash = setup.store.put(bad))));
    const short = syntheticRows(datanet);
    short.rows[5]!.features.pop();
    await refused('BAD_SHAPE', /rows\[5\]\.features length: expected 4, got 3/, manifest((m) => (m.datanets[0]!.rows.hash = setup.store.put(short))));
  });

  it('rows that are not the datanet version\'s committed contributions', async () => {
    const edited = syntheticRows(datanet);
    edited.rows[0]!.label = (edited.rows[0]!.label + 1) % 3;
    await refused('MERKLE_ROOT_MISMATCH', /datanet 3 v1.*Merkle root of the rows: expected 0x[0-9a-f]{64}, got 0x/, manifest((m) => (m.datanets[0]!.rows.hash = setup.store.put(edited))));
    await refused('MERKLE_ROOT_MISMATCH', /Merkle root/, manifest((m) => (m.datanets[0]!.root = `0x${'ab'.repeat(32)}`)));
  });

  it('a checkpoint or input blob that is valid JSON but not canonical', async () => {
    const cp = canonicalJson(checkpoint()).replace('{"kind"', '{ "kind"');
    const hash = setup.store.putBytes(new TextEncoder().encode(cp));
    await refused('NON_CANONICAL', /manifest\.checkpoints\[0\].*expected canonical JSON/, manifest((m) => (m.checkpoints[0]!.hash = hash)));
  });
});
