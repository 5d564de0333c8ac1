// The API over real HTTP on a devnet scenario indexed into a real (embedded) Postgres, for the API's
// tests: the scenario runs on anvil, the processor indexes it to the head and stops, and the API
// serves it as a login of the read-only role.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createPool } from '../../api/db.ts';
import { silentLog } from '../../api/log.ts';
import { createServer, type ApiServer } from '../../api/server.ts';
import { settingsToUrl, startEmbeddedPostgres, type DbSettings, type RunningPostgres } from '../../db/postgres.ts';
import { createReaderLogin } from '../../db/readerRole.ts';
import { setup, type Ctx } from './contracts.ts';
import { startIndexer, waitForHeight } from './indexerProcess.ts';
import { runScenario, writeState } from './scenario.ts';

export interface IndexedApi {
  pg: RunningPostgres;
  c: Ctx;
  reader: DbSettings;
  pool: Pool;
  api: ApiServer;
  /** closes the API, the pool, the chain and the database */
  stop(): Promise<void>;
}

export interface IndexedApiOptions {
  /** the reader login's name and password */
  login: [name: string, password: string];
  /** more chain activity after the scenario, before indexing */
  more?: (c: Ctx) => Promise<void>;
  /** wraps the pool before the server gets it (e.g. to count statements) */
  wrapPool?: (pool: Pool) => void;
}

export async function startIndexedApi(opts: IndexedApiOptions): Promise<IndexedApi> {
  process.env.OPENLEDGER_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'openledger-api-test-'));
  const [pg, c] = await Promise.all([startEmbeddedPostgres({ fast: true }), setup()]);
  const parts: Partial<IndexedApi> = { pg, c };
  const stop = async () => {
    await parts.api?.close();
    await parts.pool?.end();
    await Promise.all([c.stop(), pg.stop()]);
  };
  try {
    await runScenario(c);
    await opts.more?.(c);
    const head = Number(await c.publicClient.getBlockNumber({ cacheTime: 0 }));
    writeState(c);
    const indexer = startIndexer({ DATABASE_URL: settingsToUrl(pg.settings), OPENLEDGER_RUNTIME_DIR: process.env.OPENLEDGER_RUNTIME_DIR, FINALITY_CONFIRMATION: '5' });
    try {
      await waitForHeight(pg.settings, head, { indexer, timeoutMs: 90_000, nudge: () => c.mine() });
    } finally {
      await indexer.stop();
    }
    const reader = await createReaderLogin(pg.settings, ...opts.login);
    const pool = (parts.pool = createPool(reader));
    opts.wrapPool?.(pool);
    const api = (parts.api = await createServer({ pool, port: 0, log: silentLog }));
    return { pg, c, reader, pool, api, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** A GraphQL reply: the HTTP status and the parsed body (a body that is not JSON becomes one error). */
export interface GraphqlAnswer {
  status: number;
  body: { data?: any; errors?: { message: string }[] };
}

/** Requests to the API at `url()` (read when called: the server starts in a test's `before`). */
export function graphqlClient(url: () => string) {
  async function post(body: string, headers: Record<string, string> = {}): Promise<GraphqlAnswer> {
    const res = await fetch(`${url()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as GraphqlAnswer['body'] };
    } catch {
      return { status: res.status, body: { errors: [{ message: text }] } };
    }
  }
  const gql = (query: string, variables: Record<string, unknown> = {}) => post(JSON.stringify({ query, variables }));
  /** The data of a query that must succeed. */
  async function data(query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const a = await gql(query, variables);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.errors, undefined, JSON.stringify(a.body.errors));
    return a.body.data;
  }
  return { post, gql, data };
}
