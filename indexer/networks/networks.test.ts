// Network configs, tested offline: logs built exactly as the real contracts emit them go through
// each network's decoder and handlers into a real (embedded) Postgres. No network calls.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { encodeAbiParameters, encodeEventTopics, keccak256, toHex, type Abi, type Hex } from 'viem';
import { abiOf, CONTRACT_NAMES } from '../../contracts/artifacts.ts';
import type { DevnetState } from '../../devnet/state.ts';
import { PROJECT_ROOT } from '../../lib/runtime.ts';
import { startEmbeddedPostgres, withClient, type RunningPostgres } from '../../db/postgres.ts';
import { logId, type RawLog } from '../decode.ts';
import type { BlockInput } from '../batchHandler.ts';
import { buildProcessor } from '../processor.ts';
import { runBatch } from '../../test/support/harness.ts';
import { devnetNetwork } from './devnet.ts';
import { BSC_OPEN, ETHEREUM_OFT_ADAPTER, ETHEREUM_OPEN, ETHEREUM_OPEN_START } from './ethereum.ts';
import { builtinNetwork, networkFromEnv } from './index.ts';
import { OPENLEDGER_CREDIT_MANAGER, OPENLEDGER_DATANET_FACTORY } from './openledger.ts';
import type { NetworkConfig } from './types.ts';

const OFT_ABI = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'indexer', 'external-abi', 'OFT.json'), 'utf8')) as { abi: Abi }).abi;
const alice = '0x00000000000000000000000000000000000a11ce';
const bob = '0x0000000000000000000000000000000000000b0b';
const zero = '0x0000000000000000000000000000000000000000';

let pg: RunningPostgres;
before(async () => {
  pg = await startEmbeddedPostgres({ fast: true });
});
after(() => pg?.stop());

/** A log as the contract emits it: indexed arguments in topics, the rest ABI-encoded in data. */
function emit(abi: Abi, address: string, eventName: string, args: Record<string, unknown>): Omit<RawLog, 'id' | 'logIndex' | 'transactionIndex' | 'transactionHash'> {
  const event = abi.find((x) => x.type === 'event' && x.name === eventName);
  if (!event || event.type !== 'event') throw new Error(`no event ${eventName}`);
  const topics = encodeEventTopics({ abi: [event], eventName, args: args as never }) as Hex[];
  const plain = event.inputs.filter((i) => !i.indexed);
  const data = encodeAbiParameters(plain, plain.map((i) => args[i.name!]));
  return { address, topics, data };
}

/** One block per call, logs numbered in order, one transaction per log. */
function block(height: number, logs: ReturnType<typeof emit>[]): BlockInput {
  return {
    header: { height, hash: keccak256(toHex(`block ${height}`)), timestamp: 1_700_000_000_000 + height * 1000 },
    logs: logs.map((l, i) => ({
      ...l,
      id: logId(height, i),
      logIndex: i,
      transactionIndex: i,
      transactionHash: keccak256(toHex(`tx ${height} ${i}`)),
    })),
  };
}

async function rows(database: string, sql: string): Promise<Record<string, unknown>[]> {
  return withClient({ ...pg.settings, database }, async (c) => (await c.query(sql)).rows);
}

async function index(name: string, network: NetworkConfig, blocks: BlockInput[]): Promise<string> {
  const { ensureDatabase } = await import('../../db/postgres.ts');
  const settings = await ensureDatabase(pg.settings, name);
  await runBatch(settings, network, blocks);
  return name;
}

/** The log requests a processor was built with: address and block range of each. */
function logRequests(network: NetworkConfig): { address: string[]; from: number }[] {
  const processor = buildProcessor(network) as unknown as { requests: { range: { from: number }; request: { logs?: { address: string[] }[] } }[] };
  return processor.requests.flatMap((r) => (r.request.logs ?? []).map((l) => ({ address: l.address, from: r.range.from })));
}

test('remote networks need RPC_URL; overrides apply; configs build a processor', () => {
  assert.throws(() => builtinNetwork('openledger'), /RPC_URL/);
  assert.throws(() => builtinNetwork('nowhere', 'http://x'), /NETWORK/);
  const mainnet = networkFromEnv({ NETWORK: 'openledger', RPC_URL: 'http://127.0.0.1:1', START_BLOCK: '100', TO_BLOCK: '200', RPC_RATE_LIMIT: '3' });
  assert.equal(mainnet.chainId, 1612);
  assert.equal(mainnet.maxLogRange, 1000);
  assert.equal(mainnet.rpc.rateLimit, 3);
  assert.equal(mainnet.to, 200);
  // unknown starts stay unknown: discovery searches above START_BLOCK
  assert.deepEqual(mainnet.contracts.map((c) => [c.address, c.startBlock, c.notBefore, c.events]), [
    [OPENLEDGER_CREDIT_MANAGER, undefined, 100, ['CreditPurchased']],
    [OPENLEDGER_DATANET_FACTORY, undefined, 100, ['TransactionInitiated']],
  ]);
  const testnet = networkFromEnv({
    NETWORK: 'openledger-testnet',
    RPC_URL: 'http://127.0.0.1:1',
    CONTRACTS: JSON.stringify([{ family: 'CreditManager', address: OPENLEDGER_CREDIT_MANAGER, startBlock: 5, events: ['CreditPurchased'] }]),
  });
  assert.equal(testnet.chainId, 161201);
  assert.deepEqual(testnet.contracts.map((c) => [c.startBlock, c.deployedAt]), [[5, 5]]);
  assert.equal(networkFromEnv({ NETWORK: 'bsc', RPC_URL: 'http://127.0.0.1:1' }).chainId, 56);
  buildProcessor(testnet);
});

test('real start blocks: each contract\'s logs are requested from its own deployment', () => {
  const eth = networkFromEnv({ NETWORK: 'ethereum', RPC_URL: 'http://127.0.0.1:1' });
  assert.deepEqual(logRequests(eth), [
    { address: [ETHEREUM_OPEN], from: 22846566 },
    { address: [ETHEREUM_OFT_ADAPTER], from: 23225806 },
  ]);
  const bsc = networkFromEnv({ NETWORK: 'bsc', RPC_URL: 'http://127.0.0.1:1' });
  assert.deepEqual(logRequests(bsc), [
    { address: [BSC_OPEN], from: 58959063 },
    { address: [BSC_OPEN], from: 58959063 },
  ]);
  for (const c of [...eth.contracts, ...bsc.contracts]) assert.equal(c.deployedAt, c.startBlock);
  // START_BLOCK raises the starts below it only; a raised start is no longer the deployment
  const raised = networkFromEnv({ NETWORK: 'ethereum', RPC_URL: 'http://127.0.0.1:1', START_BLOCK: '23000000' });
  assert.deepEqual(logRequests(raised).map((r) => r.from), [23000000, 23225806]);
  assert.deepEqual(raised.contracts.map((c) => c.deployedAt), [22846566, 23225806]);
});

test('OpenLedger mainnet: start blocks unknown until discovery; the processor refuses to guess block 0', () => {
  const mainnet = networkFromEnv({ NETWORK: 'openledger', RPC_URL: 'http://127.0.0.1:1' });
  assert.deepEqual(mainnet.contracts.map((c) => c.startBlock), [undefined, undefined]);
  assert.throws(() => buildProcessor(mainnet), /^Error: CreditManager 0x6a2dbd72ad8441a57f6a98521d1fee199be22d15: start block unknown \(resolveStartBlocks finds it at start\)$/);
});

test('testnet without CONTRACTS: says what to set, with an example that works', () => {
  const env = { NETWORK: 'openledger-testnet', RPC_URL: 'http://127.0.0.1:1' };
  // what a user sees: one line on stderr, no stack, exit 1
  const program = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'indexer', 'main.ts')], {
    cwd: PROJECT_ROOT, env: { ...process.env, ...env, CONTRACTS: '' }, encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(program.status, 1);
  assert.match(program.stderr, /^indexer: network openledger-testnet: no contracts to watch; set CONTRACTS to .* e\.g\. CONTRACTS='\[\{"family":"CreditManager","address":"0x<40 hex digits>","startBlock":123456,"events":\["CreditPurchased"\]\}\]' \(startBlock optional: found on chain when absent; events optional: every event of the family\)\n$/);
  assert.throws(() => networkFromEnv(env), (err: Error) => {
    assert.match(err.message, /^network openledger-testnet: no contracts to watch; set CONTRACTS to the contracts' family, address and \(optionally\) first block, e\.g\. CONTRACTS='\[/);
    // the example, with a real address in place of the placeholder, is a working setting
    const example = /CONTRACTS='([^']+)'/.exec(err.message)![1]!.replace('0x<40 hex digits>', OPENLEDGER_CREDIT_MANAGER);
    const net = networkFromEnv({ ...env, CONTRACTS: example });
    assert.deepEqual(net.contracts, [{ family: 'CreditManager', address: OPENLEDGER_CREDIT_MANAGER, startBlock: 123456, deployedAt: 123456, events: ['CreditPurchased'] }]);
    return true;
  });
  // without startBlock: found on chain at start
  const discovered = networkFromEnv({ ...env, CONTRACTS: JSON.stringify([{ family: 'DatanetFactory', address: OPENLEDGER_DATANET_FACTORY }]) });
  assert.deepEqual(discovered.contracts, [{ family: 'DatanetFactory', address: OPENLEDGER_DATANET_FACTORY }]);
  assert.throws(() => networkFromEnv({ ...env, CONTRACTS: '[{family:1}]' }), /^Error: CONTRACTS: expected JSON \(.*\), e\.g\. CONTRACTS='\[/);
  assert.throws(() => networkFromEnv({ ...env, CONTRACTS: '{}' }), /^Error: CONTRACTS: expected a JSON array, e\.g\./);
  assert.throws(() => networkFromEnv({ ...env, CONTRACTS: '[{"family":"CreditManager","address":"0x6a2dbd72ad8441a57f6a98521d1fee199be22d15","startBlock":"12"}]' }),
    /^Error: CONTRACTS\[0\]\.startBlock: expected a non-negative integer block number \(or no startBlock: found on chain\), got "12"$/);
});

test('devnet: every contract of the state file, over ws, finality above the deepest test reorg', () => {
  const state = {
    chainId: 31337,
    rpcUrl: 'http://127.0.0.1:8545',
    wsUrl: 'ws://127.0.0.1:8545',
    contracts: Object.fromEntries(
      CONTRACT_NAMES.map((name, i) => [name, { address: `0x${(i + 1).toString(16).padStart(40, '0')}`, startBlock: i + 1 }]),
    ),
  } as unknown as DevnetState;
  const net = devnetNetwork(state);
  assert.equal(net.rpc.url, 'ws://127.0.0.1:8545');
  assert.ok(net.finality > 30, `finality ${net.finality}`);
  assert.deepEqual(net.contracts.map((c) => c.family), [...CONTRACT_NAMES]);
  buildProcessor(net);
});

test('OpenLedger mainnet: CreditPurchased and TransactionInitiated as emitted', async () => {
  const net = builtinNetwork('openledger', 'http://127.0.0.1:1');
  const txId = keccak256(toHex('transaction 1'));
  const db = await index('mainnet', net, [
    block(10, [
      emit(abiOf('CreditManager'), OPENLEDGER_CREDIT_MANAGER, 'CreditPurchased', { user: alice, amountPaid: 5n, creditAmount: 5000n }),
      emit(abiOf('DatanetFactory'), OPENLEDGER_DATANET_FACTORY, 'TransactionInitiated', { transactionId: txId, user: bob, amount: 7n }),
    ]),
    block(11, [emit(abiOf('CreditManager'), OPENLEDGER_CREDIT_MANAGER, 'CreditPurchased', { user: alice, amountPaid: 1n, creditAmount: 1000n })]),
  ]);
  assert.deepEqual(await rows(db, 'SELECT "user", amount_paid, credit_amount, block_number, log_index FROM credit_purchase ORDER BY id'), [
    { user: alice, amount_paid: '5', credit_amount: '5000', block_number: 10, log_index: 0 },
    { user: alice, amount_paid: '1', credit_amount: '1000', block_number: 11, log_index: 0 },
  ]);
  assert.deepEqual(await rows(db, 'SELECT transaction_id, "user", amount FROM datanet_transaction'), [
    { transaction_id: txId, user: bob, amount: '7' },
  ]);
  assert.deepEqual(await rows(db, `SELECT credit_balance, credits_purchased FROM account WHERE id = '${alice}'`), [{ credit_balance: '6000', credits_purchased: '6000' }]);
  assert.deepEqual(await rows(db, 'SELECT id, count FROM event_count ORDER BY id'), [
    { id: 'CreditManager.CreditPurchased', count: 2 },
    { id: 'DatanetFactory.TransactionInitiated', count: 1 },
  ]);
  assert.deepEqual(await rows(db, 'SELECT count(*)::int AS n FROM decode_failure'), [{ n: 0 }]);
});

test('Ethereum: OPEN transfers and approvals, OFT adapter sends and receives', async () => {
  const net = builtinNetwork('ethereum', 'http://127.0.0.1:1');
  const guid = keccak256(toHex('guid'));
  const db = await index('ethereum', net, [
    block(ETHEREUM_OPEN_START, [
      emit(abiOf('OPEN'), ETHEREUM_OPEN, 'Transfer', { from: zero, to: alice, value: 1000n }),
      emit(abiOf('OPEN'), ETHEREUM_OPEN, 'Approval', { owner: alice, spender: ETHEREUM_OFT_ADAPTER, value: 400n }),
      emit(abiOf('OPEN'), ETHEREUM_OPEN, 'Transfer', { from: alice, to: ETHEREUM_OFT_ADAPTER, value: 400n }),
      emit(OFT_ABI, ETHEREUM_OFT_ADAPTER, 'OFTSent', { guid, dstEid: 30102, fromAddress: alice, amountSentLD: 400n, amountReceivedLD: 400n }),
      emit(OFT_ABI, ETHEREUM_OFT_ADAPTER, 'OFTReceived', { guid, srcEid: 30102, toAddress: bob, amountReceivedLD: 50n }),
    ]),
  ]);
  assert.deepEqual(await rows(db, 'SELECT id, open_balance FROM account ORDER BY id'), [
    { id: alice, open_balance: '600' },
    { id: ETHEREUM_OFT_ADAPTER, open_balance: '400' },
  ]);
  assert.deepEqual(await rows(db, "SELECT total_supply, holder_count, transfer_count FROM token WHERE id = 'OPEN'"), [
    { total_supply: '1000', holder_count: 2, transfer_count: 2 },
  ]);
  assert.deepEqual(await rows(db, 'SELECT owner, spender, value FROM token_approval'), [{ owner: alice, spender: ETHEREUM_OFT_ADAPTER, value: '400' }]);
  assert.deepEqual(await rows(db, 'SELECT direction, remote_eid, account, amount_sent, amount_received FROM bridge_transfer ORDER BY id'), [
    { direction: 'SENT', remote_eid: '30102', account: alice, amount_sent: '400', amount_received: '400' },
    { direction: 'RECEIVED', remote_eid: '30102', account: bob, amount_sent: null, amount_received: '50' },
  ]);
});

test('BSC: one address is both the OPEN ERC-20 and the OFT', async () => {
  const net = builtinNetwork('bsc', 'http://127.0.0.1:1');
  const db = await index('bsc', net, [
    block(1, [
      emit(abiOf('OPEN'), BSC_OPEN, 'Transfer', { from: zero, to: bob, value: 75n }),
      emit(OFT_ABI, BSC_OPEN, 'OFTReceived', { guid: keccak256(toHex('g2')), srcEid: 30101, toAddress: bob, amountReceivedLD: 75n }),
    ]),
  ]);
  assert.deepEqual(await rows(db, 'SELECT id, name, event_count FROM contract'), [{ id: BSC_OPEN, name: 'OPEN', event_count: 2 }]);
  assert.deepEqual(await rows(db, 'SELECT id, count FROM event_count ORDER BY id'), [
    { id: 'OFT.OFTReceived', count: 1 },
    { id: 'OPEN.Transfer', count: 1 },
  ]);
});

test('a watched log that does not decode is recorded with its block, transaction and index', async () => {
  const net = builtinNetwork('openledger', 'http://127.0.0.1:1');
  const good = emit(abiOf('CreditManager'), OPENLEDGER_CREDIT_MANAGER, 'CreditPurchased', { user: alice, amountPaid: 1n, creditAmount: 1000n });
  const short = { ...good, data: good.data.slice(0, 2 + 40) as Hex };
  const db = await index('failures', net, [block(20, [short, good])]);
  const failures = await rows(db, 'SELECT block_number, tx_hash, log_index, address, topic0, error FROM decode_failure');
  assert.equal(failures.length, 1);
  assert.equal(failures[0]!.block_number, 20);
  assert.equal(failures[0]!.tx_hash, keccak256(toHex('tx 20 0')));
  assert.equal(failures[0]!.log_index, 0);
  assert.equal(failures[0]!.address, OPENLEDGER_CREDIT_MANAGER);
  assert.equal(failures[0]!.topic0, good.topics[0]);
  assert.match(String(failures[0]!.error), /CreditPurchased/);
  assert.deepEqual(await rows(db, 'SELECT count(*)::int AS n FROM credit_purchase'), [{ n: 1 }]);
});

test('RPC_URL: a clear error for what the client could not use, without the URL\'s secrets', () => {
  assert.throws(() => networkFromEnv({ NETWORK: 'ethereum', RPC_URL: 'ftp://user:s3cret-pass@host/k3y0123456789abcdef' }), (err: Error) => {
    assert.equal(err.message, 'RPC_URL: expected an http(s):// or ws(s):// URL, got a ftp: URL (ftp://host/***)');
    return true;
  });
  assert.throws(() => networkFromEnv({ NETWORK: 'ethereum', RPC_URL: 'k3y0123456789abcdef' }), /RPC_URL: expected an http\(s\):\/\/ or ws\(s\):\/\/ URL, got something that does not parse as a URL$/);
});
