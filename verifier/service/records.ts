// What the verifier reads of the indexer's tables (read-only): a record, its model version's
// manifest, and the attributors whose records are all to be checked.
import type pg from 'pg';
import type { Hex } from 'viem';
import type { ShareVector } from './engine.ts';

export interface IndexedRecord {
  inferenceId: bigint;
  blockNumber: number;
  attributor: string;
  modelId: string;
  modelVersion: string;
  inputHash: Hex;
  outputHash: Hex;
  manifestHash: Hex;
  manifestUri: string;
  posted: ShareVector;
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient | pg.Client;

const RECORD_SQL = `
  SELECT i.id, i.block_number, i.attributor_id, i.model_id, i.model_version_id, i.input_hash, i.output_hash,
         i.contribution_ids, i.shares, mv.manifest_hash, mv.manifest_uri
  FROM inference i LEFT JOIN model_version mv ON mv.id = i.model_version_id`;

function toRecord(r: Record<string, any>): IndexedRecord {
  return {
    inferenceId: BigInt(r.id),
    blockNumber: Number(r.block_number),
    attributor: String(r.attributor_id),
    modelId: String(r.model_id),
    modelVersion: String(r.model_version_id),
    inputHash: r.input_hash,
    outputHash: r.output_hash,
    manifestHash: r.manifest_hash,
    manifestUri: r.manifest_uri,
    posted: { contributionIds: (r.contribution_ids as string[]).map(BigInt), ppb: (r.shares as number[]).map(Number) },
  };
}

export async function loadRecords(db: Queryable, ids: readonly bigint[]): Promise<Map<bigint, IndexedRecord>> {
  const res = await db.query(`${RECORD_SQL} WHERE i.id = ANY($1::varchar[])`, [ids.map(String)]);
  return new Map(res.rows.map((r) => [BigInt(r.id), toRecord(r)]));
}

/** Inferences after `afterId` in id order (ids count up with blocks), at most `limit`. */
export async function recordsAfter(db: Queryable, afterId: bigint, limit: number): Promise<{ inferenceId: bigint; blockNumber: number; attributor: string }[]> {
  const res = await db.query(
    `SELECT id, block_number, attributor_id FROM inference WHERE id::numeric > $1 ORDER BY id::numeric LIMIT $2`,
    [afterId.toString(), limit],
  );
  return res.rows.map((r) => ({ inferenceId: BigInt(r.id), blockNumber: Number(r.block_number), attributor: String(r.attributor_id) }));
}

/**
 * Attributors whose every record is to be checked: one of their records got a DISPUTE verdict here,
 * or the chain slashed them (indexed `attributor.slash_count`).
 */
export async function flaggedAttributors(db: Queryable): Promise<string[]> {
  const res = await db.query(`
    SELECT id FROM attributor WHERE slash_count > 0
    UNION
    SELECT i.attributor_id FROM verifier.verification v JOIN inference i ON i.id = v.inference_id::text WHERE v.verdict = 'DISPUTE'`);
  return res.rows.map((r) => String(r.id ?? r.attributor_id));
}

/** Records of `attributors` at or below `maxId` that were not selected yet. */
export async function unselectedOf(db: Queryable, attributors: readonly string[], maxId: bigint): Promise<{ inferenceId: bigint; blockNumber: number }[]> {
  if (attributors.length === 0) return [];
  const res = await db.query(
    `SELECT i.id, i.block_number FROM inference i
     WHERE i.attributor_id = ANY($1::varchar[]) AND i.id::numeric <= $2
       AND NOT EXISTS (SELECT 1 FROM verifier.selection s WHERE s.inference_id = i.id::numeric)
     ORDER BY i.id::numeric LIMIT 1000`,
    [attributors, maxId.toString()],
  );
  return res.rows.map((r) => ({ inferenceId: BigInt(r.id), blockNumber: Number(r.block_number) }));
}
