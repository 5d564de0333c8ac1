// Measuring finality on a real anvil, which answers the `finalized` tag as a beacon chain would:
// two epochs (2 x --slots-in-an-epoch blocks) behind the head, block 0 while the chain is shorter.
// A node that does not answer the tag (an error, or no block) gives a clear fallback. `npm run
// finality` prints the measure as one JSON line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startAnvil, type Anvil } from '../../devnet/anvil.ts';
import { rpcCall } from '../../lib/rpc.ts';
import { PROJECT_ROOT } from '../../lib/runtime.ts';
import { adviseFinality, measureFinality } from './finalityDepth.ts';
import { retryingRpc } from './retryingRpc.ts';

const SLOTS = 5;
let anvil: Anvil;
let defaultAnvil: Anvil;
let node: Server;
let nodeUrl: string;
/** how the constructed node answers `finalized`: an error or null */
let finalizedReply: 'error' | 'null' = 'error';

before(async () => {
  [anvil, defaultAnvil] = await Promise.all([startAnvil({ args: ['--slots-in-an-epoch', String(SLOTS)] }), startAnvil()]);
  node = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const { id, params } = JSON.parse(body) as { id: number; params: unknown[] };
      const reply = params[0] === 'latest' ? { result: { number: '0x3e8' } }
        : finalizedReply === 'null' ? { result: null } : { error: { code: -32602, message: 'invalid block tag finalized' } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, ...reply }));
    });
  });
  await new Promise<void>((r) => node.listen(0, '127.0.0.1', r));
  nodeUrl = `http://127.0.0.1:${(node.address() as AddressInfo).port}`;
});

after(async () => {
  node?.closeAllConnections();
  node?.close();
  await Promise.all([anvil?.stop(), defaultAnvil?.stop()]);
});

const mine = (a: Anvil, n: number) => rpcCall(a.rpcUrl, 'anvil_mine', [`0x${n.toString(16)}`]);

test('anvil: latest - finalized is two epochs once the chain is longer, the whole chain before', async () => {
  await mine(anvil, 7);
  assert.deepEqual(await measureFinality(retryingRpc(anvil.rpcUrl)), { latest: 7, finalized: 0, distance: 7 });
  await mine(anvil, 43);
  assert.deepEqual(await measureFinality(retryingRpc(anvil.rpcUrl)), { latest: 50, finalized: 50 - 2 * SLOTS, distance: 2 * SLOTS });
});

test('advice: a shallower configured depth is a warning that says what to set', async () => {
  const measure = await measureFinality(retryingRpc(anvil.rpcUrl));
  assert.deepEqual(adviseFinality(measure, 4), {
    level: 'warn',
    message: 'the chain finalizes 10 blocks behind its head, deeper than the hot-block depth 4: a reorg between them could not be undone; set FINALITY_CONFIRMATION to at least 10',
  });
  assert.deepEqual(adviseFinality(measure, 10), { level: 'info', message: 'the chain finalizes 10 blocks behind its head, within the hot-block depth 10' });
});

test('a node without the finalized tag: the configured depth stays, and the log says why', async () => {
  finalizedReply = 'error';
  const refused = await measureFinality(retryingRpc(nodeUrl, { retryDelaysMs: [] }));
  assert.deepEqual(refused, { latest: 1000, unavailable: 'the RPC does not answer the "finalized" tag (eth_getBlockByNumber: invalid block tag finalized)' });
  assert.deepEqual(adviseFinality(refused, 1800), {
    level: 'info',
    message: 'the RPC does not answer the "finalized" tag (eth_getBlockByNumber: invalid block tag finalized): the hot-block depth stays the configured 1800 (see docs/indexer.md, Finality)',
  });
  finalizedReply = 'null';
  assert.deepEqual(await measureFinality(retryingRpc(nodeUrl, { retryDelaysMs: [] })), { latest: 1000, unavailable: 'the RPC answered the "finalized" tag with no block' });
});

test('npm run finality: one JSON line with the measure and the advice for the network\'s depth', async () => {
  await mine(defaultAnvil, 100);
  // anvil's default epoch is 32 slots: finalized two epochs (64 blocks) behind, Ethereum's own depth
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'indexer', 'networks', 'finalityMain.ts')], {
    cwd: PROJECT_ROOT, env: { ...process.env, NETWORK: 'ethereum', RPC_URL: defaultAnvil.rpcUrl }, encoding: 'utf8', timeout: 60_000,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').at(-1)!), {
    network: 'ethereum', chainId: 1, latest: 100, finalized: 36, distance: 64, finality: 64,
    advice: 'the chain finalizes 64 blocks behind its head, within the hot-block depth 64',
  });
});
