// The bulk-load switch on a real (embedded) Postgres: a large batch of a finalized-only transaction
// turns off the foreign-key triggers for that transaction only, a role that may not stays checked
// without an error, and a transaction marked by keepChecks (transactHot2's) is never a bulk load.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Store } from '@subsquid/typeorm-store';
import { DataSource } from 'typeorm';
import { applyMigrations, dataSourceOptions } from '../../db/dataSource.ts';
import { ensureDatabase, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from '../../db/postgres.ts';
import { bulkLoadThreshold, enterBulkLoad, isBulkLoad, keepChecks } from './bulkLoad.ts';
import { storeAccess, type StoreAccess } from './storeAccess.ts';

let server: RunningPostgres;
let db: DbSettings;

before(async () => {
  server = await startEmbeddedPostgres({ fast: true });
  db = await ensureDatabase(server.settings, 'bulk');
  await applyMigrations(db);
});

after(() => server?.stop());

/** Runs `fn` in a transaction of a fresh connection as `settings`, with the store's view of it. */
async function inTransaction<T>(settings: DbSettings, fn: (store: Store, db: StoreAccess) => Promise<T>): Promise<T> {
  const ds = new DataSource(dataSourceOptions(settings));
  await ds.initialize();
  try {
    return await ds.transaction('SERIALIZABLE', (em) => {
      const store = new Store(() => em);
      return fn(store, storeAccess(store));
    });
  } finally {
    await ds.destroy();
  }
}

const role = async (tx: StoreAccess) => (await tx.client.query('SHOW session_replication_role')).rows[0].session_replication_role as string;
/** an orphan: a history row of a contribution that does not exist */
const orphan = (tx: StoreAccess, id: string) => tx.client.query(
  `INSERT INTO contribution_history (id, valid_from_block, status, influence, attribution_count, rewards_earned, contribution_id)
   VALUES ($1, 1, 'X', 0, 0, 0, 'nowhere')`,
  [id],
);

test('BULK_LOAD_ROWS: a threshold, 0 turns bulk loads off, anything else is an error saying what came', () => {
  assert.equal(bulkLoadThreshold({}), 5000);
  assert.equal(bulkLoadThreshold({ BULK_LOAD_ROWS: '0' }), Number.POSITIVE_INFINITY);
  assert.throws(() => bulkLoadThreshold({ BULK_LOAD_ROWS: '-1' }), /BULK_LOAD_ROWS: expected a non-negative integer, got -1/);
});

test('a large batch of finalized blocks skips the checks for its transaction only', async () => {
  await inTransaction(db, async (_store, tx) => {
    assert.equal(isBulkLoad(tx, 10, 10), true);
    assert.equal(isBulkLoad(tx, 9, 10), false);
    assert.equal(await enterBulkLoad(tx, true), true);
    assert.equal(await role(tx), 'replica');
    await tx.client.query('SAVEPOINT s');
    await orphan(tx, 'unchecked'); // the foreign-key triggers do not run
    await tx.client.query('ROLLBACK TO SAVEPOINT s');
  });
  await withClient(db, async (c) => assert.equal((await c.query('SHOW session_replication_role')).rows[0].session_replication_role, 'origin'));
});

test('a transaction marked by keepChecks (transactHot2) is never a bulk load, and its writes are checked', async () => {
  await inTransaction(db, async (store, tx) => {
    keepChecks(store);
    assert.equal(isBulkLoad(storeAccess(new Store(() => tx.em)), 1_000_000, 1), false, 'another slice of the same transaction');
    assert.equal(await enterBulkLoad(tx, isBulkLoad(tx, 1_000_000, 1)), false);
    assert.equal(await role(tx), 'origin');
    await assert.rejects(orphan(tx, 'checked'), /violates foreign key constraint/);
  });
});

test('a role that is not a superuser stays checked, without an error', async () => {
  await withClient(db, (c) => c.query(`
    DO $$ BEGIN CREATE ROLE bulk_plain LOGIN PASSWORD 'plain'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
    GRANT ALL ON ALL TABLES IN SCHEMA public TO bulk_plain;`));
  await inTransaction({ ...db, user: 'bulk_plain', password: 'plain' }, async (_store, tx) => {
    assert.equal(await enterBulkLoad(tx, true), false);
    assert.equal(await role(tx), 'origin');
  });
});
