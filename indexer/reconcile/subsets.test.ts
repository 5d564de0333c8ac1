// `npm run reconcile` on a network watched partially, on a real anvil and a real (embedded)
// Postgres: the test scenario indexed with CONTRACTS where CreditManager watches CreditPurchased
// only (as on OpenLedger mainnet), START_BLOCK above the token contracts' deployments, and
// ModelFactory's start left to discovery. Reconcile exits 0 and lists what it skipped and why; run
// without the subset it reports the false mismatches the skips avoid; a tampered value in a check
// it does run is still reported.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CONTRACT_NAMES } from '../../contracts/artifacts.ts';
import { setup, type Ctx } from '../../test/support/contracts.ts';
import { settingsToUrl, startEmbeddedPostgres, withClient, type RunningPostgres } from '../../db/postgres.ts';
import { startIndexer, waitForHeight } from '../../test/support/indexerProcess.ts';
import { runReconcile } from '../../test/support/reconcileRun.ts';
import { runScenario, writeState } from '../../test/support/scenario.ts';

let pg: RunningPostgres;
let c: Ctx;
let runtime: string;
/** the environment the processor ran with, and reconcile runs with */
let subsetEnv: Record<string, string>;
let raisedTo: number;
let processorLines: string[] = [];

const deployedAt = (name: (typeof CONTRACT_NAMES)[number]) => c.deployment.contracts[name].startBlock;

before(async () => {
  runtime = mkdtempSync(join(tmpdir(), 'openledger-reconcile-subsets-'));
  process.env.OPENLEDGER_RUNTIME_DIR = runtime;
  [pg, c] = await Promise.all([startEmbeddedPostgres({ fast: true }), setup()]);
  const head = await runScenario(c);
  writeState(c);
  // the tokens are deployed first: a start at the timelock's deployment is above theirs only
  raisedTo = deployedAt('OpenLedgerTimelock');
  for (const t of ['OPEN', 'WOPEN', 'GOPEN'] as const) assert.ok(deployedAt(t) < raisedTo, `${t} at ${deployedAt(t)}, raised to ${raisedTo}`);
  for (const n of CONTRACT_NAMES.slice(3)) assert.ok(deployedAt(n) >= raisedTo, `${n} at ${deployedAt(n)}`);
  const contracts = CONTRACT_NAMES.map((family) => ({
    family,
    address: c.addr(family).toLowerCase(),
    ...(family === 'ModelFactory' ? {} : { startBlock: deployedAt(family) }),
    ...(family === 'CreditManager' ? { events: ['CreditPurchased'] } : {}),
  }));
  subsetEnv = { CONTRACTS: JSON.stringify(contracts), START_BLOCK: String(raisedTo) };
  const indexer = startIndexer({
    ...subsetEnv, DATABASE_URL: settingsToUrl(pg.settings), OPENLEDGER_RUNTIME_DIR: runtime, FINALITY_CONFIRMATION: '5',
  });
  try {
    await waitForHeight(pg.settings, head, { indexer, timeoutMs: 90_000, nudge: () => c.mine() });
  } finally {
    await indexer.stop();
    processorLines = indexer.lines;
  }
});

after(async () => {
  await Promise.all([c?.stop(), pg?.stop()]);
});

/** `npm run reconcile` with `env` on top of the processor's database and runtime. */
const reconcile = (env: Record<string, string>) => runReconcile({ CONTRACTS: '', START_BLOCK: '', DATABASE_URL: settingsToUrl(pg.settings), OPENLEDGER_RUNTIME_DIR: runtime, ...env });

const sql = (text: string, params: unknown[] = []) => withClient(pg.settings, (client) => client.query(text, params));

test('the processor found the start left unknown, at the deployment block', () => {
  const found = processorLines.map((l) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { return {}; } })
    .find((l) => l.msg === 'start block found on chain');
  assert.ok(found, processorLines.slice(0, 40).join('\n'));
  assert.equal(found.family, 'ModelFactory');
  assert.equal(found.startBlock, deployedAt('ModelFactory'));
});

test('subset and raised start: exit 0, what was skipped and why, the rest compared', async () => {
  const run = await reconcile(subsetEnv);
  assert.deepEqual(run.mismatches, []);
  assert.equal(run.code, 0, JSON.stringify(run.summary));
  assert.equal(run.summary.mismatches, 0);
  const skipped = run.summary.skipped as { family: string; address: string; checks: string; reason: string }[];
  assert.deepEqual(skipped.map((x) => [x.family, x.address]), (['OPEN', 'WOPEN', 'GOPEN', 'CreditManager'] as const).map((f) => [f, c.addr(f).toLowerCase()]));
  for (const t of ['OPEN', 'WOPEN', 'GOPEN'] as const) {
    assert.equal(skipped.find((x) => x.family === t)!.reason, `indexed from block ${raisedTo}, above its deployment at ${deployedAt(t)}: what happened in between is not indexed`);
  }
  const credits = skipped.find((x) => x.family === 'CreditManager')!;
  assert.equal(credits.checks, 'Account.creditBalance (credits), CreditAllowance (allowance), RoleMembership, treasury');
  assert.equal(credits.reason, 'watches CreditPurchased only; AttributorApproved, CreditsSpent, RoleAdminChanged, RoleGranted, RoleRevoked, TreasurySet also change what these checks compare. ' +
    'Account.creditBalance counts purchases here (it equals Account.creditsPurchased), not a balance: spends are not watched');
  assert.equal(run.skipped.length, 4);
  assert.match(run.skipped[3]!, /^skipped CreditManager 0x[0-9a-f]{40} \(Account\.creditBalance \(credits\), .*\): watches CreditPurchased only; /);
  // what is compared: stakes, datanets, models, attribution, challenges, governance
  assert.ok(run.summary.objects >= 30, `objects: ${run.summary.objects}`);
  // purchases are what the subset does determine
  const accounts = (await sql('SELECT count(*)::int AS n FROM account WHERE credits_purchased > 0 AND credit_balance = credits_purchased')).rows[0].n;
  assert.ok(accounts >= 1);
});

test('the same database reconciled as if fully watched: the false mismatches the skips avoid', async () => {
  const run = await reconcile({});
  assert.equal(run.code, 1);
  assert.deepEqual(run.summary.skipped, []);
  const entities = new Set(run.mismatches.map((m) => m.split(' ')[1]));
  // token balances (history before the raised start) and credits (spends not watched) disagree
  assert.ok(run.mismatches.some((m) => / openBalance: /.test(m)), run.mismatches.join('\n'));
  assert.ok(run.mismatches.some((m) => / creditBalance: /.test(m)), run.mismatches.join('\n'));
  assert.ok(entities.has('Account'));
});

test('every indexed family skipped (as on OpenLedger mainnet): nothing to compare, exit 2, with the reasons', async () => {
  const credits = { family: 'CreditManager', address: c.addr('CreditManager').toLowerCase(), startBlock: deployedAt('CreditManager'), events: ['CreditPurchased'] };
  const run = await reconcile({ CONTRACTS: JSON.stringify([credits]) });
  assert.equal(run.code, 2);
  assert.match(run.summary.error, /^nothing to compare at block \d+: no indexed row of a compared contract; skipped: CreditManager \(watches CreditPurchased only; .* not a balance: spends are not watched\)$/);
  assert.deepEqual(run.summary.skipped.map((x: { family: string }) => x.family), ['CreditManager']);
});

test('a tampered value in a check that runs is still reported, alone; one in a skipped check is not compared', async () => {
  const [active] = (await sql(`SELECT id FROM stake WHERE status = 'ACTIVE' ORDER BY id::numeric LIMIT 1`)).rows as { id: string }[];
  assert.ok(active, 'the scenario leaves an active stake');
  await sql('UPDATE stake SET value = value + 7 WHERE id = $1', [active.id]);
  await sql('UPDATE account SET open_balance = open_balance + 1');
  try {
    const run = await reconcile(subsetEnv);
    assert.equal(run.code, 1);
    assert.deepEqual(run.mismatches.map((m) => m.replace(/: indexed (\d+), chain (\d+)$/, (_, i: string, ch: string) => `: +${BigInt(i) - BigInt(ch)}`)), [
      `mismatch Stake ${active.id} value: +7`,
    ]);
    assert.equal(run.summary.skipped.length, 4);
  } finally {
    await sql('UPDATE stake SET value = value - 7 WHERE id = $1', [active.id]);
    await sql('UPDATE account SET open_balance = open_balance - 1');
  }
});
