// The catch-up's index deferral on a real (embedded) Postgres with the migrated schema: what is
// dropped and recorded, that a rolled-back batch keeps its indexes, that the build restores exactly
// the declared indexes (also after a partial build), and the policy across a run's batches.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { Store } from '@subsquid/typeorm-store';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { applyMigrations, dataSourceOptions } from '../../db/dataSource.ts';
import { DEFAULT_STATE_SCHEMA } from '../status.ts';
import { ensureDatabase, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from '../../db/postgres.ts';
import { declaredIndexes, publicIndexes } from '../../test/support/compare.ts';
import {
  buildIndexes, DEFERRED_TABLES, deferIndexesMode, deferredIndexes, dropIndexes, IndexDeferral, type BatchPosition, type DeferralOptions,
} from './deferredIndexes.ts';
import { checkDefinition, schemaIndexes, type DeclaredIndex } from './declaredIndexes.ts';
import { storeAccess, type StoreAccess } from './storeAccess.ts';
import { PipelinedDatabase, startWriting, storeOf } from '../pipeline.ts';
import { hash32 } from '../../test/support/hash32.ts';

const SCHEMA = DEFAULT_STATE_SCHEMA;
let server: RunningPostgres;
let db: DbSettings;
let declared: Map<string, string>;
/** a TypeORM connection to `db` (the entity metadata, and transactions as squid's store runs them) */
let ds: DataSource;
let model: Map<string, DeclaredIndex>;

before(async () => {
  server = await startEmbeddedPostgres({ fast: true });
  db = await ensureDatabase(server.settings, 'deferral');
  await applyMigrations(db);
  declared = await declaredIndexes(server.settings);
  ds = new DataSource(dataSourceOptions(db));
  await ds.initialize();
  model = schemaIndexes(ds, DEFERRED_TABLES);
});

after(async () => {
  await ds?.destroy();
  await server?.stop();
});

/** Runs `fn` in a SERIALIZABLE transaction of `ds` with the store's view of it (as a batch does). */
function inStoreTransaction<T>(fn: (db: StoreAccess) => Promise<T>): Promise<T> {
  return ds.transaction('SERIALIZABLE', (em) => fn(storeAccess(new Store(() => em))));
}

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

test('the entity metadata declares exactly the indexes the migrations create on the deferred tables', () => {
  const migrated = DEFERRED_TABLES.flatMap((t) => secondaryOf(declared, t).map((name) => ({ name, table: t, definition: declared.get(name)! })));
  assert.deepEqual([...model.keys()].sort(), migrated.map((ix) => ix.name).sort());
  // each migrated definition, read back, is the declared one (same table, columns, uniqueness)
  for (const ix of migrated) assert.equal(checkDefinition(ix, model, 'public').name, ix.name);
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
    const built = await buildIndexes(clients, SCHEMA, false, model);
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

/** The migration `file` of db/migrations, with a query runner on `c`. */
function migrationOn(c: pg.ClientBase, file: string) {
  const Migration = createRequire(import.meta.url)(`../../db/migrations/${file}`);
  const migration = new Migration() as { up(db: unknown): Promise<void>; down(db: unknown): Promise<void> };
  const runner = { query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows };
  return { up: () => migration.up(runner), down: () => migration.down(runner) };
}

/** The hand-written migrations that change indexes of deferred tables: the index each replaces and those it adds. */
const INDEX_MIGRATIONS = [
  // (contributor) by (contributor, timestamp) on the attribution rows
  { file: '1795765960613-AnalyticsTimeIndexes.js', replaced: 'IDX_6cf8a4e126a8f3a154a054aa42', added: ['IDX_568c1633898e39bf4a5d9fb51a'] },
  // inference (block_number) by (block_number, id); attribution (contributor, block_number, id) added
  { file: '1795820000000-BlockOrderIndexes.js', replaced: 'IDX_47dc3a2fbbad206d45fb3d45fa', added: ['IDX_0b19c89ea590802ecd1c195cf9', 'IDX_d3c4b6f3c97b18e417ebba9d2d'] },
];

for (const { file, replaced, added } of INDEX_MIGRATIONS) {
  test(`a migration that replaces a deferred index during a catch-up (${file}): its record goes, the new ones are recorded, and the build makes exactly the declared indexes`, async () => {
    assert.ok(added.every((name) => model.has(name)) && !model.has(replaced), 'the schema declares the added indexes, not the replaced one');
    // back to before the migration, a catch-up defers (the replaced index is recorded), then the migration runs
    await inTransaction(async (c) => {
      await migrationOn(c, file).down();
      assert.ok((await dropIndexes(c, SCHEMA, DEFERRED_TABLES)).some((ix) => ix.name === replaced));
      await migrationOn(c, file).up();
    });
    const recorded = await withClient(db, (c) => deferredIndexes(c, SCHEMA));
    assert.deepEqual(recorded.map((ix) => ix.name).sort(), DEFERRED_TABLES.flatMap((t) => secondaryOf(declared, t)).sort());
    const now = await publicIndexes(db);
    assert.ok([replaced, ...added].every((name) => !now.has(name)), 'none is built during the catch-up');
    // the catch-up ends: every record is a declared index, and the build restores the migrated schema
    await buildOnce();
    assert.deepEqual(await publicIndexes(db), declared);
    assert.deepEqual(await withClient(db, (c) => deferredIndexes(c, SCHEMA)), []);
    // without a catch-up, down and up build and drop at once
    await inTransaction(async (c) => {
      await migrationOn(c, file).down();
      const before = await c.query('SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ANY($1::text[])', [[replaced, ...added]]);
      assert.deepEqual(before.rows.map((r) => r.indexname), [replaced]);
      await migrationOn(c, file).up();
    });
    assert.deepEqual(await publicIndexes(db), declared);
  });
}

/** Plays batches through a deferral, each in its own committed transaction; returns whether indexes were deferred after each. */
async function play(options: Partial<DeferralOptions>, batches: (Omit<BatchPosition, 'fetchHead'> & { head?: number })[]): Promise<boolean[]> {
  const deferral = new IndexDeferral({ stateSchema: SCHEMA, mode: 'auto', startBlock: 0, ...options });
  const states: boolean[] = [];
  for (const { head, ...p } of batches) {
    await inStoreTransaction(async (tx) => {
      const position: BatchPosition = { ...p, ...(head === undefined ? {} : { fetchHead: async () => head }) };
      if (await deferral.beforeWrites(tx.em, tx.client, position)) await deferral.afterWrites(tx.em, tx.client, position);
    });
    await deferral.afterCommit();
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

/** Builds the recorded indexes on one fresh connection, outside a transaction (as after a commit). */
const buildOnce = () => withClient(db, (c) => buildIndexes([c], SCHEMA, false, model));

test('a tampered record is refused with what was expected and what came, and nothing is executed', async () => {
  const dropped = await inTransaction((c) => dropIndexes(c, SCHEMA, DEFERRED_TABLES));
  const victim = dropped.find((ix) => ix.table === 'inference_attribution')!;
  const table = `${SCHEMA}.deferred_index`;
  const tampered: { what: string; name: string; tableName: string; definition: string; error: RegExp }[] = [
    { what: 'a second statement', name: victim.name, tableName: victim.table, definition: `${victim.definition}; DROP TABLE inference`, error: /expected the definition .* came .*DROP TABLE inference/ },
    { what: 'another table', name: victim.name, tableName: victim.table, definition: victim.definition.replace(' ON public.inference_attribution ', ' ON public.account '), error: /expected the definition .*inference_attribution.* came .*public\.account/ },
    { what: 'another column', name: victim.name, tableName: victim.table, definition: victim.definition.replace(/\(([^)]*)\)$/, '(id, $1)'), error: /expected the definition .* came / },
    { what: 'an undeclared index', name: 'evil', tableName: 'inference', definition: 'CREATE INDEX evil ON public.inference USING btree (model_id)', error: /"evil" \(table "inference"\): expected one of the indexes the schema declares .* came an undeclared one/ },
  ];
  const before = await publicIndexes(db);
  for (const t of tampered) {
    await withClient(db, (c) => c.query(
      `INSERT INTO ${table} (name, table_name, definition) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET table_name = $2, definition = $3`,
      [t.name, t.tableName, t.definition],
    ));
    await assert.rejects(buildOnce(), (err: Error) => {
      assert.match(err.message, t.error, t.what);
      assert.match(err.message, /nothing was executed/);
      return true;
    });
    assert.deepEqual(await publicIndexes(db), before, `${t.what}: no index was built or dropped`);
    assert.equal(await withClient(db, async (c) => (await c.query("SELECT to_regclass('inference') IS NOT NULL AS ok")).rows[0].ok), true);
    // put the true record back
    await withClient(db, (c) => c.query(
      `DELETE FROM ${table} WHERE name = 'evil'; UPDATE ${table} SET table_name = '${victim.table}', definition = ${c.escapeLiteral(victim.definition)} WHERE name = ${c.escapeLiteral(victim.name)}`,
    ));
  }
  await buildOnce();
  assert.deepEqual(await publicIndexes(db), declared);
  assert.deepEqual(await withClient(db, (c) => deferredIndexes(c, SCHEMA)), []);
});

// squid's TypeormDatabase reruns a transaction that failed with a serialization failure (40001). A
// trigger on the status row (updated last in every transaction) raises one when armed, once: a
// sequence counts, and a sequence is not rolled back with the transaction.
for (const where of ['after the commit', 'in the transaction'] as const) {
  test(`after a serialization failure and squid's rerun, the deferral follows what was committed (build ${where})`, async () => {
    const target = await ensureDatabase(server.settings, `rerun_${where === 'after the commit' ? 'after' : 'in'}`);
    await applyMigrations(target);
    const deferral = new IndexDeferral({
      stateSchema: SCHEMA, mode: 'always', startBlock: 0,
      ...(where === 'after the commit' ? { afterCommit: { db: target, connections: 1 } } : {}),
    });
    const database = new PipelinedDatabase(target, { supportHotBlocks: true, stateSchema: SCHEMA }, {
      lastBlock: 0, // every batch returns once committed
      afterCommit: () => deferral.afterCommit(),
    });
    let head: { height: number; hash: string } = await database.connect();
    try {
      await withClient(target, (c) => c.query(`
        CREATE SEQUENCE fail_once;
        CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('fail_once') = 1 THEN RAISE EXCEPTION 'forced serialization failure' USING ERRCODE = '40001'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER fail_once AFTER UPDATE ON ${SCHEMA}.status FOR EACH ROW EXECUTE FUNCTION fail_once();`));
      const failNextCommit = () => withClient(target, (c) => c.query("SELECT setval('fail_once', 1, false)"));
      const recorded = () => withClient(target, async (c) => (await deferredIndexes(c, SCHEMA)).length);
      /** one batch through the pipelined database; resolves with how many times its handler ran */
      const batch = async (to: number, p: Omit<BatchPosition, 'from' | 'to' | 'fetchHead'>) => {
        let runs = 0;
        const next = { height: to, hash: hash32(to) };
        await database.transact({ prevHead: head, nextHead: next }, async (s) => {
          runs += 1;
          const tx = storeAccess(await storeOf(s));
          startWriting(s);
          const position: BatchPosition = { ...p, from: to, to };
          if (await deferral.beforeWrites(tx.em, tx.client, position)) await deferral.afterWrites(tx.em, tx.client, position);
        });
        head = next;
        return runs;
      };

      // the first large batch drops the indexes; its first attempt fails, the rerun commits
      await failNextCommit();
      assert.equal(await batch(10, { isHead: false, hot: false, large: true }), 2, 'the batch ran twice');
      assert.ok((await recorded()) > 0, 'the rerun dropped and recorded the indexes again');
      const dropped = await publicIndexes(target);
      assert.deepEqual([...declared.keys()].filter((n) => !dropped.has(n)).sort(), DEFERRED_TABLES.flatMap((t) => secondaryOf(declared, t)).sort());

      // a batch in the catch-up, then the one that ends it (at the head); that one fails once too
      assert.equal(await batch(20, { isHead: false, hot: false, large: false }), 1);
      assert.ok((await recorded()) > 0, 'still deferred');
      await failNextCommit();
      assert.equal(await batch(30, { isHead: true, hot: false, large: false }), 2, 'the batch ran twice');
      assert.deepEqual(await publicIndexes(target), declared, 'every index is back');
      assert.equal(await recorded(), 0);

      // this process has ended its catch-up: a large batch later keeps the indexes
      assert.equal(await batch(40, { isHead: false, hot: false, large: true }), 1);
      assert.deepEqual(await publicIndexes(target), declared);
    } finally {
      await database.disconnect();
    }
  });
}
