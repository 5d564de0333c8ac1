// The evidence document of a challenge: everything a third party needs to check the dispute,
// stored content-addressed (canonical JSON, keccak256) and named by hash and URI in openChallenge.
import type { Hex } from 'viem';
import { ENGINE_VERSION, encodeBlob, type ShareVector } from './engine.ts';
import type { IndexedRecord } from './records.ts';
import { topMoved, type Recomputed } from './recompute.ts';

export const EVIDENCE_KIND = 'openledger-squid/challenge-evidence';

const shares = (v: ShareVector) => ({ contributionIds: v.contributionIds.map(String), ppb: v.ppb });

export function evidenceDocument(record: IndexedRecord, outcome: Recomputed, chainId: number) {
  return {
    kind: EVIDENCE_KIND,
    chainId,
    inferenceId: record.inferenceId.toString(),
    attributor: record.attributor,
    modelVersion: record.modelVersion,
    manifestHash: record.manifestHash,
    method: outcome.method,
    engineVersion: ENGINE_VERSION,
    backend: outcome.backend,
    posted: shares(record.posted),
    recomputed: shares(outcome.recomputed),
    distance: outcome.distance,
    tolerance: outcome.tolerance,
    topMoved: topMoved(record.posted, outcome.recomputed),
    inputHashes: [...new Set(outcome.inputHashes.map((h) => h.toLowerCase()))],
  };
}

/** The document's canonical bytes and hash. */
export function encodeEvidence(record: IndexedRecord, outcome: Recomputed, chainId: number): { bytes: Uint8Array; hash: Hex } {
  return encodeBlob(evidenceDocument(record, outcome, chainId));
}
