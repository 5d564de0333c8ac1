// After a batch is written, inside its transaction: records the chain head the indexer saw (the
// state schema's `chain_head` row, read by the API's squidStatus.catchingUp) and sends the batch's
// notice on BATCH_CHANNEL (lib/batchNotice.ts). Postgres delivers a NOTIFY only when the transaction
// commits, and drops it on a rollback, so listeners hear of committed batches only. One statement.
import type { EntityManager } from 'typeorm';
import { BATCH_CHANNEL, encodeBatchNotice, type BatchNotice } from '../lib/batchNotice.ts';

export async function notifyBatch(em: EntityManager, stateSchema: string, notice: BatchNotice): Promise<void> {
  const payload = encodeBatchNotice(notice);
  const table = `"${stateSchema.replace(/"/g, '""')}".chain_head`;
  if (notice.head === undefined) {
    await em.query('SELECT pg_notify($1, $2)', [BATCH_CHANNEL, payload]);
    return;
  }
  await em.query(
    `WITH head AS (
       INSERT INTO ${table} (id, height, seen_at) VALUES (0, $3, now())
       ON CONFLICT (id) DO UPDATE SET height = EXCLUDED.height, seen_at = EXCLUDED.seen_at
     )
     SELECT pg_notify($1, $2)`,
    [BATCH_CHANNEL, payload, notice.head],
  );
}
