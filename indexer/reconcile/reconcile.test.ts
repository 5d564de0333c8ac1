// `npm run reconcile` on a real anvil and a real (embedded) Postgres: the test scenario (every
// contract family) indexed by the processor, then reconciled as a user would run it. It agrees with
// the chain at the indexed height even after the chain moved on; a tampered row is reported, alone,
// with a non-zero exit. The processor runs with BULK_LOAD_ROWS=1, so every finalized batch takes the
// catch-up path (no per-row foreign-key checks): the chain vouches for it here, the foreign keys
// after bulk loads are test/indexer-faults/hotBulk.test.ts's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { settingsToUrl, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from '../../db/postgres.ts';
import { setup, OPEN, type Ctx } from '../../test/support/contracts.ts';
import { indexedHeight } from '../../test/support/indexerProcess.ts';
import { Cleanup, indexToHeight, tempRuntime } from '../../test/support/indexerRuns.ts';
import { actors, runScenario, writeState } from '../../test/support/scenario.ts';
import { runReconcile } from '../../test/support/reconcileRun.ts';

const cleanup = new Cleanup();
let pg: RunningPostgres;
let db: DbSettings;
let c: Ctx;
let runtime: string;

before(async () => {
  runtime = tempRuntime(cleanup, 'reconcile-test');
  [pg, c] = await Promise.all([
    cleanup.track(startEmbeddedPostgres({ fast: true }), (p) => p.stop()),
    cleanup.track(setup(), (ctx) => ctx.stop()),
  ]);
  const head = await runScenario(c);
  writeState(c);
  db = await indexToHeight(pg.settings, 'reconciled', head, {
    env: { OPENLEDGER_RUNTIME_DIR: runtime, FINALITY_CONFIRMATION: '5', BULK_LOAD_ROWS: '1' },
    nudge: () => c.mine(),
  });
});

after(() => cleanup.run());

/** `npm run reconcile` as a child process (the way a user runs it). */
const reconcile = () => runReconcile({ DATABASE_URL: settingsToUrl(db), OPENLEDGER_RUNTIME_DIR: runtime });

const sql = (text: string, params: unknown[] = []) => withClient(db, (client) => client.query(text, params));

test('the indexed scenario agrees with every view function, read at the indexed height', async () => {
  const a = actors(c);
  // the chain moves on after indexing: reads at "latest" would now disagree
  await c.send(a.alice, 'OPEN', 'transfer', [a.bob, 5n * OPEN]);
  await c.send(a.user, 'CreditManager', 'buyCredits', [], OPEN);
  const run = await reconcile();
  assert.deepEqual(run.mismatches, []);
  assert.equal(run.code, 0);
  assert.equal(run.summary.mismatches, 0);
  assert.equal(run.summary.height, await indexedHeight(db));
  assert.ok(Number(run.summary.height) < Number(await c.publicClient.getBlockNumber({ cacheTime: 0 })));
  assert.ok(Number(run.summary.objects) >= 40, `objects: ${String(run.summary.objects)}`);
  assert.ok(Number(run.summary.fields) >= 200, `fields: ${String(run.summary.fields)}`);
});

test('a tampered balance is reported, alone, and the exit status is 1', async () => {
  const alice = actors(c).alice.toLowerCase();
  await sql('UPDATE account SET gopen_balance = gopen_balance + 1 WHERE id = $1', [alice]);
  try {
    const run = await reconcile();
    assert.equal(run.code, 1);
    assert.equal(run.summary.mismatches, 1);
    assert.equal(run.mismatches.length, 1);
    assert.match(run.mismatches[0]!, new RegExp(`^mismatch Account ${alice} gopenBalance: indexed (\\d+), chain (\\d+)$`));
    const [, indexed, chain] = /indexed (\d+), chain (\d+)/.exec(run.mismatches[0]!)!;
    assert.equal(BigInt(indexed!) - BigInt(chain!), 1n);
  } finally {
    await sql('UPDATE account SET gopen_balance = gopen_balance - 1 WHERE id = $1', [alice]);
  }
});

test('a tampered challenge state is reported as that challenge', async () => {
  await sql(`UPDATE challenge SET status = 'OPEN' WHERE id = '2'`);
  try {
    const run = await reconcile();
    assert.equal(run.code, 1);
    // the attributor's open challenges are counted from the indexed statuses, so they disagree too
    assert.deepEqual(run.mismatches, [
      `mismatch Attributor ${actors(c).attributor.toLowerCase()} open challenges: indexed 1, chain 0`,
      'mismatch Challenge 2 status: indexed OPEN, chain REJECTED',
    ]);
  } finally {
    await sql(`UPDATE challenge SET status = 'REJECTED' WHERE id = '2'`);
  }
});

test('a tampered allowance, owed payout or stake value is reported, the stake also as a solvency mismatch', async () => {
  const a = actors(c);
  const user = a.user.toLowerCase();
  const other = a.other.toLowerCase();
  const bank = c.addr('Bank').toLowerCase();
  const open = c.addr('OPEN').toLowerCase();
  const bankHolds = 10n ** 30n; // more than the whole OPEN supply
  // stake 1 (carol's, ACTIVE) worth more than the Bank holds
  await sql('UPDATE credit_allowance SET allowance = allowance + 1 WHERE "user" = $1', [user]);
  await sql('UPDATE owed_payment SET owed = owed + 2 WHERE account = $1', [other]);
  await sql(`UPDATE stake SET value = value + $1 WHERE id = '1'`, [bankHolds.toString()]);
  try {
    const run = await reconcile();
    assert.equal(run.code, 1);
    const cm = c.addr('ChallengeManager').toLowerCase();
    const [owed] = (await sql(`SELECT sum(value)::text AS owed FROM stake WHERE status IN ('ACTIVE', 'COOLING_DOWN')`)).rows as { owed: string }[];
    assert.deepEqual(run.mismatches.map((m) => m.replace(/: indexed (\d+), chain (\d+)$/, (_, i: string, ch: string) => `: +${BigInt(i) - BigInt(ch)}`)), [
      `mismatch Stake 1 value: +${bankHolds}`,
      `mismatch Bank ${bank} covers ${owed!.owed} of indexed stakes in ${open}: indexed true, chain false`,
      `mismatch CreditAllowance ${user}-${a.attributor.toLowerCase()} allowance: +1`,
      `mismatch OwedPayment ${cm}-${other} owed: +2`,
      `mismatch OwedPayment ${cm} sum(owed): +2`,
    ]);
  } finally {
    await sql('UPDATE credit_allowance SET allowance = allowance - 1 WHERE "user" = $1', [user]);
    await sql('UPDATE owed_payment SET owed = owed - 2 WHERE account = $1', [other]);
    await sql(`UPDATE stake SET value = value - $1 WHERE id = '1'`, [bankHolds.toString()]);
  }
});
