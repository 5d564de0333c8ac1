// What the bulk reads and writes need from squid's Store (@subsquid/typeorm-store 1.5.1, pinned):
// the transaction's EntityManager, its pg connection (for COPY), and the hot-block change tracker.
// The store keeps them private; their shapes are those of 1.5.1's src/store.ts and src/hot.ts.
import type { EntityClass, Store } from '@subsquid/typeorm-store';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import type { WithId } from './withId.ts';

/** squid's ChangeTracker: records the undo log of a hot block (present only while writing one). */
export interface ChangeTracker {
  trackInsert(cls: EntityClass<WithId>, entities: WithId[]): Promise<void>;
  trackUpsert(cls: EntityClass<WithId>, entities: WithId[]): Promise<void>;
}

interface StoreInternals {
  em: () => EntityManager;
  changes?: ChangeTracker;
}

export interface StoreAccess {
  em: EntityManager;
  /** the connection the batch's transaction runs on */
  client: pg.ClientBase;
  /** set while a hot block is written: every change must be recorded before it is made */
  tracker?: ChangeTracker;
}

export function storeAccess(store: Store): StoreAccess {
  const internals = store as unknown as StoreInternals;
  if (typeof internals.em !== 'function') throw new Error('storeAccess: unexpected @subsquid/typeorm-store internals (pinned at 1.5.1)');
  const em = internals.em();
  const client = (em.queryRunner as unknown as { databaseConnection?: pg.ClientBase } | undefined)?.databaseConnection;
  if (!client) throw new Error('storeAccess: the store is not inside a transaction');
  return { em, client, ...(internals.changes ? { tracker: internals.changes } : {}) };
}
