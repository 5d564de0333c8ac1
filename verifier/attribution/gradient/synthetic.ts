import { MemoryBlobStore } from '../blobs.ts';
import { datanetRoot } from '../contributions.ts';
import { TABULAR_ROWS, type TabularRow, type TabularRows } from '../datasets.ts';
import { CLASS_OUTPUT_KIND, TABULAR_INPUT_KIND, type InferenceRef, type LabelledInput } from './test-inputs.ts';
import { mulberry32, type Uniform } from './prng.ts';
import { referencePredict } from './reference.ts';
import { trainMlp, type TrainedModel, type TrainOptions } from './train.ts';

/**
 * Synthetic tabular datanets for tests and the benchmark: a shared teacher
 * (argmax of x . V) labels the rows; each contribution draws its features
 * from its own Gaussian (mean, scale) and flips its own share of labels.
 */
export interface SyntheticOptions {
  datanetId: string;
  version?: number;
  contributions: number;
  rowsPerContribution: number;
  featureCount: number;
  classCount: number;
  seed: number;
  /** Contribution ids are firstContributionId, +1, ...; default 1. */
  firstContributionId?: number;
}

function gaussian(next: Uniform): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** Four decimals keep blobs small; the value is what the blob commits. */
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

function teacher(featureCount: number, classCount: number, seed: number): (x: number[]) => number {
  const next = mulberry32(seed ^ 0x5eed);
  const v = Array.from({ length: featureCount * classCount }, () => gaussian(next));
  return (x) => {
    let best = 0;
    let bestScore = -Infinity;
    for (let j = 0; j < classCount; j++) {
      let s = 0;
      for (let i = 0; i < featureCount; i++) s += x[i]! * v[i * classCount + j]!;
      if (s > bestScore) [best, bestScore] = [j, s];
    }
    return best;
  };
}

export function syntheticRows(o: SyntheticOptions): TabularRows {
  const next = mulberry32(o.seed);
  const label = teacher(o.featureCount, o.classCount, o.seed);
  const rows: TabularRow[] = [];
  for (let c = 0; c < o.contributions; c++) {
    const mean = Array.from({ length: o.featureCount }, () => 2 * (2 * next() - 1));
    const scale = 0.5 + next();
    const flip = 0.3 * next();
    for (let r = 0; r < o.rowsPerContribution; r++) {
      const features = mean.map((m) => round4(m + scale * gaussian(next)));
      const y = next() < flip ? Math.floor(next() * o.classCount) : label(features);
      rows.push({ contributionId: String((o.firstContributionId ?? 1) + c), features, label: y });
    }
  }
  return { kind: TABULAR_ROWS, datanetId: o.datanetId, version: o.version ?? 1, featureCount: o.featureCount, classCount: o.classCount, rows };
}

/** Inputs drawn around the origin, labelled with what the model's last checkpoint outputs. */
export function syntheticInferences(model: TrainedModel, count: number, seed: number): LabelledInput[] {
  const next = mulberry32(seed);
  const last = model.checkpoints.at(-1)!.checkpoint;
  const featureCount = last.layerSizes[0]!;
  return Array.from({ length: count }, () => {
    const features = Array.from({ length: featureCount }, () => round4(2 * gaussian(next)));
    return { features, label: referencePredict(last, features) };
  });
}

export interface SyntheticSetup {
  trained: TrainedModel;
  store: MemoryBlobStore;
  inputs: LabelledInput[];
  /** The same inputs stored as tabular-input / class-output blobs. */
  refs: InferenceRef[];
}

/** Trains a model on synthetic datanets and stores every blob, plus `inputCount` inferences. */
export async function syntheticSetup(
  datanets: SyntheticOptions[],
  train: Omit<TrainOptions, 'datanets' | 'name'> & { name?: string },
  inputCount: number,
): Promise<SyntheticSetup> {
  const withRoots = datanets.map((d) => {
    const rows = syntheticRows(d);
    return { rows, root: datanetRoot(rows) };
  });
  const trained = await trainMlp({ name: 'synthetic', ...train, datanets: withRoots });
  const store = new MemoryBlobStore();
  for (const b of trained.blobs) store.putBytes(b.bytes);
  const inputs = syntheticInferences(trained, inputCount, datanets[0]!.seed + 1);
  const refs = inputs.map((v) => ({
    input: store.put({ kind: TABULAR_INPUT_KIND, features: v.features }),
    output: store.put({ kind: CLASS_OUTPUT_KIND, label: v.label }),
  }));
  return { trained, store, inputs, refs };
}
