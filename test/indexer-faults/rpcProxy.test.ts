// The processor behind a faulty RPC proxy on loopback (test/support/faultyRpcProxy.ts: dropped
// connections, HTTP 500, delayed replies, from a seeded RNG) retries and completes, and its database
// equals, row for row, that of a processor reading anvil directly over the same live chain. Both
// transports are tested: ws (the devnet's: faults on the handshake and on the open socket) and http
// (what remote networks use: faults per request).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { hash32, setup, type Ctx } from '../support/contracts.ts';
import { ensureDatabase, settingsToUrl, startEmbeddedPostgres, type RunningPostgres } from '../../db/postgres.ts';
import { waitForHeight, type IndexerProcess } from '../support/indexerProcess.ts';
import { actors, runScenario, writeState } from '../support/scenario.ts';
import { startFaultyRpcProxy, type FaultyRpcProxy, type FaultyRpcProxyOptions } from '../support/faultyRpcProxy.ts';
import { assertSameRows, Cleanup, tempRuntime, trackedIndexer } from '../support/indexerRuns.ts';

const cleanup = new Cleanup();
let pg: RunningPostgres;
let c: Ctx;
let env: Record<string, string>;

const head = async () => Number(await c.publicClient.getBlockNumber({ cacheTime: 0 }));
const rpcBody = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] });
const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: rpcBody });

before(async () => {
  env = { OPENLEDGER_RUNTIME_DIR: tempRuntime(cleanup, 'rpc-proxy') }; // devnet defaults: finality 32
  [pg, c] = await Promise.all([
    cleanup.track(startEmbeddedPostgres({ fast: true }), (p) => p.stop()),
    cleanup.track(setup(), (ctx) => ctx.stop()),
  ]);
  await runScenario(c);
  writeState(c);
});

after(() => cleanup.run());

async function proxy(options: Omit<FaultyRpcProxyOptions, 'target'>): Promise<FaultyRpcProxy> {
  return cleanup.track(startFaultyRpcProxy({ target: c.anvil.rpcUrl, ...options }), (p) => p.close());
}

/** The status line a WebSocket handshake through `wsUrl` gets. */
function handshakeStatus(wsUrl: string): Promise<string> {
  const { hostname, port } = new URL(wsUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    socket.once('data', (chunk) => {
      resolve(chunk.toString().split('\r\n')[0]!);
      socket.destroy();
    });
    socket.once('error', reject);
    socket.once('close', () => resolve('closed'));
  });
}

test('the proxy injects what it counts: HTTP 500, dropped connections, delays, refused handshakes', async () => {
  const failing = await proxy({ seed: 1, http: { error500: 1 }, upgrade: { error500: 1 }, maxFailuresInRow: 1000 });
  assert.equal((await post(failing.httpUrl)).status, 500);
  assert.match(await handshakeStatus(failing.wsUrl), /^HTTP\/1\.1 500 /);
  assert.deepEqual([failing.counts.http.error500, failing.counts.upgrade.error500], [1, 1]);

  const dropping = await proxy({ seed: 2, http: { drop: 1 }, maxFailuresInRow: 1000 });
  await assert.rejects(post(dropping.httpUrl), 'a dropped connection fails the request');
  assert.equal(dropping.total('drop'), 1);

  const slow = await proxy({ seed: 3, http: { delay: 1 }, delayMs: [300, 300] });
  const started = Date.now();
  const res = await post(slow.httpUrl);
  assert.deepEqual([res.status, ((await res.json()) as { result: string }).result], [200, '0x7a69']);
  assert.ok(Date.now() - started >= 290, `the reply is delayed (${Date.now() - started} ms)`);
  assert.match(await handshakeStatus(slow.wsUrl), /^HTTP\/1\.1 101 /, 'a clean handshake is forwarded to anvil');
  assert.equal(slow.counts.http.delay, 1);
});

/** One transaction per block while the processors run: the head moves under the faults. */
async function liveTraffic(blocks: number, salt: number): Promise<void> {
  const a = actors(c);
  for (let i = 0; i < blocks; i++) {
    if (i % 3 === 0) await c.send(a.alice, 'OPEN', 'transfer', [a.bob, BigInt(salt + i)]);
    else if (i % 3 === 1) await c.send(a.user, 'CreditManager', 'buyCredits', [], BigInt(salt + i));
    else {
      await c.send(a.attributor, 'AttributionEngine', 'recordInference', [{
        modelId: 1n, modelVersion: 1n, user: a.user, inputHash: hash32(salt + i), inputURI: `blob://proxy${salt + i}`,
        outputHash: hash32(salt + i + 1), contributionIds: [1n, 3n], shares: [700_000_000, 300_000_000],
      }]);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A processor through the proxy (`rpcUrl`) and one reading anvil directly (the devnet's ws URL),
 * side by side into two databases while live traffic adds blocks; both are then run to the same
 * head and compared row for row.
 */
async function indexThroughProxy(label: string, rpcUrl: string, salt: number): Promise<IndexerProcess> {
  const proxied = await ensureDatabase(pg.settings, `${label}_proxied`);
  const direct = await ensureDatabase(pg.settings, `${label}_direct`);
  const viaProxy = trackedIndexer(cleanup, { ...env, DATABASE_URL: settingsToUrl(proxied), RPC_URL: rpcUrl });
  const straight = trackedIndexer(cleanup, { ...env, DATABASE_URL: settingsToUrl(direct) });
  await liveTraffic(24, salt);
  const target = await head();
  const nudge = () => c.mine();
  await Promise.all([
    waitForHeight(proxied, target, { indexer: viaProxy, timeoutMs: 120_000, nudge, nudgeAfterMs: 1000 }),
    waitForHeight(direct, target, { indexer: straight, timeoutMs: 120_000, nudge, nudgeAfterMs: 1000 }),
  ]);
  // The nudges mined empty blocks: both must have seen the same chain before they are compared.
  const final = await head();
  await Promise.all([
    waitForHeight(proxied, final, { indexer: viaProxy, timeoutMs: 60_000 }),
    waitForHeight(direct, final, { indexer: straight, timeoutMs: 60_000 }),
  ]);
  assert.equal(viaProxy.child.exitCode, null, 'the processor behind the proxy is still running');
  await Promise.all([viaProxy.stop(), straight.stop()]);
  await assertSameRows(proxied, direct, `${label}: through the faulty proxy vs directly`);
  return viaProxy;
}

const retries = (indexer: IndexerProcess) => indexer.lines.filter((l) => l.includes('connection failure')).length;

test('over ws through the proxy (refused and dropped sockets, delayed frames) the processor retries and ends in the same state', async (t) => {
  const p = await proxy({ seed: 41, eachKindEarly: true, upgrade: { error500: 0.4, drop: 0.2 }, stream: { drop: 0.04, delay: 0.25 } });
  const indexer = await indexThroughProxy('ws', p.wsUrl, 0xc0000);
  t.diagnostic(`ws faults: ${JSON.stringify(p.counts)}; processor retries logged: ${retries(indexer)}`);
  assert.ok(p.counts.upgrade.error500 > 0, 'some handshakes were answered with HTTP 500');
  assert.ok(p.counts.upgrade.drop + p.counts.stream.drop > 0, 'some connections were dropped');
  assert.ok(p.counts.stream.delay > 0, 'some replies were delayed');
  assert.ok(retries(indexer) > 0, 'the processor logged its retries');
});

test('over http through the proxy (HTTP 500, dropped connections, delayed replies) the processor retries and ends in the same state', async (t) => {
  const p = await proxy({ seed: 42, eachKindEarly: true, http: { drop: 0.06, error500: 0.06, delay: 0.25 } });
  const indexer = await indexThroughProxy('http', p.httpUrl, 0xd0000);
  t.diagnostic(`http faults: ${JSON.stringify(p.counts)}; processor retries logged: ${retries(indexer)}`);
  for (const kind of ['drop', 'error500', 'delay'] as const) assert.ok(p.counts.http[kind] > 0, `some requests got the fault ${kind}`);
  assert.ok(retries(indexer) > 0, 'the processor logged its retries');
});
