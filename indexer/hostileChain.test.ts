// Issue 8 as a stranger does it, on a real anvil with the real contracts and the processor in a
// child process: a contribution with a row count of 0xffffffff and a NUL in its URI, a datanet
// whose metadata URI is not UTF-8 (raw calldata), a proposal description with a NUL and a
// zero-weight vote whose reason is a NUL (it costs nothing). Before the fix each of them failed the
// batch on every restart; now the processor indexes them and goes on.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { concat, encodeAbiParameters, encodeFunctionData, toFunctionSelector, toHex, type Hex } from 'viem';
import { abiOf } from '../contracts/artifacts.ts';
import { hash32, OPEN, setup, type Ctx } from '../test/support/contracts.ts';
import { settingsToUrl, startEmbeddedPostgres, withClient, type RunningPostgres } from '../db/postgres.ts';
import { startIndexer, waitForHeight, type IndexerProcess } from '../test/support/indexerProcess.ts';
import { actors, writeState } from '../test/support/scenario.ts';

let pg: RunningPostgres;
let c: Ctx;
let indexer: IndexerProcess | undefined;

before(async () => {
  process.env.OPENLEDGER_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'openledger-hostile-chain-'));
  [pg, c] = await Promise.all([startEmbeddedPostgres({ fast: true }), setup()]);
});

after(async () => {
  await indexer?.stop();
  await Promise.all([c?.stop(), pg?.stop()]);
});

const q = (sql: string) => withClient(pg.settings, async (client) => (await client.query(sql)).rows as Record<string, unknown>[]);

const NOT_UTF8: Hex = '0x41ff00c3';

test('a row count of 0xffffffff, NULs and bytes that are not UTF-8 sent through the contracts are indexed; the processor goes on', async () => {
  const a = actors(c);
  // a datanet whose metadata URI is not UTF-8: strings are sent as bytes (same ABI layout)
  const fee = await c.read<bigint>('DatanetFactory', 'creationFee');
  const data = concat([toFunctionSelector('createDatanet(string,string)'), encodeAbiParameters([{ type: 'bytes' }, { type: 'bytes' }], [toHex('data\u0000net'), NOT_UTF8])]);
  const hash = await c.walletClient.sendTransaction({ account: a.alice, to: c.addr('DatanetFactory'), data, value: fee, chain: c.chain });
  assert.equal((await c.publicClient.waitForTransactionReceipt({ hash })).status, 'success');
  await c.send(a.bob, 'DatanetFactory', 'submitContribution', [1n, hash32(1), 'blob://\u0000', 0xffffffff]);
  // a proposal with a NUL in its description, and a vote of no weight with a NUL as its reason
  await c.send(a.admin, 'OPEN', 'transfer', [a.alice, 10n * OPEN]);
  await c.send(a.alice, 'GOPEN', 'deposit', [], OPEN);
  await c.send(a.alice, 'GOPEN', 'delegate', [a.alice]);
  await c.advance(1);
  const calldata = encodeFunctionData({ abi: abiOf('AttributionEngine'), functionName: 'setFeeSplit', args: [1500, 2500] });
  const proposed = await c.send(a.alice, 'OpenLedgerGovernor', 'propose', [[c.addr('AttributionEngine')], [0n], [calldata], 'hostile\u0000']);
  const proposalId = proposed.events.find((e) => e.eventName === 'ProposalCreated')!.args.proposalId as bigint;
  await c.advance(c.deployment.params.votingDelay + 1);
  await c.send(a.carol, 'OpenLedgerGovernor', 'castVoteWithReason', [proposalId, 0, '\u0000']);
  await c.send(a.alice, 'OPEN', 'transfer', [a.bob, 1n]);
  const head = Number(await c.publicClient.getBlockNumber({ cacheTime: 0 }));

  writeState(c);
  indexer = startIndexer({
    DATABASE_URL: settingsToUrl(pg.settings),
    OPENLEDGER_RUNTIME_DIR: process.env.OPENLEDGER_RUNTIME_DIR!,
    FINALITY_CONFIRMATION: '2',
  });
  await waitForHeight(pg.settings, head, { indexer, timeoutMs: 90_000, nudge: () => c.mine() });

  assert.deepEqual(await q('SELECT row_count, uri, uri_raw FROM contribution'), [
    { row_count: '4294967295', uri: 'blob://\uFFFD', uri_raw: toHex('blob://\u0000') },
  ]);
  assert.deepEqual(await q('SELECT name, name_raw, metadata_uri, metadata_uri_raw FROM datanet'), [
    { name: 'data\uFFFDnet', name_raw: toHex('data\u0000net'), metadata_uri: 'A\uFFFD\uFFFD\uFFFD', metadata_uri_raw: NOT_UTF8 },
  ]);
  assert.deepEqual(await q('SELECT description, description_raw FROM proposal'), [{ description: 'hostile\uFFFD', description_raw: toHex('hostile\u0000') }]);
  assert.deepEqual(await q('SELECT voter, weight, reason, reason_raw FROM vote'), [
    { voter: a.carol.toLowerCase(), weight: '0', reason: '\uFFFD', reason_raw: '0x00' },
  ]);
  assert.deepEqual(await q('SELECT count(*)::int AS n FROM quarantined_log'), [{ n: 0 }]);
  assert.deepEqual(await q(`SELECT count(*)::int AS n FROM token_transfer WHERE block_number = ${head}`), [{ n: 1 }], 'the block after them is indexed');
  assert.equal(indexer.child.exitCode, null, 'the processor keeps running');
});
