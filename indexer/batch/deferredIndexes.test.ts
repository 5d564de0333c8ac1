// The catch-up's index deferral on a real (embedded) Postgres with the migrated schema: what is
// dropped and recorded, that a rolled-back batch keeps its indexes, that the build restores exactly
// the declared indexes (also after a partial build), and the policy across a run's batches.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { applyMigrations } from '../../db/dataSource.ts';
import { DEFAULT_STATE_SCHEMA } from '../status.ts';
import { ensureDatabase, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from '../../db/postgres.ts';
import { declaredIndexes, publicIndexes } from '../testing/compare.ts';
import {
  buildIndexes, DEFERRED_TABLES, deferIndexesMode, deferredIndexes, dropIndexes, IndexDeferral, type BatchPosition, type DeferralOptions,
} from './deferredIndexes.ts';

const SCHEMA = DEFAULT_STATE_SCHEMA;
let server: RunningPostgres;
let db: DbSettings;
let declared: Map<string, string>;

before(async () => {
  server = await startEmbeddedPostgres({ fast: true });
  db = await ensureDatabase(server.settings, 'deferral');
  await applyMigrations(db);
  declared = await declaredIndexes(server.settings);
});

after(() => server?.stop());

/** Runs `fn` in a transaction on a fresh connection, committed unless `rollback`. */
async function inTransaction<T>(fn: (c: pg.Client) => Promise<T>, rollback = false): Promise<T> {
  return withClient(db, async (c) => {
    await c.query('BEGIN');
    try {
      const out = await fn(c);
      await c.query(rollback ? 'ROLLBACK' : 'COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    }
  });
}

const secondaryOf = (indexes: Map<string, string>, table: string) =>
  [...indexes.entries()].filter(([, def]) => def.includes(` ON public.${table} `) && !def.includes('UNIQUE')).map(([name]) => name);

test('the migrated schema has secondary indexes on every deferred table', () => {
  for (const t of DEFERRED_TABLES) assert.ok(secondaryOf(declared, t).length > 0, `${t} has no secondary index to defer`);
});

test('a rolled-back batch that dropped the indexes leaves them and records nothing', async () => {
  const dropped = await inTransaction((c) => dropIndexes(c, SCHEMA, DEFERRED_TABLES), true);
  assert.ok(dropped.length > 0);
  assert.deepEqual(await publicIndexes(db), declared);
  assert.deepEqual(await withClient(db, (c) => deferredIndexes(c, SCHEMA)), []);
});

test('dropping keeps primary keys and unique constraints, records every definition, and the build restores them exactly', async () => {
  const dropped = await inTransaction((c) => dropIndexes(c, SCHEMA, DEFERRED_TABLES));
  const expected = DEFERRED_TABLES.flatMap((t) => secondaryOf(declared, t)).sort();
  assert.deepEqual(dropped.map((ix) => ix.name).sort(), expected);
  const now = await publicIndexes(db);
  for (const name of expected) assert.ok(!now.has(name), `${name} still exists`);
  for (const t of DEFERRED_TABLES) {
    assert.ok([...now.values()].some((def) => def.startsWith('CREATE UNIQUE INDEX') && def.includes(` ON public.${t} `)), `${t} lost its primary key`);
  }
  const recorded = await withClient(db, (c) => deferredIndexes(c, SCHEMA));
  assert.deepEqual(recorded.map((ix) => ix.name).sort(), expected);
  for (const ix of recorded) assert.equal(ix.definition, declared.get(ix.name));

  // a build interrupted after one index: the next build skips it and makes the rest
  await withClient(db, (c) => c.query(recorded[0]!.definition));
  const clients = await Promise.all([0, 1].map(async () => {
    const c = new pg.Client({ ...db });
    await c.connect();
    return c;
  }));
  try {
    const built = await buildIndexes(clients, SCHEMA, false);
    assert.equal(built.length, recorded.length);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  assert.deepEqual(await publicIndexes(db), declared);
  assert.deepEqual(await withClient(db, (c) => deferredIndexes(c, SCHEMA)), []);
});

test('a table that does not exist is an error that names it', async () => {
  await assert.rejects(
    inTransaction((c) => dropIndexes(c, SCHEMA, ['inference', 'no_such_table']), true),
    /expected a table no_such_table in the current schema, found none/,
  );
});

test('DEFER_INDEXES accepts auto, always and never', () => {
  assert.equal(deferIndexesMode({}), 'auto');
  assert.equal(deferIndexesMode({ DEFER_INDEXES: 'never' }), 'never');
  assert.throws(() => deferIndexesMode({ DEFER_INDEXES: 'sometimes' }), /DEFER_INDEXES: expected auto, always or never, got sometimes/);
});

/** Plays batches through a deferral, each in its own committed transaction; returns whether indexes were deferred after each. */
async function play(options: Partial<DeferralOptions>, batches: (Omit<BatchPosition, 'fetchHead'> & { head?: number })[]): Promise<boolean[]> {
  const deferral = new IndexDeferral({ stateSchema: SCHEMA, mode: 'auto', startBlock: 0, ...options });
  const states: boolean[] = [];
  for (const { head, ...p } of batches) {
    await inTransaction(async (c) => {
      const position: BatchPosition = { ...p, ...(head === undefined ? {} : { fetchHead: async () => head }) };
      if (await deferral.beforeWrites(c, position)) await deferral.afterWrites(c, position);
    });
    states.push((await withClient(db, (c) => deferredIndexes(c, SCHEMA))).length > 0);
  }
  assert.deepEqual(await publicIndexes(db), declared, 'every index is back at the end');
  return states;
}

const large = (from: number, to: number, head?: number) => ({ from, to, isHead: false, hot: false, large: true, ...(head === undefined ? {} : { head }) });
const small = (from: number, to: number) => ({ from, to, isHead: false, hot: false, large: false });

test('auto: a catch-up with more ahead than behind defers from its first large batch to its first hot block, then never again', async () => {
  const states = await play({}, [
    small(0, 9), // small: nothing happens
    large(10, 19, 1000), // more ahead than behind: deferred
    large(20, 29),
    small(30, 39), // a sparse stretch of the catch-up: still deferred
    { from: 40, to: 40, isHead: false, hot: true, large: false }, // a hot block: built
    large(41, 50, 1000), // large again, but this process has finished its catch-up
  ]);
  assert.deepEqual(states, [false, true, true, true, false, false]);
});

test('auto: more behind than ahead, an unknown head, the head itself or the last block asked for keep the indexes', async () => {
  assert.deepEqual(await play({}, [large(600, 609, 1000)]), [false]);
  assert.deepEqual(await play({}, [large(10, 19)]), [false]);
  assert.deepEqual(await play({}, [{ ...large(10, 19, 1000), isHead: true }]), [false]);
  assert.deepEqual(await play({ lastBlock: 19 }, [large(10, 19, 1000)]), [false]);
  assert.deepEqual(await play({ mode: 'never' }, [large(10, 19, 1000)]), [false]);
});

test('always defers without asking the head; the last block asked for ends the catch-up', async () => {
  assert.deepEqual(await play({ mode: 'always', lastBlock: 640 }, [large(600, 609), large(610, 619), large(620, 640)]), [true, true, false]);
});

test('a restarted process finds the deferral and builds when its catch-up ends, whatever its mode', async () => {
  await inTransaction((c) => dropIndexes(c, SCHEMA, DEFERRED_TABLES));
  assert.deepEqual(await play({ mode: 'never' }, [large(100, 109), small(110, 110), { ...small(111, 111), isHead: true }]), [true, true, false]);
});
