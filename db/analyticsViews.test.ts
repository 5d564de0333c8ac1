// The analytics views of the migration AnalyticsViews on a real Postgres after the real migrations:
// a login of the read-only role reads each (and, by the default privileges, a view a later migration
// makes), writes nothing through them; down() drops every one and up() makes them again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applyMigrations, OpenLedgerDatabase, runMigrationStep } from './dataSource.ts';
import { newPassword } from './embeddedCluster.ts';
import { startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from './postgres.ts';
import { createReaderLogin } from './readerRole.ts';

let server: RunningPostgres;
let reader: DbSettings;

const views = (s: DbSettings) => withClient(s, async (c) =>
  (await c.query<{ v: string }>(`SELECT viewname AS v FROM pg_views WHERE schemaname = 'public' AND viewname LIKE 'analytics_%' ORDER BY 1`)).rows.map((r) => r.v));

async function outcome(who: DbSettings, sql: string): Promise<string> {
  return withClient(who, async (c) => {
    await c.query(sql);
    return 'ok';
  }).catch((err: { code?: string; message: string }) => err.code ?? err.message);
}

before(async () => {
  server = await startEmbeddedPostgres({ fast: true });
  await applyMigrations(server.settings);
  const store = new OpenLedgerDatabase(server.settings, { supportHotBlocks: true });
  await store.connect();
  await store.disconnect();
  reader = await createReaderLogin(server.settings, 'views_reader', newPassword());
});

after(() => server?.stop());

test('a login of the read-only role reads every analytics view, and writes nothing through one', async () => {
  const names = await views(server.settings);
  assert.ok(names.length >= 30, `${names.length} views`);
  for (const v of names) assert.equal(await outcome(reader, `SELECT * FROM ${v} LIMIT 1`), 'ok', v);
  assert.equal(await outcome(reader, 'DELETE FROM analytics_stake'), '42501');
  assert.equal(await outcome(reader, `UPDATE analytics_attributor SET slash_count = 0`), '42501');
  assert.deepEqual(await withClient(reader, async (c) => (await c.query('SELECT height FROM analytics_indexer_status')).rows), [{ height: -1 }], 'the processor status through the view');
});

test('a view a later migration makes is readable by the default privileges', async () => {
  await withClient(server.settings, (c) => c.query(`CREATE VIEW later_view AS SELECT id FROM contract`));
  assert.equal(await outcome(reader, 'SELECT * FROM later_view'), 'ok');
  await withClient(server.settings, (c) => c.query(`DROP VIEW later_view`));
});

test("the migration's down() drops every analytics view, its up() makes them again", async () => {
  const before = await views(server.settings);
  await runMigrationStep(server.settings, 'AnalyticsViews', 'down');
  assert.deepEqual(await views(server.settings), []);
  await runMigrationStep(server.settings, 'AnalyticsViews', 'up');
  assert.deepEqual(await views(server.settings), before);
  for (const v of before) assert.equal(await outcome(reader, `SELECT * FROM ${v} LIMIT 1`), 'ok', v);
});
