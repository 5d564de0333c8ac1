// The read-only role on a real Postgres, after the real migrations and the processor's own state
// schema set-up: its logins read every indexed table (also one made after the migration) and the
// processor's status, nothing else of the state schema; they write and create nothing; a long query
// is cancelled by the role's statement timeout; the migration runs again where the role exists and
// its down() takes back what it gave.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applyMigrations, OpenLedgerDatabase, runMigrationStep } from './dataSource.ts';
import { newPassword } from './embeddedCluster.ts';
import { ensureDatabase, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from './postgres.ts';
import { createReaderLogin, READER_ROLE } from './readerRole.ts';

let server: RunningPostgres;
let db: DbSettings;
let reader: DbSettings;

/** The SQLSTATE `sql` ends with when run as `who` ('ok' when it succeeds). */
async function outcome(who: DbSettings, sql: string): Promise<string> {
  return withClient(who, async (c) => {
    await c.query(sql);
    return 'ok';
  }).catch((err: { code?: string; message: string }) => err.code ?? err.message);
}

/** What the processor does at start: migrations, then squid's state schema (status, hot_block, hot_change_log). */
async function likeTheProcessor(s: DbSettings): Promise<void> {
  await applyMigrations(s);
  const store = new OpenLedgerDatabase(s, { supportHotBlocks: true });
  await store.connect();
  await store.disconnect();
}

/**
 * The down() of the migrations that grant the role something (LiveStatus, then ReaderRole: newest
 * first), each run as TypeORM runs a migration's revert (in a transaction), wherever they sort.
 */
async function undoReaderRole(s: DbSettings): Promise<void> {
  for (const name of ["LiveStatus", "ReaderRole"]) await runMigrationStep(s, name, "down");
}

before(async () => {
  server = await startEmbeddedPostgres({ fast: true });
  db = await ensureDatabase(server.settings, 'reader_a');
  await likeTheProcessor(db);
  reader = await createReaderLogin(db, 'test_reader', newPassword());
});

after(() => server?.stop());

test('the role is a NOLOGIN group with a statement timeout and an in-memory page cost, and its login gets both', async () => {
  const role = await withClient(db, async (c) => (await c.query('SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1', [READER_ROLE])).rows[0]);
  assert.deepEqual(role, { rolcanlogin: false, rolsuper: false, rolcreaterole: false, rolcreatedb: false });
  assert.equal(await withClient(reader, async (c) => (await c.query('SHOW statement_timeout')).rows[0].statement_timeout), '30s');
  assert.equal(await withClient(reader, async (c) => (await c.query('SHOW random_page_cost')).rows[0].random_page_cost), '1.1');
  // the server's default stays for everyone else
  assert.equal(await withClient(db, async (c) => (await c.query('SHOW random_page_cost')).rows[0].random_page_cost), '4');
});

test("updating a login makes its settings the role's again: a setting the role dropped goes, one it gained comes", async () => {
  const show = (name: string) => withClient(reader, async (c) => (await c.query(`SHOW ${name}`)).rows[0][name]);
  await withClient(db, (c) => c.query(`ALTER ROLE ${READER_ROLE} RESET random_page_cost`));
  try {
    assert.equal(await show('random_page_cost'), '1.1', 'the login keeps its copy until it is updated');
    reader = await createReaderLogin(db, 'test_reader', newPassword());
    assert.equal(await show('random_page_cost'), '4');
  } finally {
    await withClient(db, (c) => c.query(`ALTER ROLE ${READER_ROLE} SET random_page_cost = 1.1`));
    reader = await createReaderLogin(db, 'test_reader', newPassword());
  }
  assert.equal(await show('random_page_cost'), '1.1');
  assert.equal(await show('statement_timeout'), '30s');
});

test('a login reads every indexed table, the status, the hot blocks and the chain head, not the undo log', async () => {
  const tables = await withClient(db, async (c) => (await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.t));
  assert.ok(tables.length > 40, `the indexed tables (${tables.length})`);
  for (const t of tables) assert.equal(await outcome(reader, `SELECT * FROM public."${t}" LIMIT 1`), 'ok', t);
  assert.equal(await outcome(reader, 'SELECT height, hash FROM squid_processor.status'), 'ok');
  for (const t of ['hot_block', 'chain_head']) assert.equal(await outcome(reader, `SELECT * FROM squid_processor.${t}`), 'ok', t);
  assert.equal(await outcome(reader, 'SELECT * FROM squid_processor.hot_change_log'), '42501');
});

test('a login writes, deletes and creates nothing', async () => {
  const refused = [
    `INSERT INTO contract (id, name, event_count) VALUES ('0x1', 'x', 0)`,
    `UPDATE contract SET event_count = 1`,
    `DELETE FROM contract`,
    `TRUNCATE contract`,
    `UPDATE squid_processor.status SET height = 0`,
    `DELETE FROM squid_processor.hot_block`,
    `UPDATE squid_processor.chain_head SET height = 0`,
    `CREATE TABLE public.mine (id int)`,
    `CREATE SCHEMA mine`,
    `ALTER TABLE contract ADD COLUMN x int`,
    `DROP TABLE contract`,
  ];
  for (const sql of refused) assert.equal(await outcome(reader, sql), '42501', sql);
});

test('a table a later migration creates is readable (default privileges)', async () => {
  await withClient(db, (c) => c.query('CREATE TABLE later_entity (id text PRIMARY KEY); INSERT INTO later_entity VALUES ($$a$$)'));
  assert.deepEqual(await withClient(reader, async (c) => (await c.query('SELECT id FROM later_entity')).rows), [{ id: 'a' }]);
  assert.equal(await outcome(reader, `INSERT INTO later_entity VALUES ('b')`), '42501');
});

test("a long query is cancelled by the role's statement timeout", async () => {
  await withClient(db, (c) => c.query(`ALTER ROLE ${READER_ROLE} SET statement_timeout = '300ms'`));
  try {
    const quick = await createReaderLogin(db, 'test_reader_quick', newPassword());
    const started = Date.now();
    assert.equal(await outcome(quick, 'SELECT pg_sleep(5)'), '57014', 'query_canceled');
    assert.ok(Date.now() - started < 4000, `cancelled early (${Date.now() - started} ms)`);
  } finally {
    await withClient(db, (c) => c.query(`ALTER ROLE ${READER_ROLE} SET statement_timeout = '30s'`));
  }
});

test('the migration runs where the role exists (another database); its down() takes back the grants and keeps a role still used', async () => {
  const other = await ensureDatabase(server.settings, 'reader_b');
  await likeTheProcessor(other);
  const otherReader = { ...reader, database: 'reader_b' };
  assert.equal(await outcome(otherReader, 'SELECT * FROM contract'), 'ok');

  await undoReaderRole(other);
  assert.equal(await outcome(otherReader, 'SELECT * FROM contract'), '42501', 'no SELECT after down()');
  for (const t of ['status', 'hot_block']) assert.equal(await outcome(otherReader, `SELECT * FROM squid_processor.${t}`), '42501', t);
  assert.equal(await outcome(reader, 'SELECT * FROM contract'), 'ok', 'the first database keeps its grants');
  const roles = async () => withClient(db, async (c) => (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [READER_ROLE])).rowCount);
  assert.equal(await roles(), 1, 'the role stays: reader_a still uses it');

  await undoReaderRole(db);
  assert.equal(await roles(), 0, 'the last database to use it drops it');
  assert.equal(await outcome(reader, 'SELECT * FROM contract'), '42501');
});
