// The last resort of a batch whose write failed on its data (quarantine.ts#isDataError): a value
// or a key the database refuses that the handlers' checks did not foresee (a duplicate id the
// database holds, a value a column refuses). The batch's writes have been rolled back to the
// savepoint taken before them; this writes the same logs again, one transaction's logs at a time
// (a public event and its companion of one transaction belong together), each part in a fresh
// Batch (loaded from what the earlier parts wrote), under its own savepoint and with every
// foreign-key check on. A part that fails is rolled back to its savepoint and written log by log;
// a log whose own write fails (or whose handler throws) is quarantined instead. Each log is tried
// at most twice, so the batch always ends: the processor never stops on hostile data, nor retries
// it forever. It is slow (a few round trips per transaction) and runs only when a batch's write
// failed. See docs/indexer.md, Hostile data.
import { createLogger } from '@subsquid/logger';
import type { Store } from '@subsquid/typeorm-store';
import { Batch, type WriteHooks } from './batch/context.ts';
import { storeAccess, type StoreAccess } from './batch/storeAccess.ts';
import { describeError, isDataError } from './quarantine.ts';

/** How the fallback handles a batch's items (batchHandler.ts). */
export interface ItemOps<I> {
  /** names the rows the item needs (Batch.load reads them) */
  want(b: Batch, item: I): void;
  /** applies the item: handlers, or its quarantine when a check rejects it; may throw */
  apply(b: Batch, item: I): void;
  /** records the item as quarantined for `reason` (its count included) */
  quarantine(b: Batch, item: I, reason: string): void;
  /** items with the same key are written together (the transaction hash) */
  unit(item: I): string;
  /** a fresh batch for a part (default: an empty one) */
  batch?(): Batch;
}

export interface BlockItems<I> {
  height: number;
  items: I[];
}

const log = createLogger('sqd:processor:fallback');

/** A savepoint's name per nesting (the batch's own is taken in batchHandler.ts). */
export const BATCH_SAVEPOINT = 'openledger_batch';
const PART_SAVEPOINT = 'openledger_part';

/**
 * Runs `write` under a savepoint (released after a success: a hot transaction of many blocks keeps
 * no subtransactions open); on a data error rolls back to it and returns the error's description.
 */
export async function underSavepoint(db: StoreAccess, name: string, write: () => Promise<void>): Promise<string | undefined> {
  await db.client.query(`SAVEPOINT ${name}`);
  try {
    await write();
  } catch (err) {
    if (!isDataError(err)) throw err;
    await db.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
    return describeError(err);
  }
  await db.client.query(`RELEASE SAVEPOINT ${name}`);
  return undefined;
}

function add(total: Map<string, number>, written: Map<string, number>): void {
  for (const [k, v] of written) total.set(k, (total.get(k) ?? 0) + v);
}

/** Writes `items` of one block as a fresh batch under a savepoint; resolves with why it failed, if it did. */
async function tryPart<I>(store: Store, height: number, items: I[], ops: ItemOps<I>, total: Map<string, number>): Promise<string | undefined> {
  const b = ops.batch?.() ?? new Batch();
  b.bulkLoadAllowed = false;
  for (const item of items) ops.want(b, item);
  await b.load(store);
  try {
    for (const item of items) ops.apply(b, item);
    b.endBlock(height);
  } catch (err) {
    return `handler error: ${describeError(err)}`;
  }
  let written = new Map<string, number>();
  const failed = await underSavepoint(storeAccess(store), PART_SAVEPOINT, async () => {
    written = await b.flush(store);
  });
  if (!failed) add(total, written);
  return failed;
}

async function quarantineAlone<I>(store: Store, height: number, item: I, reason: string, ops: ItemOps<I>, total: Map<string, number>): Promise<void> {
  const b = ops.batch?.() ?? new Batch();
  b.bulkLoadAllowed = false;
  ops.want(b, item);
  await b.load(store);
  ops.quarantine(b, item, reason);
  b.endBlock(height);
  add(total, await b.flush(store));
}

/** Writes the blocks' items part by part (see above); `hooks` run once at the end. Resolves with rows written per entity. */
export async function writeInParts<I>(store: Store, blocks: BlockItems<I>[], ops: ItemOps<I>, hooks?: WriteHooks): Promise<Map<string, number>> {
  const total = new Map<string, number>();
  let parts = 0;
  let quarantined = 0;
  for (const { height, items } of blocks) {
    const units = new Map<string, I[]>();
    for (const item of items) {
      const key = ops.unit(item);
      units.set(key, [...(units.get(key) ?? []), item]);
    }
    for (const unit of units.values()) {
      parts += 1;
      const failed = await tryPart(store, height, unit, ops, total);
      if (!failed) continue;
      for (const item of unit) {
        const why = unit.length === 1 ? failed : await tryPart(store, height, [item], ops, total);
        if (!why) continue;
        quarantined += 1;
        await quarantineAlone(store, height, item, why, ops, total);
      }
    }
  }
  add(total, await new Batch().flush(store, hooks));
  log.warn({ from: blocks[0]?.height, to: blocks.at(-1)?.height, parts, quarantined }, 'batch written in parts');
  return total;
}
