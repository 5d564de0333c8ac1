// Verdict rows: written once per record (the first writer wins), and for a DISPUTE the challenge
// intent in the same transaction, so no disputed record is left without one.
import type pg from 'pg';
import { inTransaction } from '../db/transaction.ts';
import { ENGINE_VERSION } from './engine.ts';
import type { IndexedRecord } from './records.ts';
import type { Recomputed, Unverifiable } from './recompute.ts';

export interface VerdictInput {
  record: IndexedRecord;
  outcome: Recomputed | Unverifiable;
  tolerance: number;
  durationMs: number;
  attempts: number;
  evidence?: { hash: string; uri: string };
}

/** Inserts the verdict (and the intent of a DISPUTE); false when the record already had one. */
export async function writeVerdict(pool: pg.Pool, v: VerdictInput): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const o = v.outcome;
    const matched = o.verdict !== 'UNVERIFIABLE' ? o : undefined;
    const res = await client.query(
      `INSERT INTO verifier.verification (inference_id, verdict, reason, distance, tolerance, recomputed_ids, recomputed_shares, method,
         manifest_hash, backend, duration_ms, engine_version, evidence_hash, evidence_uri, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (inference_id) DO NOTHING RETURNING inference_id`,
      [
        v.record.inferenceId.toString(), o.verdict, o.verdict === 'UNVERIFIABLE' ? o.reason : null, matched?.distance ?? null, v.tolerance,
        matched?.recomputed.contributionIds.map(String) ?? null, matched?.recomputed.ppb.map(String) ?? null, o.method ?? null,
        v.record.manifestHash ?? null, o.backend ?? null, Math.round(v.durationMs), ENGINE_VERSION, v.evidence?.hash ?? null, v.evidence?.uri ?? null, v.attempts,
      ],
    );
    const inserted = res.rowCount === 1;
    if (inserted && o.verdict === 'DISPUTE' && v.evidence) {
      await client.query(
        `INSERT INTO verifier.challenge_intent (inference_id, state, evidence_hash, evidence_uri) VALUES ($1, 'pending', $2, $3) ON CONFLICT DO NOTHING`,
        [v.record.inferenceId.toString(), v.evidence.hash, v.evidence.uri],
      );
    }
    return inserted;
  });
}

export async function hasVerdict(pool: pg.Pool, ids: readonly bigint[]): Promise<Set<bigint>> {
  const res = await pool.query(`SELECT inference_id FROM verifier.verification WHERE inference_id = ANY($1::numeric[])`, [ids.map(String)]);
  return new Set(res.rows.map((r) => BigInt(r.inference_id)));
}
