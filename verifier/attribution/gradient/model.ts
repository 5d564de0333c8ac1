import type { BlobSource } from '../blobs.ts';
import { mismatch } from '../errors.ts';
import { GRADIENT_METHOD, parseManifest, type GradientManifest } from '../manifest.ts';
import { loadCheckpoint } from './checkpoint.ts';
import type { ScoringModel } from './tracin.ts';
import { loadTrainingSet } from './training-set.ts';

/** A gradient-method model version with every blob its manifest names fetched and checked. */
export interface GradientModel extends ScoringModel {
  manifest: GradientManifest;
}

/**
 * Parses the manifest (UNKNOWN_METHOD for a method version we do not know),
 * then fetches the checkpoints and datanet rows by hash (BLOB_HASH_MISMATCH)
 * and checks their shapes against the architecture (BAD_SHAPE, NON_FINITE, EMPTY_DATANET).
 */
export async function loadGradientModel(manifestValue: unknown, source: BlobSource): Promise<GradientModel> {
  const parsed = parseManifest(manifestValue);
  if (parsed.method !== GRADIENT_METHOD) throw mismatch('BAD_MANIFEST', 'manifest.method (gradient attribution)', GRADIENT_METHOD, parsed.method);
  const manifest = parsed;
  const { layerSizes } = manifest.architecture;
  const [checkpoints, training] = await Promise.all([
    Promise.all(manifest.checkpoints.map((ref, i) => loadCheckpoint(source, ref, layerSizes, i))),
    loadTrainingSet(source, manifest.datanets, layerSizes),
  ]);
  return { manifest, checkpoints, layers: [...new Set(manifest.layers)].sort((a, b) => a - b), training };
}
