// `npm run verify -- --inference <id>`: one record recomputed and shown (nothing written or sent).
import type pg from 'pg';
import { StoreBlobSource } from './blobStore.ts';
import type { VerifierConfig } from './config.ts';
import { encodeEvidence } from './evidence.ts';
import { loadRecords } from './records.ts';
import { Recomputer, topMoved } from './recompute.ts';

export interface Inspection {
  inferenceId: string;
  attributor?: string;
  modelVersion?: string;
  verdict: 'MATCH' | 'DISPUTE' | 'UNVERIFIABLE' | 'RETRY';
  reason?: string;
  distance?: number;
  tolerance: number;
  method?: string;
  backend?: string;
  evidenceHash?: string;
  topMoved: ReturnType<typeof topMoved>;
}

export async function inspectRecord(pool: pg.Pool, cfg: VerifierConfig, id: bigint): Promise<Inspection> {
  const record = (await loadRecords(pool, [id])).get(id);
  const base = { inferenceId: id.toString(), tolerance: cfg.tolerance, topMoved: [] };
  if (!record) return { ...base, verdict: 'UNVERIFIABLE', reason: `inference ${id}: not in the indexed database` };
  const recomputer = new Recomputer(new StoreBlobSource(cfg.stores, { ipfsGateway: cfg.ipfsGateway }), { tolerance: cfg.tolerance, maxModels: 1 });
  try {
    const o = (await recomputer.verify([record])).get(id)!;
    const who = { attributor: record.attributor, modelVersion: record.modelVersion };
    if ('transient' in o) return { ...base, ...who, verdict: 'RETRY', reason: o.transient };
    if (o.verdict === 'UNVERIFIABLE') return { ...base, ...who, verdict: o.verdict, reason: o.reason, method: o.method, backend: o.backend };
    const chainId = Number(process.env.CHAIN_ID || 0) || 31337;
    return {
      ...base, ...who, verdict: o.verdict, distance: o.distance, method: o.method, backend: o.backend,
      evidenceHash: o.verdict === 'DISPUTE' ? encodeEvidence(record, o, chainId).hash : undefined,
      topMoved: topMoved(record.posted, o.recomputed),
    };
  } finally {
    recomputer.dispose();
  }
}

export function printInspection(r: Inspection): string {
  const rows: [string, string][] = [
    ['inference', r.inferenceId],
    ['attributor', r.attributor ?? '-'],
    ['model version', r.modelVersion ?? '-'],
    ['verdict', r.verdict],
    ['reason', r.reason ?? '-'],
    ['distance (TV)', r.distance === undefined ? '-' : r.distance.toExponential(3)],
    ['tolerance', String(r.tolerance)],
    ['method', r.method ?? '-'],
    ['backend', r.backend ?? '-'],
    ['evidence hash', r.evidenceHash ?? '-'],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`);
  if (r.topMoved.length) {
    lines.push('', 'contribution   posted ppb   recomputed ppb        delta');
    for (const t of r.topMoved) lines.push(`${t.contributionId.padStart(12)} ${String(t.postedPpb).padStart(12)} ${String(t.recomputedPpb).padStart(16)} ${String(t.deltaPpb).padStart(12)}`);
  }
  return `${lines.join('\n')}\n`;
}
