import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.ts';
import { aggregateByContribution, compareShares, PPB, sharesFromScores, totalVariation, validateShares, type ShareVector } from '../shares.ts';
import { attributeGradient, attributeWithModel, type GradientAttribution } from './attribute.ts';
import { loadGradientModel } from './model.ts';
import { referenceScores } from './reference.ts';
import { syntheticSetup, type SyntheticSetup } from './synthetic.ts';

// A 4,096-row datanet: 32 contributions x 128 rows, each with its own feature
// distribution and label noise; 16 inferences of the trained model.
const INPUTS = 16;
let setup: SyntheticSetup;
let wasm: GradientAttribution;
let reference: ShareVector[];

before(async () => {
  assert.equal((await initBackend(['wasm'])).name, 'wasm');
  setup = await syntheticSetup(
    [{ datanetId: '7', contributions: 32, rowsPerContribution: 128, featureCount: 8, classCount: 4, seed: 21, firstContributionId: 100 }],
    { layerSizes: [8, 32, 32, 4], epochs: 3, batchSize: 32, learningRate: 0.05, learningRateDecay: 0.7, initSeed: 5, shuffleSeed: 6 },
    INPUTS,
  );
  wasm = await attributeGradient({ manifest: setup.trained.manifest, source: setup.store, inputs: setup.refs });
  const model = await loadGradientModel(setup.trained.manifest, setup.store);
  const scores = referenceScores(model, setup.inputs);
  const rows = model.training.rows;
  reference = setup.inputs.map((_, t) => sharesFromScores(aggregateByContribution(scores.subarray(t * rows, (t + 1) * rows), model.training.contributionIds)));
});

describe('gradient attribution end to end', () => {
  it('runs on the wasm backend over 4,096 rows and 32 contributions', () => {
    assert.equal(wasm.backend, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(wasm.trainingRows, 4096);
    assert.equal(wasm.checkpoints, 3);
    assert.equal(wasm.shares.length, INPUTS);
    assert.equal(wasm.contributionScores[0]!.size, 32);
  });

  it('gives shares that sum to exactly 1e9 with ids ascending', () => {
    for (const v of wasm.shares) {
      validateShares(v);
      assert.equal(v.ppb.reduce((a, b) => a + b, 0), PPB);
      assert.ok(v.contributionIds.length > 1, 'influence is spread over several contributions');
    }
  });

  it('matches the float64 reference within 1e-6 total-variation distance', (t) => {
    let worst = 0;
    wasm.shares.forEach((v, i) => (worst = Math.max(worst, totalVariation(v, reference[i]!))));
    t.diagnostic(`worst TV distance wasm vs float64: ${worst}`);
    assert.ok(worst < 1e-6, `worst TV distance ${worst}`);
  });

  it('gives the same shares for inputs given directly and by blob hashes', async () => {
    const direct = await attributeGradient({ manifest: setup.trained.manifest, source: setup.store, inputs: setup.inputs, maxPairsPerBatch: 4096 * 3 });
    assert.deepEqual(direct.shares, wasm.shares);
  });

  it('never flags an honest recomputation', () => {
    wasm.shares.forEach((v, t) => {
      assert.equal(compareShares(v, reference[t]!).dispute, false);
      assert.equal(compareShares(reference[t]!, v).dispute, false);
    });
  });

  it('flags 0.1% of the mass moved to another contribution', () => {
    for (const v of wasm.shares) {
      const moved = falsify(v, (ppb) => {
        const [from, to] = [argmax(ppb), argmin(ppb)];
        ppb[from]! -= 1_000_000;
        ppb[to]! += 1_000_000;
      });
      assert.equal(compareShares(moved, v).distance, 0.001);
      assert.equal(compareShares(moved, v).dispute, true);
    }
  });

  it('flags two contributions swapped', () => {
    for (const v of wasm.shares) {
      const swapped = falsify(v, (ppb) => {
        const [a, b] = [argmax(ppb), argmin(ppb)];
        [ppb[a], ppb[b]] = [ppb[b]!, ppb[a]!];
      });
      const c = compareShares(swapped, v);
      assert.ok(c.distance > 1e-4, `swap distance ${c.distance}`);
      assert.equal(c.dispute, true);
    }
  });

  it('flags one contribution dropped with its mass given to the others', () => {
    for (const v of wasm.shares) {
      const k = v.ppb.findIndex((p) => p > 200_000);
      const dropped: ShareVector = { contributionIds: v.contributionIds.filter((_, i) => i !== k), ppb: v.ppb.filter((_, i) => i !== k) };
      const mass = v.ppb[k]!;
      dropped.ppb.forEach((_, i) => (dropped.ppb[i]! += Math.floor(mass / dropped.ppb.length)));
      dropped.ppb[0]! += mass % dropped.ppb.length;
      validateShares(dropped);
      const c = compareShares(dropped, v);
      assert.ok(c.distance >= 2e-4, `drop distance ${c.distance}`);
      assert.equal(c.dispute, true);
    }
  });
});

function falsify(v: ShareVector, edit: (ppb: number[]) => void): ShareVector {
  const ppb = v.ppb.slice();
  edit(ppb);
  const out = { contributionIds: v.contributionIds.slice(), ppb };
  validateShares(out);
  return out;
}

const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));
const argmin = (xs: number[]) => xs.indexOf(Math.min(...xs));

describe('scoring by contribution (summed gradients)', () => {
  it('chooses itself here and agrees with the row path and the float64 reference', async () => {
    const model = await loadGradientModel(setup.trained.manifest, setup.store);
    const byRows = await attributeWithModel(model, setup.inputs, { strategy: 'rows' });
    const byContributions = await attributeWithModel(model, setup.inputs, { strategy: 'contributions' });
    setup.inputs.forEach((_, t) => {
      assert.ok(totalVariation(byContributions.shares[t]!, byRows.shares[t]!) < 1e-6, `input ${t}: rows vs contributions`);
      assert.ok(totalVariation(byContributions.shares[t]!, reference[t]!) < 1e-6, `input ${t}: contributions vs float64`);
      // The per-contribution scores themselves, on the scale of the largest.
      const ids = [...byRows.contributionScores[t]!.keys()];
      const scale = Math.max(...ids.map((id) => Math.abs(byRows.contributionScores[t]!.get(id)!)));
      for (const id of ids) assert.ok(Math.abs(byRows.contributionScores[t]!.get(id)! - byContributions.contributionScores[t]!.get(id)!) < 1e-4 * scale, `input ${t}, contribution ${id}`);
    });
    // 32 contributions of 128 rows: the summed gradients need fewer multiply-adds, so auto took them (wasm above).
    assert.deepEqual(wasm.shares, byContributions.shares);
  });
});
