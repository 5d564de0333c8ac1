// The processor's RPC client retries transient server errors (test/indexer-faults/rpcProxy.test.ts
// shows the processor surviving them end to end; this pins the classification and the wiring), shows
// its URL redacted (test/indexer-faults/rpcSecrets.test.ts: end to end), and the metrics server
// binds loopback unless told otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accepts, externalAddress } from '../test/support/externalAddress.ts';
import { networkFromEnv } from './networks/index.ts';
import { buildProcessor, isTransientServerError, metricsFromEnv, type MetricsAddress } from './processor.ts';

/** Shaped like @subsquid/http-client's HttpError (what the RPC client throws on a non-2xx reply). */
class HttpError extends Error {
  override get name() {
    return 'HttpError';
  }
  constructor(readonly response: { status: number }) {
    super(`Got ${response.status}`);
  }
}

const TRANSIENT = [500, 502, 503, 504, 520, 599];
const FINAL = [400, 401, 404, 413, 501, 505];

test('HTTP 5xx but 501 and 505 count as transient server errors; other errors do not', () => {
  for (const status of TRANSIENT) assert.equal(isTransientServerError(new HttpError({ status })), true, `HTTP ${status}`);
  for (const status of FINAL) assert.equal(isTransientServerError(new HttpError({ status })), false, `HTTP ${status}`);
  assert.equal(isTransientServerError(new Error('Got 500')), false, 'only an HttpError carries a status');
  assert.equal(isTransientServerError('500'), false);
});

test("the processor's own RPC client retries them like a dropped connection", () => {
  const processor = buildProcessor(networkFromEnv({ NETWORK: 'ethereum', RPC_URL: 'http://127.0.0.1:1' }));
  const client = (processor as unknown as { getChainRpcClient(): { isConnectionError(err: Error): boolean } }).getChainRpcClient();
  for (const status of TRANSIENT) assert.equal(client.isConnectionError(new HttpError({ status })), true, `HTTP ${status}`);
  assert.equal(client.isConnectionError(new HttpError({ status: 501 })), false);
  assert.equal(client.isConnectionError(new Error('not a connection error')), false);
});

test("the processor's RPC client shows its URL redacted, in its log context and its metric label", async () => {
  const url = 'https://reader:pa55word-x@rpc.example.com/v2/k3y0123456789abcdef?apikey=k3y0123456789abcdef';
  const processor = buildProcessor(networkFromEnv({ NETWORK: 'ethereum', RPC_URL: url }));
  const client = (processor as unknown as { getChainRpcClient(): { url: string; log?: { attributes?: Record<string, unknown> } } }).getChainRpcClient();
  assert.equal(client.url, 'https://rpc.example.com/***');
  assert.equal(client.log?.attributes?.rpcUrl, 'https://rpc.example.com/***');
  const registry = (processor as unknown as { getPrometheusServer(): { registry: { metrics(): Promise<string> } } }).getPrometheusServer().registry;
  const metrics = await registry.metrics();
  assert.match(metrics, /sqd_rpc_request_count\{url="https:\/\/rpc\.example\.com\/\*\*\*",kind="success"\} 0/);
  assert.equal(metrics.includes('k3y0'), false);
});

/** Starts the processor's metrics server alone (what processor.run does first) on `metrics`. */
async function serveMetrics(metrics?: MetricsAddress): Promise<{ port: number; close(): Promise<void> }> {
  const processor = buildProcessor(networkFromEnv({ NETWORK: 'ethereum', RPC_URL: 'http://127.0.0.1:1' }), { metrics });
  return (processor as unknown as { getPrometheusServer(): { serve(): Promise<{ port: number; close(): Promise<void> }> } }).getPrometheusServer().serve();
}

test('the metrics server listens on loopback by default, on every interface when configured', async (t) => {
  const external = externalAddress();
  const loopback = await serveMetrics();
  try {
    assert.equal((await fetch(`http://127.0.0.1:${loopback.port}/metrics`)).status, 200);
    if (external) assert.equal(await accepts(external, loopback.port), false, `not reachable on ${external}`);
    else t.diagnostic('no non-loopback address on this machine');
  } finally {
    await loopback.close();
  }
  const everywhere = await serveMetrics(metricsFromEnv({ PROMETHEUS_HOST: '0.0.0.0' }));
  try {
    if (external) assert.equal(await accepts(external, everywhere.port), true, `reachable on ${external} with PROMETHEUS_HOST=0.0.0.0`);
  } finally {
    await everywhere.close();
  }
});

test('metricsFromEnv: defaults, squid\'s port variables, clear errors', () => {
  assert.deepEqual(metricsFromEnv({}), { host: '127.0.0.1', port: 0 });
  assert.deepEqual(metricsFromEnv({ PROMETHEUS_PORT: '9090', PROMETHEUS_HOST: '::' }), { host: '::', port: 9090 });
  assert.deepEqual(metricsFromEnv({ PROCESSOR_PROMETHEUS_PORT: '9100', PROMETHEUS_PORT: '9090' }).port, 9100);
  assert.throws(() => metricsFromEnv({ PROMETHEUS_PORT: 'http' }), /PROMETHEUS_PORT: expected a port number \(0-65535\), got http/);
  assert.throws(() => metricsFromEnv({ PROMETHEUS_HOST: 'http://x' }), /PROMETHEUS_HOST: expected a host name or IP address, got http:\/\/x/);
});
