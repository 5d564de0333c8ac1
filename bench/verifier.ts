/**
 * `npm run bench -- verifier`: a watchdog's audit of one model. 688 sampled records
 * (the count that catches a cheater falsifying 1% of records with 99.9% confidence:
 * 0.99^688 < 0.001) of one model with 3 checkpoints trained on a synthetic, seeded
 * datanet of 100,000 rows; 1% of the records are falsified. Timed from the manifest
 * hash to the verdicts: every blob read by hash from a file:// store through the
 * artifact resolver and checked (hash, canonical JSON, Merkle root), the factor pass,
 * scoring, shares, comparison. Last line: one JSON object.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hex } from 'viem';
import {
  attributeWithModel,
  compareShares,
  FactorCache,
  initBackend,
  loadBlob,
  loadGradientModel,
  resolveInputs,
  syntheticSetup,
  type ShareVector,
} from '../verifier/attribution/index.ts';
import { createBlobResolver } from '../verifier/content/index.ts';
import { matmulGflops } from './matmul.ts';
import { formatRate, printTable, progress } from './report.ts';

const RECORDS = 688;
const CONTRIBUTIONS = 1_000;
const ROWS_PER_CONTRIBUTION = 100;
const LAYER_SIZES = [16, 32, 8];
const FALSIFIED_EVERY = 100;
const TARGETS = { backend: 'wasm', seconds: 30 };

/** A falsified record: the largest share moved onto the smallest one (a big total-variation distance). */
function falsify(v: ShareVector): ShareVector {
  const ppb = v.ppb.slice();
  const max = ppb.indexOf(Math.max(...ppb));
  const min = ppb.indexOf(Math.min(...ppb));
  if (max === min) return { contributionIds: [v.contributionIds[0]! + 1_000_000n], ppb: [1_000_000_000] };
  ppb[min]! += ppb[max]! - 1;
  ppb[max] = 1;
  return { contributionIds: v.contributionIds.slice(), ppb };
}

export async function main(): Promise<Record<string, unknown>> {
  const backend = await initBackend();
  progress(`backend ${backend.name}`);
  const gflops = matmulGflops(512, 3);
  progress(`fp32 matmul 512^3: ${gflops.toFixed(2)} GFLOP/s`);

  const setup = await syntheticSetup(
    [{ datanetId: '1', contributions: CONTRIBUTIONS, rowsPerContribution: ROWS_PER_CONTRIBUTION, featureCount: LAYER_SIZES[0]!, classCount: LAYER_SIZES.at(-1)!, seed: 688 }],
    { layerSizes: LAYER_SIZES, epochs: 1, batchSize: 256, learningRate: 0.1, checkpointEverySteps: 131, initSeed: 2, shuffleSeed: 3 },
    RECORDS,
  );
  // The store a watchdog reads: a folder of blobs named by hash (the devnet content store's layout).
  const dir = mkdtempSync(join(tmpdir(), 'ol-bench-verifier-'));
  const hashes: Hex[] = [...setup.trained.blobs.map((b) => b.hash), ...setup.refs.flatMap((r) => [r.input, r.output])];
  for (const hash of hashes) writeFileSync(join(dir, hash), await setup.store.get(hash));
  const manifestHash = setup.trained.manifestBlob.hash;
  // The posted records: honest shares from the attributor's own run, every 100th falsified.
  const honest = await attributeWithModel(await loadGradientModel(setup.trained.manifest, setup.store), setup.inputs);
  const posted = honest.shares.map((v, i) => (i % FALSIFIED_EVERY === FALSIFIED_EVERY - 1 ? falsify(v) : v));
  const falsified = posted.filter((_, i) => i % FALSIFIED_EVERY === FALSIFIED_EVERY - 1).length;
  progress(`set up: ${CONTRIBUTIONS * ROWS_PER_CONTRIBUTION} rows, ${setup.trained.checkpoints.length} checkpoints, ${RECORDS} records (${falsified} falsified)`);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const resolver = createBlobResolver({ stores: [pathToFileURL(dir).href] });
  const manifest = await loadBlob<unknown>(resolver, manifestHash, 'manifest');
  const model = await loadGradientModel(manifest, resolver);
  const tLoaded = performance.now();
  const inputs = await resolveInputs(model, resolver, setup.refs);
  const tInputs = performance.now();
  const cache = new FactorCache();
  for (const cp of model.checkpoints) cache.get(cp, model.training, model.layers);
  const tFactors = performance.now();
  const recomputed = await attributeWithModel(model, inputs, { cache });
  const tScored = performance.now();
  const verdicts = posted.map((p, i) => compareShares(p, recomputed.shares[i]!));
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  cache.dispose();
  rmSync(dir, { recursive: true, force: true });

  const seconds = (t1 - t0) / 1000;
  const rows = model.training.rows;
  const checkpoints = model.checkpoints.length;
  const disputes = verdicts.filter((v) => v.dispute).length;
  const caught = verdicts.filter((v, i) => v.dispute && i % FALSIFIED_EVERY === FALSIFIED_EVERY - 1).length;
  const scoresPerSecond = (RECORDS * rows) / seconds;
  // What the row-by-row factorised path would reach at the measured matmul rate: 2 flops per
  // multiply-add, per checkpoint and layer (n_l + 1) + n_{l+1} multiply-adds per (record, row).
  const flopsPerScore = 2 * checkpoints * model.layers.reduce((n, l) => n + LAYER_SIZES[l]! + 1 + LAYER_SIZES[l + 1]!, 0);
  const matmulBoundScoresPerSecond = (gflops * 1e9) / flopsPerScore;
  const phase = (a: number, b: number) => Number(((b - a) / 1000).toFixed(2));
  const result = {
    bench: 'verifier',
    records: RECORDS,
    rows,
    checkpoints,
    contributions: CONTRIBUTIONS,
    layerSizes: LAYER_SIZES,
    seconds: Number(seconds.toFixed(2)),
    // CPU time of this process over the audit: on a shared machine, wall seconds also count other processes' turns.
    cpuSeconds: Number(cpuSeconds.toFixed(2)),
    loadAverage: Number(loadavg()[0]!.toFixed(1)),
    phases: { loadAndCheckModel: phase(t0, tLoaded), inputs: phase(tLoaded, tInputs), factorPass: phase(tInputs, tFactors), scoring: phase(tFactors, tScored), compare: phase(tScored, t1) },
    scoresPerSecond: Math.round(scoresPerSecond),
    backend: recomputed.backend,
    workers: 1,
    matmulGflops: Number(gflops.toFixed(2)),
    flopsPerScore,
    matmulBoundScoresPerSecond: Math.round(matmulBoundScoresPerSecond),
    fractionOfMatmul: Number((scoresPerSecond / matmulBoundScoresPerSecond).toFixed(3)),
    falsified,
    disputes,
    caught,
    targets: TARGETS,
    met: { backend: recomputed.backend === TARGETS.backend, seconds: seconds < TARGETS.seconds },
  };
  printTable(`verifier audit (${recomputed.backend}, ${RECORDS} records x ${rows} rows, ${checkpoints} checkpoints, MLP ${LAYER_SIZES.join('-')}, ${CONTRIBUTIONS} contributions)`, [
    ['records audited', `${RECORDS} (${falsified} falsified, ${disputes} disputed, ${caught} of them falsified)`],
    ['seconds (manifest hash to verdicts)', `${seconds.toFixed(2)} s (target < ${TARGETS.seconds} s: ${result.met.seconds ? 'met' : 'NOT met'})`],
    ['CPU seconds of this process', `${cpuSeconds.toFixed(2)} s (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`],
    ['  load and check model', `${result.phases.loadAndCheckModel} s (hashes, canonical JSON, Merkle root, shapes)`],
    ['  inference blobs', `${result.phases.inputs} s`],
    ['  factor pass', `${result.phases.factorPass} s`],
    ['  scoring and shares', `${result.phases.scoring} s`],
    ['scores/s ((record, row) pairs)', formatRate(scoresPerSecond)],
    ['fp32 matmul 512^3', `${gflops.toFixed(2)} GFLOP/s`],
    ['row-path bound at that rate', `${formatRate(matmulBoundScoresPerSecond)} scores/s (${flopsPerScore} flops per score)`],
    ['ours / bound', `${result.fractionOfMatmul}`],
    ['workers', '1 (main thread)'],
  ]);
  console.log(JSON.stringify(result));
  return result;
}
