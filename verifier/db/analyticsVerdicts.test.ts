// The verifier's view for the dashboards (migration 002_analytics_verdicts.sql) on a real Postgres
// after the indexer's migrations: verdicts per UTC day and kind with their distances and challenged
// disputes, computed here from the rows written; readable by a login of the read-only role even when
// the verifier migrates as another user than the one whose default privileges cover `public`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applyMigrations } from '../../db/dataSource.ts';
import { newPassword } from '../../db/embeddedCluster.ts';
import { startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from '../../db/postgres.ts';
import { createReaderLogin } from '../../db/readerRole.ts';
import { migrateVerifier } from './migrate.ts';

let server: RunningPostgres;
let reader: DbSettings;
let owner: DbSettings;

interface Row { id: number; verdict: 'MATCH' | 'DISPUTE' | 'UNVERIFIABLE'; distance: number | null; challenge: number | null; at: string }
const ROWS: Row[] = [
  { id: 1, verdict: 'MATCH', distance: 0.001, challenge: null, at: '2026-03-01T00:00:00Z' },
  { id: 2, verdict: 'MATCH', distance: 0.003, challenge: null, at: '2026-03-01T23:59:59Z' },
  { id: 3, verdict: 'DISPUTE', distance: 0.4, challenge: 7, at: '2026-03-01T12:00:00Z' },
  { id: 4, verdict: 'DISPUTE', distance: 0.2, challenge: null, at: '2026-03-01T13:00:00Z' },
  { id: 5, verdict: 'UNVERIFIABLE', distance: null, challenge: null, at: '2026-03-01T14:00:00Z' },
  { id: 6, verdict: 'DISPUTE', distance: 0.9, challenge: 8, at: '2026-03-02T00:00:00Z' },
];

before(async () => {
  server = await startEmbeddedPostgres({ fast: true });
  await applyMigrations(server.settings);
  reader = await createReaderLogin(server.settings, 'verdicts_reader', newPassword());
  // a second administrator, not the user that ran the ReaderRole migration's default privileges
  const password = newPassword();
  await withClient(server.settings, (c) => c.query(`CREATE ROLE verifier_owner LOGIN SUPERUSER PASSWORD '${password}'`));
  owner = { ...server.settings, user: 'verifier_owner', password };
  assert.ok((await withClient(owner, migrateVerifier)).includes('002_analytics_verdicts.sql'));
  await withClient(owner, async (c) => {
    for (const r of ROWS) {
      await c.query(`INSERT INTO verifier.verification (inference_id, verdict, distance, tolerance, duration_ms, engine_version, challenge_id, verified_at)
                     VALUES ($1, $2, $3, 0.01, 5, 'test', $4, $5)`, [r.id, r.verdict, r.distance, r.challenge, r.at]);
    }
  });
});

after(() => server?.stop());

test('verdicts per UTC day and kind, with distances and challenged disputes', async () => {
  const expected = new Map<string, { verdicts: number; distances: number[]; challenged: number }>();
  for (const r of ROWS) {
    const key = `${r.at.slice(0, 10)}T00:00:00.000Z ${r.verdict}`;
    const e = expected.get(key) ?? { verdicts: 0, distances: [], challenged: 0 };
    e.verdicts++;
    if (r.distance !== null) e.distances.push(r.distance);
    if (r.verdict === 'DISPUTE' && r.challenge !== null) e.challenged++;
    expected.set(key, e);
  }
  const rows = await withClient(reader, async (c) => (await c.query(
    'SELECT bucket, verdict, verdicts, avg_distance, max_distance, challenged FROM analytics_verdicts_daily ORDER BY bucket, verdict')).rows);
  assert.equal(rows.length, expected.size);
  for (const row of rows) {
    const e = expected.get(`${(row.bucket as Date).toISOString()} ${row.verdict}`);
    assert.ok(e, `unexpected ${row.bucket} ${row.verdict}`);
    assert.equal(row.verdicts, e.verdicts);
    assert.equal(row.challenged, e.challenged);
    if (e.distances.length === 0) assert.equal(row.avg_distance, null);
    else {
      assert.ok(Math.abs(row.avg_distance - e.distances.reduce((a, b) => a + b, 0) / e.distances.length) < 1e-12);
      assert.equal(row.max_distance, Math.max(...e.distances));
    }
  }
});

test('the read-only role reads the view and writes nothing through it; migrating again changes nothing', async () => {
  await assert.rejects(withClient(reader, (c) => c.query('DELETE FROM analytics_verdicts_daily')), /permission denied|cannot delete/);
  await assert.rejects(withClient(reader, (c) => c.query('DELETE FROM verifier.verification')), /permission denied/);
  assert.deepEqual(await withClient(owner, migrateVerifier), []);
  const n = await withClient(reader, async (c) => (await c.query<{ n: number }>('SELECT sum(verdicts)::int AS n FROM analytics_verdicts_daily')).rows[0]!.n);
  assert.equal(n, ROWS.length);
});
