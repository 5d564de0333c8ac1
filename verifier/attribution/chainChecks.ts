import { hexToString, stringToHex, type Hex } from 'viem';
import { AttributionError, mismatch } from './errors.ts';
import type { ModelManifest } from './manifest.ts';

/** The bytes32 the ModelFactory stores for a method: its ASCII, left-aligned, zero-padded. */
export function methodId(method: string): Hex {
  return stringToHex(method, { size: 32 });
}

/** What the chain says about a model version (docs/attribution.md section 1b). */
export interface ChainFacts {
  /** `ModelRegistered.attributionMethod` of the record's model. */
  attributionMethod: Hex;
  /** `DatanetVersionPublished.merkleRoot` of a datanet version, undefined when not published. */
  root(datanetId: bigint, version: number): Hex | undefined;
}

/**
 * Checks a parsed manifest against the chain: its method is the model's registered one
 * (UNKNOWN_METHOD), and each datanet entry's root is the one that version published
 * (MERKLE_ROOT_MISMATCH). The rows themselves are checked against these roots on load.
 */
export function checkManifestAgainstChain(manifest: ModelManifest, chain: ChainFacts): void {
  if (methodId(manifest.method).toLowerCase() !== chain.attributionMethod.toLowerCase()) {
    let registered: string;
    try {
      registered = hexToString(chain.attributionMethod, { size: 32 }).replace(/\0+$/, '');
    } catch {
      registered = chain.attributionMethod;
    }
    throw mismatch('UNKNOWN_METHOD', 'manifest.method vs the model\'s registered method', registered, manifest.method);
  }
  manifest.datanets.forEach((d, i) => {
    const root = chain.root(BigInt(d.datanetId), d.version);
    if (root === undefined) {
      throw new AttributionError('MERKLE_ROOT_MISMATCH', `manifest.datanets[${i}]: expected datanet ${d.datanetId} v${d.version} published on chain, got no such version`);
    }
    if (root.toLowerCase() !== d.root) throw mismatch('MERKLE_ROOT_MISMATCH', `manifest.datanets[${i}].root (datanet ${d.datanetId} v${d.version}) vs the chain`, root.toLowerCase(), d.root);
  });
}
