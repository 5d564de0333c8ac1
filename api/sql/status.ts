// Where the indexer is, in one statement over its state schema: the finalized status, the top hot
// (unfinalized) block whose rows are served, and the chain head it last saw (the `chain_head` row
// it writes with each batch; migration LiveStatus lets the read-only role read these).
import { ident } from './entity.ts';
import type { Queryable } from './page.ts';

/** squidStatus.catchingUp is true while the chain head is more than this many blocks above the indexed height. */
export const CATCHING_UP_BLOCKS = 10;

export interface SquidStatus {
  height: number;
  hash: string;
  finalizedHeight: number;
  finalizedHash: string;
  chainHeight: number | null;
  catchingUp: boolean;
}

/** The status, or null before the indexer's first commit. */
export async function readSquidStatus(db: Queryable, stateSchema: string): Promise<SquidStatus | null> {
  const schema = ident(stateSchema);
  const { rows } = await db.query(
    `SELECT s.height AS finalized_height, s.hash AS finalized_hash, t.height AS hot_height, t.hash AS hot_hash, c.height AS chain_height
     FROM ${schema}.status s
     LEFT JOIN LATERAL (SELECT height, hash FROM ${schema}.hot_block ORDER BY height DESC LIMIT 1) t ON true
     LEFT JOIN ${schema}.chain_head c ON c.id = 0
     WHERE s.id = 0`,
    [],
  );
  const row = rows[0] as Record<string, unknown> | undefined;
  if (!row || Number(row.finalized_height) < 0) return null;
  const finalizedHeight = Number(row.finalized_height);
  const hot = row.hot_height !== null && Number(row.hot_height) > finalizedHeight;
  const height = hot ? Number(row.hot_height) : finalizedHeight;
  const chainHeight = row.chain_height === null ? null : Number(row.chain_height);
  return {
    height,
    hash: String(hot ? row.hot_hash : row.finalized_hash),
    finalizedHeight,
    finalizedHash: String(row.finalized_hash),
    chainHeight,
    catchingUp: chainHeight !== null && chainHeight - height > CATCHING_UP_BLOCKS,
  };
}
