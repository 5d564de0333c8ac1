// Catch-up writes without per-row foreign-key checks. Postgres checks each foreign key of each
// inserted row with a trigger (a lookup and a row lock on the parent): on the attribution tables that
// is about two thirds of the time COPY takes. A large batch of finalized blocks therefore runs with
// `session_replication_role = replica` for its transaction (SET LOCAL), which skips those triggers
// the way pg_restore --disable-triggers does; the constraints stay, the indexer writes parents before
// children (writeOrder.ts).
// Only a transaction of finalized blocks alone (squid's `transact`) may: a `transactHot2` call
// writes hot blocks, rolls back orphaned ones and deletes the hot blocks that became final in the
// same transaction, even when it starts with finalized blocks, and those need every check and the
// cascade from hot_block to hot_change_log (a trigger too). PipelinedDatabase marks such a
// transaction with `keepChecks`.
// It needs a superuser (as the embedded Postgres's role is); otherwise writes stay checked.
// Triggers that must fire during catch-up too (e.g. NOTIFY for subscriptions) must be ENABLE ALWAYS.
import type { Store } from '@subsquid/typeorm-store';
import type { EntityManager } from 'typeorm';
import { envInt } from '../../lib/envInt.ts';
import { storeAccess, type StoreAccess } from './storeAccess.ts';

/** Rows a finalized batch writes from which its foreign-key checks are skipped (BULK_LOAD_ROWS). */
export function bulkLoadThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const n = envInt(env, 'BULK_LOAD_ROWS') ?? 5_000;
  return n === 0 ? Number.POSITIVE_INFINITY : n;
}

/** Transactions (by their EntityManager) that must keep every check: those of transactHot2. */
const checked = new WeakSet<EntityManager>();

/** Marks the transaction of `store` as one that must keep every check (it writes or deletes hot blocks). */
export function keepChecks(store: Store): void {
  checked.add(storeAccess(store).em);
}

/**
 * Whether a batch writing `rows` is a bulk load: finalized blocks only, in a transaction of finalized
 * blocks only (no undo log, no hot block written or deleted in it), and at least `threshold` rows.
 */
export function isBulkLoad(db: StoreAccess, rows: number, threshold = bulkLoadThreshold()): boolean {
  return !db.tracker && !checked.has(db.em) && rows >= threshold;
}

/**
 * Skips foreign-key (and other non-ALWAYS) triggers for the rest of this transaction when it is a
 * bulk load (`bulkLoad`, from isBulkLoad) and the role is a superuser: one statement, awaited
 * (`set_config(…, true)` is `SET LOCAL`; the condition keeps another role from an error). Resolves
 * with whether the checks are off.
 */
export async function enterBulkLoad(db: StoreAccess, bulkLoad: boolean): Promise<boolean> {
  if (!bulkLoad) return false;
  const res = await db.client.query(
    "SELECT set_config('session_replication_role', 'replica', true) AS role WHERE current_setting('is_superuser') = 'on'",
  );
  return res.rows.length === 1;
}
