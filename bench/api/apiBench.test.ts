// The API benchmark's harness on a small devnet scenario indexed into a real Postgres: both real
// servers (our API and OpenReader, child processes over HTTP) answer every query of the mix the
// same (the run refuses to time otherwise), a planted difference is caught, each side served
// requests, and the report's last line is the JSON result. No timing is asserted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { newPassword } from '../../db/embeddedCluster.ts';
import { createReaderLogin } from '../../db/readerRole.ts';
import { startIndexedApi, type IndexedApi } from '../../test/support/indexedApi.ts';
import { assertAgreement } from './agree.ts';
import { readFixtures } from './fixtures.ts';
import type { MixQuery } from './mixQuery.ts';
import { QUERIES } from './queries.ts';
import { runApiBench } from './runApiBench.ts';
import { startOpenReader } from './servers.ts';
import { reportLines, type ApiBenchResult } from './summary.ts';

let fixture: IndexedApi;

before(async () => {
  fixture = await startIndexedApi({ login: ['bench_test', 'bench-test-password-0123456789'] });
});

after(async () => {
  await fixture?.stop();
});

test('every query answers the same on both servers, each side serves load, and the last line is the JSON result', async () => {
  const result = await runApiBench({
    admin: fixture.pg.settings, runDir: join(process.env.OPENLEDGER_RUNTIME_DIR!, 'api-run'),
    events: 0, blocks: 0, connections: 4, seconds: 1, workers: 2,
  });
  assert.equal(result.workers, 2);
  // every entry ran, but those whose root field our API lacks (the analytics before they are merged), which are listed
  assert.deepEqual([...result.queries.map((q) => q.name), ...result.skipped.map((q) => q.name)].sort(), QUERIES.map((q) => q.name).sort());
  for (const s of result.skipped) assert.equal(QUERIES.find((q) => q.name === s.name)!.requires, s.requires);
  assert.ok(result.queries.filter((q) => q.peer === 'openreader').length >= 7, 'the explorer queries ran against OpenReader');
  for (const q of result.queries) {
    assert.ok(q.ours.requests > 0 && q.peerSide.requests > 0, `${q.name}: both sides served requests`);
    assert.equal(q.ours.errors, 0, `${q.name}: our errors`);
    assert.equal(q.peerSide.errors, 0, `${q.name}: the peer's errors`);
  }
  assert.equal(result.ours.requests, result.queries.reduce((n, q) => n + q.ours.requests, 0));
  assert.ok(result.analytics, 'the mix holds a query answered by SQL');
  const lines = reportLines(result);
  const last = JSON.parse(lines.at(-1)!) as ApiBenchResult;
  assert.equal(last.bench, 'api');
  for (const key of ['rps', 'p50Ms', 'p99Ms'] as const) {
    assert.equal(typeof last.shared.ours[key], 'number');
    assert.equal(typeof last.shared.openreader[key], 'number');
  }
  assert.equal(typeof last.ratio, 'number');
  for (const q of result.queries) assert.ok(lines.some((l) => l.startsWith(q.name)), `the table has a row for ${q.name}`);
});

test('a difference between the servers stops the benchmark, naming the query and where the answers part', async () => {
  const reader = await createReaderLogin(fixture.pg.settings, 'bench_agree', newPassword());
  const sql = new pg.Pool({ ...reader, max: 2 });
  const openreader = await startOpenReader(reader, join(process.env.OPENLEDGER_RUNTIME_DIR!, 'agree-run'));
  try {
    const fixtures = await readFixtures(sql, fixture.api.url);
    const lookup = QUERIES.find((q) => q.name === 'inference by id')!;
    // our answer with its fee off by one wei: the check must see it
    const skewed: MixQuery = { ...lookup, normaliseOurs: (d, v) => ({ ...(lookup.normaliseOurs(d, v) as object), fee: '1' }) };
    await assert.rejects(
      assertAgreement([{ query: skewed, variables: lookup.variables(fixtures) }], fixture.api.url, openreader.url, sql),
      /the servers disagree on "inference by id" with \{"id":"\d+"\}: \$\.fee: ours "1", peer "\d+"/,
    );
    const totals = QUERIES.find((q) => q.peer.kind === 'sql')!;
    const wrongSql: MixQuery = { ...totals, peer: { ...totals.peer, sql: (totals.peer as { sql: string }).sql.replace('sum(share)', 'sum(share) + 1') } as MixQuery['peer'] };
    await assert.rejects(
      assertAgreement([{ query: wrongSql, variables: totals.variables(fixtures) }], fixture.api.url, openreader.url, sql),
      /the servers disagree on "a contributor's totals".*\$\.influence/,
    );
  } finally {
    await openreader.stop();
    await sql.end();
  }
});
