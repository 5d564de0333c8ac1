// End to end on a real anvil and a real (embedded) Postgres: a scenario touching every contract
// family, indexed to the head by the processor in a child process (hot blocks on), then the
// database is checked against the chain's own logs and, in one in-process `reconcile()`, every view
// function. Reorgs are test/indexer-faults/reorgs.test.ts's; the reconcile command's own output is
// indexer/reconcile/reconcile.test.ts's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeEventLog, encodeEventTopics, type Address, type Hex } from 'viem';
import { abiOf, CONTRACT_NAMES, type ContractName } from '../contracts/artifacts.ts';
import { splitFee } from '../contracts/math.ts';
import { settingsToUrl, startEmbeddedPostgres, withClient, type RunningPostgres } from '../db/postgres.ts';
import { setup, type Ctx } from '../test/support/contracts.ts';
import { prometheusPort, waitForHeight, type IndexerProcess } from '../test/support/indexerProcess.ts';
import { Cleanup, tempRuntime, trackedIndexer } from '../test/support/indexerRuns.ts';
import { actors, emitUndecodableLog, runScenario, writeState } from '../test/support/scenario.ts';
import { devnetNetwork } from './networks/devnet.ts';
import { reconcile } from './reconcile/run.ts';

const cleanup = new Cleanup();
let pg: RunningPostgres;
let c: Ctx;
let indexer: IndexerProcess;
let head: number;

const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  withClient(pg.settings, async (client) => (await client.query(sql, params)).rows as T[]);
const big = (v: unknown) => BigInt(v as string);

before(async () => {
  const runtime = tempRuntime(cleanup, 'indexer-test');
  [pg, c] = await Promise.all([
    cleanup.track(startEmbeddedPostgres({ fast: true }), (p) => p.stop()),
    cleanup.track(setup(), (ctx) => ctx.stop()),
  ]);
  head = await runScenario(c);
  writeState(c);
  indexer = trackedIndexer(cleanup, { DATABASE_URL: settingsToUrl(pg.settings), OPENLEDGER_RUNTIME_DIR: runtime, FINALITY_CONFIRMATION: '5' });
  await waitForHeight(pg.settings, head, { indexer, timeoutMs: 90_000, nudge: () => c.mine() });
});

after(() => cleanup.run());

test('every event on chain is counted once, per contract and event', async () => {
  const expected = new Map<string, number>();
  for (const name of CONTRACT_NAMES) {
    const logs = await c.publicClient.getLogs({ address: c.addr(name), fromBlock: 0n, toBlock: BigInt(head) });
    for (const log of logs) {
      const { eventName } = decodeEventLog({ abi: abiOf(name), data: log.data, topics: log.topics });
      const key = `${name}.${eventName}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
  }
  const rows = await q<{ id: string; count: number }>('SELECT id, count FROM event_count');
  assert.deepEqual(new Map(rows.map((r) => [r.id, r.count])), expected);
  assert.ok(expected.size >= 60, `the scenario should emit most event kinds, got ${expected.size}`);
  assert.deepEqual(await q('SELECT count(*)::int AS n FROM decode_failure'), [{ n: 0 }]);
});

test('entity counts and states follow the scenario', async () => {
  const count = async (table: string, where = 'true') => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`))[0]!.n;
  assert.equal(await count('datanet'), 2);
  assert.equal(await count('contribution'), 6);
  assert.equal(await count('contribution', "status = 'APPROVED'"), 5);
  assert.equal(await count('contribution', "status = 'REJECTED'"), 1);
  assert.equal(await count('datanet_version'), 1);
  assert.equal(await count('model'), 2);
  assert.equal(await count('model_datanet'), 3);
  assert.equal(await count('model_version'), 2);
  assert.equal(await count('adapter'), 1);
  assert.equal(await count('inference'), 5);
  assert.equal(await count('inference_attribution'), 10);
  assert.equal(await count('stake'), 4);
  // STAKED x3, TOPPED_UP, UNSTAKE_REQUESTED x2, UNSTAKED x2 (one of them paid at once), COMMITTED
  assert.equal(await count('stake_action'), 9);
  assert.deepEqual(await q('SELECT id, status FROM stake ORDER BY id'), [
    { id: '0', status: 'UNSTAKED' }, { id: '1', status: 'ACTIVE' }, { id: '2', status: 'UNSTAKED' }, { id: '3', status: 'COOLING_DOWN' },
  ]);
  assert.equal(await count('airdrop_claim'), 1);
  assert.equal(await count('vote'), 2);
  assert.deepEqual(await q('SELECT status, for_votes, against_votes, vote_count FROM proposal'), [
    { status: 'EXECUTED', for_votes: (1007n * 10n ** 18n).toString(), against_votes: (4n * 10n ** 18n).toString(), vote_count: 2 },
  ]);
  assert.deepEqual(await q('SELECT p.timelock_operation_id = o.id AS linked, o.status, o.call_count FROM proposal p, timelock_operation o'), [
    { linked: true, status: 'EXECUTED', call_count: '1' },
  ]);
  assert.deepEqual(await q('SELECT id, status FROM challenge ORDER BY id'), [
    { id: '1', status: 'UPHELD' }, { id: '2', status: 'REJECTED' }, { id: '3', status: 'EXPIRED' },
  ]);
  const a = actors(c);
  assert.deepEqual(await q('SELECT challenges_received, challenges_lost, challenges_won, challenges_expired, slash_count, record_count FROM attributor'), [
    { challenges_received: 3, challenges_lost: 1, challenges_won: 1, challenges_expired: 1, slash_count: 1, record_count: 5 },
  ]);
  assert.deepEqual(await q("SELECT role_name, account FROM role_membership WHERE role_name = 'ARBITER_ROLE' ORDER BY account"), [
    { role_name: 'ARBITER_ROLE', account: c.deployment.treasury.toLowerCase() },
    { role_name: 'ARBITER_ROLE', account: a.arbiter.toLowerCase() },
  ].sort((x, y) => x.account.localeCompare(y.account)));
  assert.ok((await count('parameter_change', "event = 'FeeSplitSet'")) >= 2);
});

test('every indexed balance, supply, vote, credit, reward, stake, bond, record, challenge and payout equals the view functions at the indexed height', async () => {
  const result = await reconcile({ db: pg.settings, network: devnetNetwork(), rpcUrl: c.anvil.rpcUrl });
  assert.deepEqual(result.mismatches, []);
  assert.ok(result.height >= head, `reconciled at ${result.height}`);
  const accounts = await q<{ n: number }>('SELECT count(*)::int AS n FROM account');
  assert.ok(accounts[0]!.n >= 8 && result.objects > accounts[0]!.n, `objects: ${result.objects}`);
  assert.ok(result.fields >= 200, `fields: ${result.fields}`);
});

test('rewards reproduce the fee split to the wei; contributions, contributors and rollups agree', async () => {
  const infs = await q('SELECT * FROM inference ORDER BY id::int');
  for (const inf of infs) {
    const split = splitFee(big(inf.fee), 1500n, 2500n, (inf.shares as string[]).map(BigInt));
    assert.equal(big(inf.contributor_amount), split.contributorTotal, `inference ${String(inf.id)}`);
    assert.equal(big(inf.dust), split.dust);
    const rows = await q("SELECT reward, share FROM inference_attribution WHERE inference_id = $1 ORDER BY contribution_id::int", [inf.id]);
    assert.deepEqual(rows.map((r) => big(r.reward)), split.contributors);
    // what the schema tells an API user: pool = contributorAmount + dust (protocolAmount holds the dust)
    assert.equal(big(inf.protocol_amount), split.protocol);
    const pool = big(inf.contributor_amount) + big(inf.dust);
    assert.deepEqual(rows.map((r) => (pool * BigInt(r.share as number)) / 1_000_000_000n), split.contributors);
  }
  assert.ok(infs.some((i) => big(i.dust) > 0n), 'the scenario must produce dust');
  const mismatch = await q(`
    SELECT c.id FROM contribution c LEFT JOIN inference_attribution a ON a.contribution_id = c.id
    GROUP BY c.id HAVING c.rewards_earned <> coalesce(sum(a.reward), 0) OR c.influence <> coalesce(sum(a.share), 0)`);
  assert.deepEqual(mismatch, []);
  for (const [table, key, entity] of [['contribution_rollup', 'contribution_id', 'contribution'], ['contributor_rollup', 'contributor_id', 'contributor'], ['datanet_rollup', 'datanet_id', 'datanet']]) {
    for (const period of ['HOUR', 'DAY']) {
      const bad = await q(`
        SELECT e.id FROM ${entity} e JOIN ${table} r ON r.${key} = e.id AND r.period = '${period}'
        GROUP BY e.id HAVING e.rewards_earned <> sum(r.rewards) OR e.influence <> sum(r.influence)
          OR e.rewards_earned <> max(r.cumulative_rewards)`);
      assert.deepEqual(bad, [], `${table} ${period}`);
    }
  }
  assert.ok((await q("SELECT 1 FROM contribution_rollup WHERE contribution_id = '2' AND period = 'DAY'")).length >= 2, 'two days of rollups');
  const models = await q(`SELECT m.id FROM model m JOIN model_rollup r ON r.model_id = m.id AND r.period = 'DAY'
    GROUP BY m.id HAVING m.inference_count <> sum(r.inferences) OR m.fees_total <> sum(r.fees)`);
  assert.deepEqual(models, []);
});

test('history rows are contiguous, the open row is the current state, and "as of block" matches the chain', async () => {
  for (const [table, fk, entity, fields] of [
    ['account_history', 'account_id', 'account', ['open_balance', 'wopen_balance', 'gopen_balance', 'voting_power', 'delegate']],
    ['stake_history', 'stake_id', 'stake', ['status', 'value', 'principal', 'start_time', 'unlock_at']],
    ['contribution_history', 'contribution_id', 'contribution', ['status', 'influence', 'attribution_count', 'rewards_earned']],
    ['attributor_history', 'attributor_id', 'attributor', ['active_stake', 'pending_stake', 'total_slashed', 'record_count']],
  ] as const) {
    const gaps = await q(`
      SELECT ${fk} FROM (SELECT ${fk}, valid_to_block, lead(valid_from_block) OVER (PARTITION BY ${fk} ORDER BY valid_from_block) AS next
        FROM ${table}) x WHERE (next IS NULL) <> (valid_to_block IS NULL) OR next <> valid_to_block`);
    assert.deepEqual(gaps, [], `${table} ranges`);
    const open = await q(`SELECT count(*)::int AS n, count(DISTINCT ${fk})::int AS e FROM ${table} WHERE valid_to_block IS NULL`);
    assert.equal(open[0]!.n, open[0]!.e, `${table}: one open row per entity`);
    const stale = await q(`SELECT h.id FROM ${table} h JOIN ${entity} e ON e.id = h.${fk} WHERE h.valid_to_block IS NULL AND (${fields
      .map((f) => `h.${f} IS DISTINCT FROM e.${f}`).join(' OR ')})`);
    assert.deepEqual(stale, [], `${table}: open rows equal the entity`);
  }
  const alice = actors(c).alice.toLowerCase() as Address;
  const rows = await q('SELECT valid_from_block FROM account_history WHERE account_id = $1 ORDER BY valid_from_block', [alice]);
  assert.ok(rows.length > 5, `alice's history rows: ${rows.length}`);
  for (const { valid_from_block: from } of rows) {
    for (const n of [Number(from), Number(from) + 1]) {
      const [asOf] = await q('SELECT open_balance, gopen_balance, voting_power FROM account_history WHERE account_id = $1 AND valid_from_block <= $2 AND (valid_to_block IS NULL OR valid_to_block > $2)', [alice, n]);
      const at = { blockNumber: BigInt(n) };
      const read = (name: ContractName, fn: string) => c.publicClient.readContract({ address: c.addr(name), abi: abiOf(name), functionName: fn, args: [alice], ...at }) as Promise<bigint>;
      assert.equal(big(asOf!.open_balance), await read('OPEN', 'balanceOf'), `OPEN at ${n}`);
      assert.equal(big(asOf!.gopen_balance), await read('GOPEN', 'balanceOf'), `GOPEN at ${n}`);
      assert.equal(big(asOf!.voting_power), await read('GOPEN', 'getVotes'), `votes at ${n}`);
    }
  }
});

test('the payout without cooldown is what the bank sent (its Transfer log, read independently of the view calls)', async () => {
  const a = actors(c);
  const [paid] = await q<{ value: string; tx_hash: string }>(`SELECT s.value, a.tx_hash FROM stake s JOIN stake_action a ON a.stake_id = s.id AND a.kind = 'UNSTAKED' WHERE s.id = '2'`);
  const receipt = await c.publicClient.getTransactionReceipt({ hash: paid!.tx_hash as Hex });
  const transfer = receipt.logs.filter((l) => l.address.toLowerCase() === c.addr('OPEN').toLowerCase()).map((l) => decodeEventLog({ abi: abiOf('OPEN'), data: l.data, topics: l.topics })).find((e) => e.eventName === 'Transfer')!;
  assert.deepEqual(transfer.args, { from: c.addr('Bank'), to: a.alice, value: big(paid!.value) });
  assert.ok(big(paid!.value) > 3n * 10n ** 18n, 'with a day of interest');
});

test('payouts name their challenge, the last spend leaves the allowance', async () => {
  const a = actors(c);
  const cm = c.addr('ChallengeManager').toLowerCase();
  const treasury = c.deployment.treasury.toLowerCase();
  const p = c.deployment.params;
  const reward = (p.slashAmount * BigInt(p.challengerRewardBps)) / 10_000n;
  // from the scenario: 1 upheld (challenger, treasury), 2 rejected (treasury), 3 expired (other); then two withdrawals
  const events = await q<{ account: string; kind: string; amount: string; owed_after: string; challenge_id: string | null }>(
    'SELECT account, kind, amount, owed_after, challenge_id FROM payment_event ORDER BY id');
  assert.deepEqual(events.map((e) => [e.kind, e.account, big(e.amount), e.challenge_id]), [
    ['CREDITED', a.challenger.toLowerCase(), p.challengeBond + reward, '1'],
    ['CREDITED', treasury, p.slashAmount - reward, '1'],
    ['CREDITED', treasury, p.challengeBond, '2'],
    ['CREDITED', a.other.toLowerCase(), p.challengeBond, '3'],
    ['WITHDRAWN', a.challenger.toLowerCase(), p.challengeBond + reward, null],
    ['WITHDRAWN', treasury, p.slashAmount - reward + p.challengeBond, null],
  ]);
  // (owed amounts and allowances against the chain: the reconcile test above)
  assert.deepEqual(await q('SELECT DISTINCT contract FROM owed_payment'), [{ contract: cm }]);
  const allowances = await q<{ allowance: string }>('SELECT allowance FROM credit_allowance');
  assert.equal(allowances.length, 1);
  const spends = await q<{ attributor: string; allowance_after: string }>('SELECT attributor, allowance_after FROM credit_spend ORDER BY id');
  assert.ok(spends.length > 0 && spends.every((x) => x.attributor === a.attributor.toLowerCase()));
  assert.equal(big(spends.at(-1)!.allowance_after), big(allowances[0]!.allowance));
});

test('an undecodable log from a watched address is recorded with block, transaction and index; indexing goes on', async () => {
  const a = actors(c);
  const topics = encodeEventTopics({ abi: abiOf('OPEN'), eventName: 'Transfer', args: { from: a.alice, to: a.bob } }) as `0x${string}`[];
  const receipt = await emitUndecodableLog(c, c.addr('OPEN'), topics);
  await c.send(a.alice, 'OPEN', 'transfer', [a.bob, 1n]);
  const last = Number(await c.publicClient.getBlockNumber({ cacheTime: 0 }));
  await waitForHeight(pg.settings, last, { indexer, timeoutMs: 30_000, nudge: () => c.mine() });
  assert.deepEqual(await q('SELECT block_number, tx_hash, log_index, address, topic0, contract FROM decode_failure'), [{
    block_number: Number(receipt.blockNumber), tx_hash: receipt.transactionHash, log_index: receipt.logs[0]!.logIndex,
    address: c.addr('OPEN').toLowerCase(), topic0: topics[0], contract: 'OPEN',
  }]);
  const [bob] = await q('SELECT open_balance FROM account WHERE id = $1', [a.bob.toLowerCase()]);
  assert.equal(big(bob!.open_balance), await c.read('OPEN', 'balanceOf', [a.bob]));
  assert.equal(indexer.child.exitCode, null, 'the processor keeps running');
  assert.ok(indexer.lines.some((l) => l.includes('undecodable log') && l.includes(receipt.transactionHash)), 'a structured warning');
  assert.ok(indexer.lines.some((l) => l.includes('"msg":"batch"') && l.includes('"lag"')), 'progress lines');
  const metrics = await (await fetch(`http://127.0.0.1:${prometheusPort(indexer)}/metrics`)).text();
  assert.match(metrics, /sqd_processor_last_block \d+/);
});
