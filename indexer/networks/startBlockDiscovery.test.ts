// Start-block discovery on a real anvil: contracts deployed after hundreds of empty blocks are found
// at the block their deployment receipt names, in a logarithmic number of eth_getCode calls; a
// contract missing at the head and a failing RPC give clear errors (the URL's key redacted); the
// value found is remembered in a real Postgres and reused on restart, never for another chain or
// address. The RPC goes through a loopback HTTP proxy that counts calls by method and can answer 500.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startAnvil, type Anvil } from '../../devnet/anvil.ts';
import { rpcCall } from '../../lib/rpc.ts';
import { ensureDatabase, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from '../../db/postgres.ts';
import { retryingRpc } from './retryingRpc.ts';
import { findDeploymentBlock, resolveStartBlocks } from './startBlockDiscovery.ts';
import { START_TABLE } from './startBlockMemory.ts';
import type { NetworkConfig } from './types.ts';

/** Init code that deploys one byte of runtime code (STOP): CODECOPY it to memory and RETURN it. */
const DEPLOY_ONE_BYTE = '0x6001600c60003960016000f300';
const KEY = 'k3y0123456789abcdef';
const SCHEMA = 'discovery_state';

let anvil: Anvil;
let pg: RunningPostgres;
let db: DbSettings;
let proxy: Server;
let proxyUrl: string;
/** calls per method through the proxy */
const calls = new Map<string, number>();
/** how many of the next requests the proxy answers with HTTP 500 (Infinity: all) */
let failNext = 0;

async function deploy(): Promise<{ address: string; block: number }> {
  const [from] = await rpcCall<string[]>(anvil.rpcUrl, 'eth_accounts');
  const tx = await rpcCall<string>(anvil.rpcUrl, 'eth_sendTransaction', [{ from, data: DEPLOY_ONE_BYTE }]);
  type Receipt = { contractAddress: string; blockNumber: string };
  let receipt: Receipt | null = null;
  for (let i = 0; i < 100 && !receipt; i++) {
    receipt = await rpcCall<Receipt | null>(anvil.rpcUrl, 'eth_getTransactionReceipt', [tx]);
    if (!receipt) await new Promise((r) => setTimeout(r, 50));
  }
  if (!receipt) throw new Error(`no receipt for the deployment ${tx}`);
  return { address: receipt.contractAddress.toLowerCase(), block: Number(receipt.blockNumber) };
}

const mine = (n: number) => rpcCall(anvil.rpcUrl, 'anvil_mine', [`0x${n.toString(16)}`]);
const getCodeCalls = () => calls.get('eth_getCode') ?? 0;
const rpc = () => retryingRpc(proxyUrl, { retryDelaysMs: [10, 10, 10] });

let first: { address: string; block: number };
let second: { address: string; block: number };
let third: { address: string; block: number };

before(async () => {
  [anvil, pg] = await Promise.all([startAnvil(), startEmbeddedPostgres({ fast: true })]);
  db = await ensureDatabase(pg.settings, 'discovery');
  await mine(300);
  first = await deploy();
  await mine(737);
  second = await deploy();
  await mine(20);
  third = await deploy();
  await mine(20);
  // a provider whose URL carries a key in its path: the proxy forwards it to anvil's root
  proxy = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const method = (JSON.parse(body) as { method: string }).method;
      calls.set(method, (calls.get(method) ?? 0) + 1);
      if (req.url !== `/${KEY}`) return void res.writeHead(401).end('unknown key');
      if (failNext > 0) {
        failNext--;
        return void res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream overloaded');
      }
      fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()))
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/${KEY}`;
});

after(async () => {
  proxy?.close();
  await Promise.all([anvil?.stop(), pg?.stop()]);
});

test('the deployment block from the receipt, in about log2(head) eth_getCode calls', async () => {
  const head = Number(await rpcCall<string>(anvil.rpcUrl, 'eth_blockNumber'));
  assert.ok(first.block > 300 && second.block > first.block + 700, `deployed at ${first.block}, ${second.block}`);
  for (const c of [first, second]) {
    const before = getCodeCalls();
    const found = await findDeploymentBlock(rpc(), c.address);
    assert.equal(found.block, c.block);
    assert.equal(found.head, head);
    assert.equal(getCodeCalls() - before, found.calls);
    // the head, then one call per halving of [-1, head]
    assert.ok(found.calls <= Math.ceil(Math.log2(head + 2)) + 1, `${found.calls} calls for a head of ${head}`);
    assert.equal(await rpcCall(anvil.rpcUrl, 'eth_getCode', [c.address, `0x${(c.block - 1).toString(16)}`]), '0x');
  }
});

test('searching above a lower bound (START_BLOCK): the deployment when later, else the bound and no deployment', async () => {
  const later = await findDeploymentBlock(rpc(), second.address, first.block);
  assert.deepEqual([later.block, later.exact], [second.block, true]);
  assert.ok(later.calls <= Math.ceil(Math.log2(later.head - first.block + 2)) + 2, `${later.calls} calls`);
  const before = getCodeCalls();
  assert.deepEqual(await findDeploymentBlock(rpc(), first.address, second.block), { block: second.block, exact: false, calls: 2, head: later.head });
  assert.equal(getCodeCalls() - before, 2);
  // a bound above the head (a START_BLOCK not reached yet): start there, after one call at the head
  assert.deepEqual(await findDeploymentBlock(rpc(), first.address, later.head + 100), { block: later.head + 100, exact: false, calls: 1, head: later.head });
});

test('a contract without code at the head: a clear error, after one eth_getCode', async () => {
  const nowhere = '0x00000000000000000000000000000000deadbeef';
  const before = getCodeCalls();
  await assert.rejects(findDeploymentBlock(rpc(), nowhere), /^Error: start block of 0x0+deadbeef: no contract code at 0x0+deadbeef at the head \(block \d+\): check the address and that RPC_URL serves the right network$/);
  assert.equal(getCodeCalls() - before, 1);
});

test('RPC failures: retried; one that goes on is a clear error without the URL\'s key', async () => {
  failNext = 2;
  assert.equal((await findDeploymentBlock(rpc(), first.address)).block, first.block);
  assert.equal(failNext, 0);
  failNext = Infinity;
  try {
    await assert.rejects(findDeploymentBlock(rpc(), first.address), (err: Error) => {
      assert.match(err.message, /^eth_blockNumber at http:\/\/127\.0\.0\.1:\d+\/\*\*\* failed 4 times; last: .*HTTP 500 upstream overloaded$/);
      assert.ok(!err.message.includes(KEY), err.message);
      return true;
    });
    // a failure in the middle of the bisection names the block and what to do instead
    failNext = 0;
    const flaky = retryingRpc(proxyUrl, { retryDelaysMs: [] });
    const startedAt = getCodeCalls();
    const failing = { call: <T>(method: string, params?: unknown[]) => {
      if (method === 'eth_getCode' && getCodeCalls() - startedAt >= 3) failNext = Infinity;
      return flaky.call<T>(method, params);
    } };
    await assert.rejects(findDeploymentBlock(failing, first.address), (err: Error) => {
      assert.match(err.message, /^start block of 0x[0-9a-f]{40}: eth_getCode at block \d+ failed \(.*HTTP 500.*\)\. Discovery needs state at old blocks \(an archive node\); or give the start block: a startBlock in CONTRACTS$/);
      assert.ok(!err.message.includes(KEY), err.message);
      return true;
    });
  } finally {
    failNext = 0;
  }
});

function network(contracts: NetworkConfig['contracts'], chainId = anvil.chainId): NetworkConfig {
  return { name: 'test', chainId, finality: 0, rpc: { url: proxyUrl }, contracts };
}

test('found once, remembered in the state schema, reused on restart; never for another chain or address', async () => {
  // a value remembered for the second contract on another chain must not be taken
  await withClient(db, async (c) => {
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await c.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.${START_TABLE} (chain_id bigint NOT NULL, address text NOT NULL, start_block bigint NOT NULL, found_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (chain_id, address))`);
    await c.query(`INSERT INTO ${SCHEMA}.${START_TABLE} (chain_id, address, start_block) VALUES (999, $1, 7)`, [second.address]);
  });
  const config = network([
    { family: 'OPEN', address: first.address },
    { family: 'OFT', address: first.address },
    { family: 'CreditManager', address: second.address, events: ['CreditPurchased'] },
    { family: 'GOPEN', address: '0x000000000000000000000000000000000000abcd', startBlock: 5 },
    // START_BLOCK above the first contract's deployment: starts there, deployment unknown, nothing remembered
    { family: 'WOPEN', address: third.address, notBefore: third.block + 10 },
  ]);
  const before = getCodeCalls();
  const resolved = await resolveStartBlocks(config, { db, stateSchema: SCHEMA, rpc: rpc() });
  const searched = getCodeCalls() - before;
  assert.deepEqual(resolved.contracts.map((c) => [c.family, c.startBlock, c.deployedAt]), [
    ['OPEN', first.block, first.block],
    ['OFT', first.block, first.block],
    ['CreditManager', second.block, second.block],
    ['GOPEN', 5, undefined],
    ['WOPEN', third.block + 10, undefined],
  ]);
  assert.deepEqual(resolved.contracts[2]!.events, ['CreditPurchased']);
  // two searches (the OFT shares the OPEN's address: remembered by then), each about log2(head), and two calls for WOPEN
  assert.ok(searched >= 2 * 10 + 2 && searched <= 2 * 12 + 2, `${searched} eth_getCode calls`);
  const stored = await withClient(db, async (c) => (await c.query(`SELECT chain_id::int, address, start_block::int FROM ${SCHEMA}.${START_TABLE} ORDER BY chain_id, address`)).rows);
  assert.deepEqual(stored, [
    { chain_id: anvil.chainId, address: first.address, start_block: first.block },
    { chain_id: anvil.chainId, address: second.address, start_block: second.block },
    { chain_id: 999, address: second.address, start_block: 7 },
  ].sort((a, b) => a.chain_id - b.chain_id || a.address.localeCompare(b.address)));

  const restart = getCodeCalls();
  const again = await resolveStartBlocks(config, { db, stateSchema: SCHEMA, rpc: rpc() });
  // only WOPEN's two calls again: its deployment was not found, so nothing was remembered
  assert.equal(getCodeCalls() - restart, 2);
  assert.deepEqual(again.contracts, resolved.contracts);
  // a remembered deployment below START_BLOCK: the start is raised, the deployment kept (a partial history)
  const raised = await resolveStartBlocks(network([{ family: 'OPEN', address: first.address, notBefore: first.block + 3 }]), { db, stateSchema: SCHEMA, rpc: rpc() });
  assert.deepEqual(raised.contracts.map((c) => [c.startBlock, c.deployedAt]), [[first.block + 3, first.block]]);
});

test('an RPC of another chain is refused before anything is searched', async () => {
  const before = getCodeCalls();
  await assert.rejects(
    resolveStartBlocks(network([{ family: 'OPEN', address: first.address }], 1612), { db, stateSchema: SCHEMA, rpc: rpc() }),
    /^Error: network test: expected chain id 1612, the RPC serves chain 31337: check RPC_URL and NETWORK$/,
  );
  assert.equal(getCodeCalls() - before, 0);
});
