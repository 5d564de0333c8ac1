// An RPC URL that carries an API key (in the path, the query and the user info) never shows: the
// processor reads anvil, over http and over ws, through a loopback proxy that only lets such a key
// through and answers some requests and handshakes with HTTP 500 or drops them (so the RPC client
// logs its failures and retries), with
// every debug log of the RPC and HTTP clients on; its whole stdout and stderr and its Prometheus
// metrics must not contain any part of the key. The metrics listen on loopback only. `npm run
// reconcile` refused by the provider (a wrong key) says so without showing the key either.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setup, type Ctx } from '../support/contracts.ts';
import { ensureDatabase, settingsToUrl, startEmbeddedPostgres, type RunningPostgres } from '../../db/postgres.ts';
import { PROJECT_ROOT } from '../../lib/runtime.ts';
import { prometheusPort, waitForHeight } from '../support/indexerProcess.ts';
import { runScenario, writeState } from '../support/scenario.ts';
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
  runtime = tempRuntime(cleanup, 'rpc-secrets');
  writeState(c);
  proxy = await cleanup.track(
    startFaultyRpcProxy({
      target: c.anvil.rpcUrl,
      seed: 8,
      eachKindEarly: true,
      http: { error500: 0.08, drop: 0.04 },
      upgrade: { error500: 0.3, drop: 0.2 },
      stream: { drop: 0.05 },
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

/**
 * The processor through the proxy over `scheme` with the key in the URL, SQD_DEBUG on for the
 * clients that see it, to the chain's head; its whole output and its metrics (scraped before it
 * stops), and whether its metrics port answered on the machine's non-loopback address.
 */
async function indexBehindKey(scheme: 'http' | 'ws'): Promise<{ output: string; metrics: string; host: string; external?: string; reachableOutside?: boolean }> {
  const host = new URL(proxy.httpUrl).host;
  const db = await ensureDatabase(pg.settings, `secrets_${scheme}`);
  const indexer = trackedIndexer(cleanup, {
    OPENLEDGER_RUNTIME_DIR: runtime,
    DATABASE_URL: settingsToUrl(db),
    RPC_URL: `${scheme}://reader:${password}@${host}/v2/${token}?apikey=${apiKey}`,
    FINALITY_CONFIRMATION: '2',
    SQD_DEBUG: 'sqd:processor:rpc,sqd:http-client,sqd:rpc-client',
  });
  const head = Number(await c.publicClient.getBlockNumber({ cacheTime: 0 }));
  await waitForHeight(db, head, { indexer, timeoutMs: 120_000, nudge: () => c.mine(), nudgeAfterMs: 1000 });
  await eventually('the metrics port is logged', () => prometheusPort(indexer) !== undefined);
  const port = prometheusPort(indexer)!;
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const external = externalAddress();
  const reachableOutside = external === undefined ? undefined : await accepts(external, port);
  await indexer.stop();
  return { output: indexer.lines.join('\n'), metrics, host, external, reachableOutside };
}

function assertNoSecret(run: { output: string; metrics: string }): void {
  for (const secret of secrets) {
    assert.equal(run.output.includes(secret), false, `the output shows ${secret.slice(0, 6)}…`);
    assert.equal(run.metrics.includes(secret), false, `the metrics show ${secret.slice(0, 6)}…`);
  }
}

test('over http, failing and retrying, the processor never shows the key in its output or metrics; metrics on loopback only', async (t) => {
  const run = await indexBehindKey('http');
  t.diagnostic(`faults ${JSON.stringify(proxy.counts.http)}, rejected ${proxy.rejected()}`);
  assert.ok(proxy.counts.http.error500 > 0 && proxy.counts.http.drop > 0, 'the proxy failed some requests');
  assert.ok(proxy.counts.http.passed > 0, 'the processor got through the gate with its key');
  assert.ok(run.output.includes('connection failure'), 'the processor logged its failures');
  assert.ok(run.output.includes('"httpRequestUrl"'), 'the HTTP client logged its requests (debug)');
  assert.ok(run.output.includes(`http://${run.host}/***`), 'the URL is shown redacted');
  assert.match(run.metrics, /sqd_rpc_request_count\{url="[^"]*",kind="failure"\} [1-9]/, 'the metric counts the failures');
  assert.ok(run.metrics.includes(`url="http://${run.host}/***"`), 'the metric label is the redacted URL');
  assertNoSecret(run);
  if (run.reachableOutside === undefined) t.diagnostic('no non-loopback address here: the metrics bind was checked on loopback only');
  else assert.equal(run.reachableOutside, false, `the metrics port is not reachable on ${run.external}`);
});

test('over ws (refused and dropped handshakes, dropped sockets), the processor never shows the key either', async (t) => {
  const run = await indexBehindKey('ws');
  t.diagnostic(`faults ${JSON.stringify({ upgrade: proxy.counts.upgrade, stream: proxy.counts.stream })}, rejected ${proxy.rejected()}`);
  assert.ok(proxy.counts.upgrade.passed > 0, 'handshakes got through the gate with the key (credentials as a header)');
  assert.ok(proxy.counts.upgrade.error500 + proxy.counts.upgrade.drop + proxy.counts.stream.drop > 0, 'the proxy failed some connections');
  assert.ok(run.output.includes('connection failure'), 'the processor logged its failures');
  assert.ok(run.metrics.includes(`url="ws://${run.host}/***"`), 'the metric label is the redacted URL');
  assertNoSecret(run);
});

test('reconcile refused by the provider (a wrong key) reports it without the key', async () => {
  // the database the http test indexed
  const host = new URL(proxy.httpUrl).host;
  const wrong = `wrong-${token}`;
  const before = proxy.rejected();
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'indexer', 'reconcile', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: settingsToUrl({ ...pg.settings, database: 'secrets_http' }), OPENLEDGER_RUNTIME_DIR: runtime, RPC_URL: `http://reader:${password}@${host}/v2/${wrong}?apikey=${apiKey}` },
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
