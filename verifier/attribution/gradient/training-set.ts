import { loadBlob, type BlobSource } from '../blobs.ts';
import { checkDatanetRoot } from '../contributions.ts';
import { checkTabularRows, type TabularRows } from '../datasets.ts';
import { AttributionError, mismatch } from '../errors.ts';
import type { DatanetRef } from '../manifest.ts';

/**
 * The training set of a model: the rows of its datanet versions concatenated
 * in manifest order. Row `i` is `features[i*featureCount ..]`, `labels[i]`,
 * contributed by `contributionIds[i]`.
 */
export interface TrainingSet {
  rows: number;
  featureCount: number;
  classCount: number;
  features: Float64Array;
  labels: Int32Array;
  contributionIds: bigint[];
  /** Identifies the rows for caches: the row blobs' hashes joined. */
  key: string;
}

/** Concatenates checked row blobs; their feature and class counts must match the architecture. */
export function trainingSetFromRows(blobs: readonly TabularRows[], layerSizes: readonly number[], key: string): TrainingSet {
  if (blobs.length === 0) throw new AttributionError('EMPTY_DATANET', 'training set: expected at least one datanet, got none');
  const featureCount = layerSizes[0]!;
  const classCount = layerSizes[layerSizes.length - 1]!;
  blobs.forEach((b, i) => {
    const what = `datanet ${b?.datanetId} v${b?.version} (training set part ${i})`;
    checkTabularRows(b, what);
    if (b.featureCount !== featureCount) throw mismatch('BAD_SHAPE', `${what}.featureCount vs architecture input size`, featureCount, b.featureCount);
    if (b.classCount !== classCount) throw mismatch('BAD_SHAPE', `${what}.classCount vs architecture output size`, classCount, b.classCount);
  });
  const rows = blobs.reduce((n, b) => n + b.rows.length, 0);
  const set: TrainingSet = {
    rows,
    featureCount,
    classCount,
    features: new Float64Array(rows * featureCount),
    labels: new Int32Array(rows),
    contributionIds: [],
    key,
  };
  let i = 0;
  for (const b of blobs) {
    for (const r of b.rows) {
      set.features.set(r.features, i * featureCount);
      set.labels[i] = r.label;
      set.contributionIds.push(BigInt(r.contributionId));
      i++;
    }
  }
  return set;
}

/**
 * Fetches every datanet version of a manifest (hash-checked), checks its rows against
 * the version's Merkle root (MERKLE_ROOT_MISMATCH), and concatenates them.
 */
export async function loadTrainingSet(source: BlobSource, datanets: readonly DatanetRef[], layerSizes: readonly number[]): Promise<TrainingSet> {
  const blobs = await Promise.all(
    datanets.map(async (d, i) => {
      const what = `manifest.datanets[${i}].rows (datanet ${d.datanetId} v${d.version})`;
      const rows = await loadBlob<TabularRows>(source, d.rows.hash, what, d.rows.uri);
      checkTabularRows(rows, what);
      if (rows.datanetId !== d.datanetId || rows.version !== d.version) {
        throw mismatch('BAD_INPUT', `${what} identity`, `${d.datanetId} v${d.version}`, `${rows.datanetId} v${rows.version}`);
      }
      return rows;
    }),
  );
  const set = trainingSetFromRows(blobs, layerSizes, datanets.map((d) => d.rows.hash).join(','));
  // Last, as the most expensive check: the rows are exactly the version's approved contributions.
  blobs.forEach((rows, i) => checkDatanetRoot(rows, datanets[i]!.root, `manifest.datanets[${i}].rows (datanet ${rows.datanetId} v${rows.version})`));
  return set;
}

/** The first `n` rows of a training set (for measuring slow paths on a sample). */
export function firstRows(set: TrainingSet, n: number): TrainingSet {
  const rows = Math.min(n, set.rows);
  return {
    ...set,
    rows,
    features: set.features.slice(0, rows * set.featureCount),
    labels: set.labels.slice(0, rows),
    contributionIds: set.contributionIds.slice(0, rows),
    key: `${set.key}#first${rows}`,
  };
}
