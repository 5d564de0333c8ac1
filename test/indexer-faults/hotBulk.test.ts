// Hot blocks keep every check (docs/indexer.md, Bulk load). When the processor falls more than the
// finality depth behind the head while following it, one `transactHot2` call carries finalized blocks
// and hot blocks in one transaction (and deletes the hot blocks that became final); bulk loading
// (`session_replication_role = replica`, no foreign-key or cascade triggers) must not cover it.
// Here the processor (finality 4, every finalized batch a bulk load by size) is paused (SIGSTOP)
// while 24 blocks of events are mined, so on resuming it gets such calls; then a fork inside the hot
// part. A second processor then restarts on a database whose indexes are deferred (the state a stop
// between a catch-up's last commit and its index build leaves) and meets a fork at once. After each:
// every foreign key of every schema holds, the undo log has no orphan and matches the hot blocks, no
// pg client had two queries in flight (pg 8 warns, pg 9 refuses), and at the end the database equals
// a fresh index of the canonical chain.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { encodeFunctionData, numberToHex, type Address, type Hex } from 'viem';
import { abiOf, type ContractName } from '../../contracts/artifacts.ts';
import { setup, type Ctx } from '../support/contracts.ts';
import { settingsToUrl, startEmbeddedPostgres, withClient, type RunningPostgres } from '../../db/postgres.ts';
import { DEFERRED_TABLES, deferredIndexes, dropIndexes } from '../../indexer/batch/deferredIndexes.ts';
import { declaredIndexes, foreignKeyViolations, publicIndexes } from '../support/compare.ts';
import { prometheusPort, startIndexer, waitForHeight, type IndexerProcess } from '../support/indexerProcess.ts';
import { actors, runScenario, writeState, type Actors } from '../support/scenario.ts';
import { undoLogProblems } from '../support/undoLog.ts';
import { DEFAULT_STATE_SCHEMA } from '../../indexer/status.ts';
import { assertSameRows, Cleanup, eventually, indexToHeight, rowsOfTransactions, tempRuntime } from '../support/indexerRuns.ts';

const FINALITY = 4;
const cleanup = new Cleanup();
let pg: RunningPostgres;
let c: Ctx;
let a: Actors;
let env: Record<string, string>;
const processors: IndexerProcess[] = [];

const head = async () => Number(await c.publicClient.getBlockNumber({ cacheTime: 0 }));
const hashAt = async (height: number) => (await c.publicClient.getBlock({ blockNumber: BigInt(height) })).hash;
/**
 * pg 8.23's warning for a query issued while the client is busy with others (pg 9 removes queuing),
 * and the stricter line of `onePgQueryAtATime.cjs` for any query sent while another runs
 */
const QUEUED_QUERY = /client\.query\(\) when the client is already executing a query|a query was sent while another ran on the same client/;

function processor(extra: Record<string, string> = {}): IndexerProcess {
  const p = startIndexer({ ...env, ...extra });
  processors.push(p);
  cleanup.add(() => p.kill());
  return p;
}

before(async () => {
  env = {
    OPENLEDGER_RUNTIME_DIR: tempRuntime(cleanup, 'hot-bulk'),
    FINALITY_CONFIRMATION: String(FINALITY),
    BULK_LOAD_ROWS: '1', // every finalized batch that writes a row is a bulk load
    INDEXER_NODE_ARGS: `--require ${join(import.meta.dirname, '..', 'support', 'onePgQueryAtATime.cjs')}`,
  };
  [pg, c] = await Promise.all([
    cleanup.track(startEmbeddedPostgres({ fast: true }), (p) => p.stop()),
    cleanup.track(setup(), (ctx) => ctx.stop()),
  ]);
  env.DATABASE_URL = settingsToUrl(pg.settings);
  a = actors(c);
  await runScenario(c);
  writeState(c);
});

after(() => cleanup.run());

/** One block with events: a transfer, a credit purchase or a GOPEN deposit, by turns. */
async function eventBlock(i: number): Promise<Hex> {
  const step = i % 3;
  const result =
    step === 0 ? await c.send(a.alice, 'OPEN', 'transfer', [a.bob, BigInt(5000 + i)])
    : step === 1 ? await c.send(a.user, 'CreditManager', 'buyCredits', [], BigInt(5000 + i))
    : await c.send(a.bob, 'GOPEN', 'deposit', [], BigInt(5000 + i));
  return result.receipt.transactionHash;
}

function txRequest(from: Address, contract: ContractName, functionName: string, args: readonly unknown[], value = 0n) {
  const data = encodeFunctionData({ abi: abiOf(contract), functionName, args } as never);
  return { from, to: c.addr(contract), data, value: numberToHex(value), gas: numberToHex(3_000_000) };
}

/** Replaces the last `depth` blocks with blocks of other events (same height); returns the orphaned head's height. */
async function reorg(depth: number, salt: number): Promise<number> {
  const top = await head();
  const branch = Array.from({ length: depth }, (_, i) =>
    [i % 2 === 0 ? txRequest(a.alice, 'OPEN', 'transfer', [a.carol, BigInt(salt + i)]) : txRequest(a.carol, 'GOPEN', 'deposit', [], BigInt(salt + i)), i] as const);
  await c.publicClient.request({ method: 'anvil_reorg', params: [depth, branch] } as never);
  assert.equal(await head(), top, 'anvil_reorg keeps the height');
  return top;
}

/** Everything that must hold of a database after any run. */
async function assertConsistent(indexer: IndexerProcess, what: string): Promise<void> {
  assert.deepEqual(await foreignKeyViolations(pg.settings), {}, `${what}: every foreign key holds`);
  assert.deepEqual(await undoLogProblems(pg.settings, { hashAt }), [], `${what}: the undo log matches the hot blocks`);
  assert.deepEqual(indexer.lines.filter((l) => QUEUED_QUERY.test(l)), [], `${what}: one query at a time per pg client`);
}

const linesWith = (indexer: IndexerProcess, text: string, from = 0) =>
  indexer.lines.slice(from).filter((l) => l.includes(text)).map((l) => JSON.parse(l) as Record<string, unknown>);

test('a processor call with finalized and hot blocks keeps every check; a fork inside its hot part rolls back cleanly', async () => {
  const indexer = processor();
  await waitForHeight(pg.settings, await head(), { indexer, timeoutMs: 90_000, nudge: () => c.mine() });
  await assertConsistent(indexer, 'at the head');

  // paused, the processor falls 24 blocks behind: more than the finality depth, so on resuming it
  // is handed updates that start with finalized blocks and end with hot ones
  const seen = indexer.lines.length;
  indexer.child.kill('SIGSTOP');
  const burst: Hex[] = [];
  try {
    for (let i = 0; i < 24; i++) burst.push(await eventBlock(i));
  } finally {
    indexer.child.kill('SIGCONT');
  }
  const top = await head();
  await waitForHeight(pg.settings, top, { indexer, timeoutMs: 60_000 });
  assert.ok((await rowsOfTransactions(pg.settings, burst)) >= burst.length, 'every block of the burst is indexed');
  await assertConsistent(indexer, 'after the mixed updates');
  const mixed = linesWith(indexer, 'hot update starts with finalized blocks', seen);
  assert.ok(mixed.some((l) => (l.finalized as number) > 0 && (l.hot as number) > 0), `an update mixed finalized and hot blocks: ${JSON.stringify(mixed)}`);

  // a fork of 2 blocks: inside the hot part (finality 4)
  const orphaned = burst.slice(-2);
  const forksBefore = linesWith(indexer, 'navigating a fork').length;
  await reorg(2, 7000);
  const newTop = await hashAt(top);
  await eventually('the processor navigates the fork', () => linesWith(indexer, 'navigating a fork').length > forksBefore, 20_000);
  await eventually(`block ${top} of the new branch is committed`, async () =>
    (await withClient(pg.settings, (cl) => cl.query(`SELECT hash FROM ${DEFAULT_STATE_SCHEMA}.hot_block WHERE height = $1`, [top]))).rows[0]?.hash === newTop, 20_000);
  assert.equal(await rowsOfTransactions(pg.settings, orphaned), 0, 'the orphaned blocks\' rows are rolled back');
  await assertConsistent(indexer, 'after the fork');
  await indexer.stop();
});

test('a fork met while the indexes are deferred: the indexes come back, every check holds, the database equals a fresh index', async () => {
  // deferred indexes next to hot blocks: the state a processor leaves when it stops after the commit
  // of the batch that ended its catch-up and before the build that follows
  await withClient(pg.settings, async (cl) => {
    await cl.query('BEGIN');
    await dropIndexes(cl, DEFAULT_STATE_SCHEMA, DEFERRED_TABLES);
    await cl.query('COMMIT');
  });
  assert.ok((await withClient(pg.settings, (cl) => deferredIndexes(cl, DEFAULT_STATE_SCHEMA))).length > 0);
  // and undo-log rows of a block that is final, as versions that bulk-loaded over hot blocks left
  // them (the foreign key would refuse them; replica skips its check): the restart removes them
  await withClient(pg.settings, (cl) => cl.query(
    `BEGIN; SET LOCAL session_replication_role = replica;
     INSERT INTO ${DEFAULT_STATE_SCHEMA}.hot_change_log (block_height, index, change) VALUES (1, 0, '{"kind":"insert","table":"account","id":"0x0"}');
     COMMIT`));
  assert.equal(Object.keys(await foreignKeyViolations(pg.settings)).length, 1, 'an orphaned undo-log row to start with');
  // a fork of 3 (inside the hot blocks the stopped processor holds), then 2 blocks more: the restart
  // meets the fork in its first update, which also carries a finalized block
  const top = await reorg(3, 8000);
  await eventBlock(100);
  await eventBlock(101);

  const indexer = processor({ DEFER_INDEXES: 'always' });
  // no block until it is up (it serves metrics once it has read its state): then one new head, and
  // the finalized height stays within the hot blocks it holds, so it navigates the fork
  await eventually('the processor is up', () => prometheusPort(indexer) !== undefined, 60_000);
  await c.mine();
  await waitForHeight(pg.settings, await head(), { indexer, timeoutMs: 60_000 });
  await eventually('the deferred indexes are built', () => linesWith(indexer, 'catch-up ended: indexes built').length > 0, 30_000);
  assert.ok(linesWith(indexer, 'hot update starts with finalized blocks').some((l) => (l.finalized as number) > 0 && (l.hot as number) > 0),
    'the first update carried finalized and hot blocks');
  assert.ok(linesWith(indexer, `with a common base ${top - 3}#`).length > 0,
    `the restarted processor navigated the fork at ${top - 3}:\n${indexer.lines.filter((l) => /fork|hot update|"batch"|indexes/.test(l)).map((l) => l.slice(0, 300)).join('\n')}`);
  assert.deepEqual(await publicIndexes(pg.settings), await declaredIndexes(pg.settings), 'every declared index is back');
  assert.deepEqual(await withClient(pg.settings, (cl) => deferredIndexes(cl, DEFAULT_STATE_SCHEMA)), []);
  await assertConsistent(indexer, 'after the restart through the fork');

  const canonical = await head();
  const fresh = await indexToHeight(pg.settings, 'fresh', canonical, { env, nudge: () => c.mine() });
  await waitForHeight(pg.settings, await head(), { indexer, timeoutMs: 30_000 });
  await assertSameRows(pg.settings, fresh, 'database through the forks vs fresh index');
  await indexer.stop();
});
