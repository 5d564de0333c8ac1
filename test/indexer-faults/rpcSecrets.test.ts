// An RPC URL that carries an API key (in the path, the query and the user info) never shows: the
// processor reads anvil through a loopback proxy that only lets such a key through and answers some
// requests with HTTP 500 or drops them (so the RPC client logs its failures and retries), with
// every debug log of the RPC and HTTP clients on; its whole stdout and stderr and its Prometheus
// metrics must not contain any part of the key. The metrics listen on loopback only. `npm run
// reconcile` refused by the provider (a wrong key) says so without showing the key either.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setup, type Ctx } from '../../contracts/test/helpers.ts';
import { settingsToUrl, startEmbeddedPostgres, type RunningPostgres } from '../../db/postgres.ts';
import { PROJECT_ROOT } from '../../devnet/runtime.ts';
import { prometheusPort, waitForHeight } from '../../indexer/testing/indexer.ts';
import { runScenario, writeState } from '../../indexer/testing/scenario.ts';
import { accepts, externalAddress } from '../support/externalAddress.ts';
import { startFaultyRpcProxy, type FaultyRpcProxy } from '../support/faultyRpcProxy.ts';
import { Cleanup, eventually, tempRuntime, trackedIndexer } from '../support/indexerRuns.ts';

const cleanup = new Cleanup();
let pg: RunningPostgres;
let c: Ctx;
let proxy: FaultyRpcProxy;
let runtime: string;

// a fresh key per run, so a match can only come from this run's URL
const token = `secret-token-${randomBytes(8).toString('hex')}`;
const apiKey = `apikey${randomBytes(8).toString('hex')}`;
const password = `pw${randomBytes(8).toString('hex')}`;
const secrets = [token, apiKey, password];

before(async () => {
  [pg, c] = await Promise.all([
    cleanup.track(startEmbeddedPostgres({ fast: true }), (p) => p.stop()),
    cleanup.track(setup(), (ctx) => ctx.stop()),
  ]);
  await runScenario(c);
  proxy = await cleanup.track(
    startFaultyRpcProxy({
      target: c.anvil.rpcUrl,
      seed: 8,
      eachKindEarly: true,
      http: { error500: 0.08, drop: 0.04 },
      gate: { path: `/v2/${token}`, query: `apikey=${apiKey}`, basic: `reader:${password}` },
    }),
    (p) => p.close(),
  );
});

after(() => cleanup.run());

test('the proxy lets only the key through', async () => {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] });
  const post = (url: string, auth?: string) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}) } });
  const before = proxy.rejected();
  assert.equal((await post(`${proxy.httpUrl}/v2/${token}?apikey=${apiKey}`)).status, 401, 'no credentials');
  assert.equal((await post(`${proxy.httpUrl}/v2/other?apikey=${apiKey}`, `reader:${password}`)).status, 401, 'another path');
  assert.equal(proxy.rejected() - before, 2);
});

test('the processor behind a key-carrying URL, failing and retrying, never shows the key in its output or metrics', async (t) => {
  runtime = tempRuntime(cleanup, 'rpc-secrets');
  const env = { OPENLEDGER_RUNTIME_DIR: runtime };
  writeState(c);
  const host = new URL(proxy.httpUrl).host;
  const rpcUrl = `http://reader:${password}@${host}/v2/${token}?apikey=${apiKey}`;
  const db = pg.settings;
  const indexer = trackedIndexer(cleanup, {
    ...env,
    DATABASE_URL: settingsToUrl(db),
    RPC_URL: rpcUrl,
    FINALITY_CONFIRMATION: '2',
    // every debug line of the clients that see the URL: requests, responses, retries
    SQD_DEBUG: 'sqd:processor:rpc,sqd:http-client,sqd:rpc-client',
  });
  const head = Number(await c.publicClient.getBlockNumber({ cacheTime: 0 }));
  await waitForHeight(db, head, { indexer, timeoutMs: 120_000 });

  await eventually('the metrics port is logged', () => prometheusPort(indexer) !== undefined);
  const port = prometheusPort(indexer)!;
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const external = externalAddress();
  const reachableOutside = external === undefined ? undefined : await accepts(external, port);
  await indexer.stop();

  const output = indexer.lines.join('\n');
  t.diagnostic(`${indexer.lines.length} output lines, faults ${JSON.stringify(proxy.counts.http)}, rejected ${proxy.rejected()}`);
  assert.ok(proxy.counts.http.error500 > 0 && proxy.counts.http.drop > 0, 'the proxy failed some requests');
  assert.ok(proxy.counts.http.passed > 0, 'the processor got through the gate with its key');
  assert.ok(output.includes('connection failure'), 'the processor logged its failures');
  assert.ok(output.includes('"httpRequestUrl"'), 'the HTTP client logged its requests (debug)');
  assert.ok(output.includes(`http://${host}/***`), 'the URL is shown redacted');
  assert.match(metrics, /sqd_rpc_request_count\{url="[^"]*",kind="failure"\} [1-9]/, 'the metric counts the failures');
  assert.ok(metrics.includes(`url="http://${host}/***"`), 'the metric label is the redacted URL');
  for (const secret of secrets) {
    assert.equal(output.includes(secret), false, `the output shows ${secret.slice(0, 6)}…`);
    assert.equal(metrics.includes(secret), false, `the metrics show ${secret.slice(0, 6)}…`);
  }
  if (reachableOutside === undefined) t.diagnostic('no non-loopback address here: the metrics bind was checked on loopback only');
  else assert.equal(reachableOutside, false, `the metrics port is not reachable on ${external}`);
});

test('reconcile refused by the provider (a wrong key) reports it without the key', async () => {
  const host = new URL(proxy.httpUrl).host;
  const wrong = `wrong-${token}`;
  const before = proxy.rejected();
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'indexer', 'reconcile', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: settingsToUrl(pg.settings), OPENLEDGER_RUNTIME_DIR: runtime, RPC_URL: `http://reader:${password}@${host}/v2/${wrong}?apikey=${apiKey}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  assert.equal(code, 2, output);
  assert.ok(proxy.rejected() > before, `the provider refused the key:\n${output}`);
  assert.match(output, new RegExp(`at http://${host.replace(/\./g, '\\.')}/\\*\\*\\*: HTTP 401`), output);
  for (const secret of [wrong, token, apiKey, password]) assert.equal(output.includes(secret), false, `reconcile shows ${secret.slice(0, 6)}…:\n${output}`);
});
