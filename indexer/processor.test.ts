// The processor's RPC client retries transient server errors (test/indexer-faults/rpcProxy.test.ts
// shows the processor surviving them end to end; this pins the classification and the wiring).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkFromEnv } from './networks/index.ts';
import { buildProcessor, isTransientServerError } from './processor.ts';

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
  const processor = buildProcessor(networkFromEnv({ NETWORK: 'openledger', RPC_URL: 'http://127.0.0.1:1' }));
  const client = (processor as unknown as { getChainRpcClient(): { isConnectionError(err: Error): boolean } }).getChainRpcClient();
  for (const status of TRANSIENT) assert.equal(client.isConnectionError(new HttpError({ status })), true, `HTTP ${status}`);
  assert.equal(client.isConnectionError(new HttpError({ status: 501 })), false);
  assert.equal(client.isConnectionError(new Error('not a connection error')), false);
});
