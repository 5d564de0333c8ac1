// Reorgs made on anvil while the processor follows the head (over ws, devnet finality 32, hot blocks
// on): the last 1, 5 and 30 blocks, each full of events, are replaced with blocks holding other
// events (`anvil_reorg`: same height, so over ws the processor sees the fork as soon as the new head
// arrives). Each time the orphaned rows must go and the new branch's rows come in; at the end the
// database must equal, row for row, a fresh index of the canonical chain from block 0.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeFunctionData, numberToHex, type Address, type Hex } from 'viem';
import { abiOf, type ContractName } from '../../contracts/artifacts.ts';
import { hash32, setup, type Ctx } from '../support/contracts.ts';
import { settingsToUrl, startEmbeddedPostgres, withClient, type RunningPostgres } from '../../db/postgres.ts';
import { waitForHeight, type IndexerProcess } from '../support/indexerProcess.ts';
import { actors, runScenario, writeState, type Actors } from '../support/scenario.ts';
import { assertSameRows, Cleanup, eventually, indexToHeight, rowsOfTransactions, tempRuntime, trackedIndexer } from '../support/indexerRuns.ts';

const cleanup = new Cleanup();
let pg: RunningPostgres;
let c: Ctx;
let a: Actors;
let indexer: IndexerProcess;
let env: Record<string, string>;

const head = async () => Number(await c.publicClient.getBlockNumber({ cacheTime: 0 }));
const forkLines = () => indexer.lines.filter((l) => l.includes('navigating a fork'));
/** The hash the processor committed for hot block `height` (squid's hot-block table). */
const hotBlockHash = (height: number) =>
  withClient(pg.settings, async (client) => (await client.query('SELECT hash FROM squid_processor.hot_block WHERE height = $1', [height])).rows[0]?.hash as string | undefined);

before(async () => {
  env = { OPENLEDGER_RUNTIME_DIR: tempRuntime(cleanup, 'reorgs') }; // devnet defaults: ws, finality 32
  [pg, c] = await Promise.all([
    cleanup.track(startEmbeddedPostgres({ fast: true }), (p) => p.stop()),
    cleanup.track(setup(), (ctx) => ctx.stop()),
  ]);
  a = actors(c);
  const top = await runScenario(c);
  writeState(c);
  indexer = trackedIndexer(cleanup, { ...env, DATABASE_URL: settingsToUrl(pg.settings) });
  await waitForHeight(pg.settings, top, { indexer, timeoutMs: 90_000, nudge: () => c.mine() });
});

after(() => cleanup.run());

/** An inference record of model 1 over approved contributions of datanet 1. */
function inference(n: number, contributionIds: bigint[], shares: number[]) {
  return {
    modelId: 1n, modelVersion: 1n, user: a.user, inputHash: hash32(n), inputURI: `blob://reorg${n}`,
    outputHash: hash32(n + 1), contributionIds, shares,
  };
}

/** The branch the processor indexes first: one transaction (and so one block) per step. */
async function sendOrphanedStep(depth: number, i: number): Promise<Hex> {
  const step = i % 3;
  const result =
    step === 0 ? await c.send(a.alice, 'OPEN', 'transfer', [a.bob, BigInt(1000 + i)])
    : step === 1 ? await c.send(a.user, 'CreditManager', 'buyCredits', [], BigInt(1000 + i))
    : await c.send(a.attributor, 'AttributionEngine', 'recordInference', [inference(0xa0000 + depth * 1000 + i * 2, [1n, 2n], [600_000_000, 400_000_000])]);
  return result.receipt.transactionHash;
}

function txRequest(from: Address, contract: ContractName, functionName: string, args: readonly unknown[], value = 0n) {
  const data = encodeFunctionData({ abi: abiOf(contract), functionName, args } as never);
  return { from, to: c.addr(contract), data, value: numberToHex(value), gas: numberToHex(3_000_000) };
}

/** The replacing branch: other events (a transfer to someone else, another inference, GOPEN votes), some blocks empty. */
function replacingBranch(depth: number): [ReturnType<typeof txRequest>, number][] {
  const txs: [ReturnType<typeof txRequest>, number][] = [];
  for (let i = 0; i < depth; i++) {
    if (depth > 1 && i % 4 === 3) continue; // an empty block
    const step = (i + 1) % 3;
    const tx =
      step === 0 ? txRequest(a.alice, 'OPEN', 'transfer', [a.carol, BigInt(2000 + i)])
      : step === 1 ? txRequest(a.attributor, 'AttributionEngine', 'recordInference', [inference(0xb0000 + depth * 1000 + i * 2, [3n, 5n], [250_000_000, 750_000_000])])
      : txRequest(a.bob, 'GOPEN', 'deposit', [], BigInt(3000 + i));
    txs.push([tx, i]);
  }
  return txs;
}

async function reorgWhileIndexing(depth: number): Promise<void> {
  const orphaned: Hex[] = [];
  for (let i = 0; i < depth; i++) orphaned.push(await sendOrphanedStep(depth, i));
  const top = await head();
  await waitForHeight(pg.settings, top, { indexer, timeoutMs: 30_000 });
  const orphanedRows = await rowsOfTransactions(pg.settings, orphaned);
  assert.ok(orphanedRows >= depth, `depth ${depth}: the branch to be orphaned is indexed first (${orphanedRows} rows)`);

  const forksBefore = forkLines().length;
  const branch = replacingBranch(depth);
  await c.publicClient.request({ method: 'anvil_reorg', params: [depth, branch] } as never);
  assert.equal(await head(), top, `depth ${depth}: anvil_reorg keeps the height`);
  const replacing: Hex[] = [];
  for (let n = top - depth + 1; n <= top; n++) {
    const block = await c.publicClient.getBlock({ blockNumber: BigInt(n) });
    replacing.push(...block.transactions);
  }
  assert.equal(replacing.length, branch.length, `depth ${depth}: every replacing transaction was mined`);
  for (const hash of replacing) {
    const receipt = await c.publicClient.getTransactionReceipt({ hash });
    assert.equal(receipt.status, 'success', `depth ${depth}: replacing transaction ${hash} reverted`);
  }
  assert.deepEqual(replacing.filter((h) => orphaned.includes(h)), [], 'the branches share no transaction');

  // Same height, new hash: over ws the processor must switch branches without waiting for a block.
  const newTop = (await c.publicClient.getBlock({ blockNumber: BigInt(top) })).hash;
  await eventually(`the processor navigates the fork of depth ${depth} (common base ${top - depth}) before any new block`, () =>
    forkLines().slice(forksBefore).some((l) => l.includes(`with a common base ${top - depth}#`)), 15_000);
  await eventually(`block ${top} of the new branch is committed`, async () => (await hotBlockHash(top)) === newTop, 15_000);
  assert.equal(await head(), top, 'no block was mined meanwhile');
  assert.equal(await rowsOfTransactions(pg.settings, orphaned), 0, `depth ${depth}: rows of orphaned transactions are rolled back`);
  const replacingRows = await rowsOfTransactions(pg.settings, replacing);
  assert.ok(replacingRows >= replacing.length, `depth ${depth}: the new branch is indexed (${replacingRows} rows of ${replacing.length} transactions)`);

  // And the processor goes on along the new branch.
  const next = await c.send(a.alice, 'OPEN', 'transfer', [a.other, BigInt(depth)]);
  await waitForHeight(pg.settings, top + 1, { indexer, timeoutMs: 30_000 });
  assert.equal(await rowsOfTransactions(pg.settings, [next.receipt.transactionHash]), 1, 'the next block is indexed');
}

for (const depth of [1, 5, 30]) {
  test(`a reorg of depth ${depth} at the head: orphaned rows go, the new branch comes in`, () => reorgWhileIndexing(depth));
}

test('after the reorgs the database equals a fresh index of the canonical chain, row for row', async () => {
  const canonical = await head();
  const fresh = await indexToHeight(pg.settings, 'fresh', canonical, { env, nudge: () => c.mine() });
  // the nudges above mined empty blocks: let the first processor reach them too
  await waitForHeight(pg.settings, await head(), { indexer, timeoutMs: 30_000 });
  assert.equal(indexer.child.exitCode, null, 'the processor that went through the reorgs is still running');
  await assertSameRows(pg.settings, fresh, 'reorged database vs fresh index');
});
