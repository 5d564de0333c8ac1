// Subscriptions and squidStatus against a real indexer following a devnet with hot blocks: two API
// servers (replicas, each its own reader login) on one database, subscribed over real HTTP with a
// plain EventSource and the graphql-sse client while transactions are sent. Expectations come from
// the chain (event arguments, block hashes) and from SQL run here; the statements the fan-out runs
// are counted on the server's pool.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Pool } from 'pg';
import { createPool } from './db.ts';
import type { LogLevel } from './log.ts';
import { createServer, type ApiServer } from './server.ts';
import { settingsToUrl, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from '../db/postgres.ts';
import { createReaderLogin } from '../db/readerRole.ts';
import { eventsOf, hash32, OPEN, setup, type Ctx } from '../test/support/contracts.ts';
import { graphqlClient } from '../test/support/indexedApi.ts';
import { waitForHeight, indexedHeight } from '../test/support/indexerProcess.ts';
import { Cleanup, eventually, tempRuntime, trackedIndexer } from '../test/support/indexerRuns.ts';
import { eventSourceSubscription, graphqlSseSubscription, type LiveClient } from '../test/support/liveClients.ts';
import { actors, record, runScenario, writeState, type Actors } from '../test/support/scenario.ts';

const FINALITY = 4;
const cleanup = new Cleanup();
let pg: RunningPostgres;
let c: Ctx;
let a: Actors;
let env: Record<string, string>;

interface Replica {
  api: ApiServer;
  pool: Pool;
  login: DbSettings;
  statements: string[];
  logs: { level: LogLevel; msg: string; fields: Record<string, unknown> }[];
}
let A: Replica;
let B: Replica;
const clients: LiveClient[] = [];

const chainHead = async () => Number(await c.publicClient.getBlockNumber({ cacheTime: 0 }));
const hashAt = async (height: number) => (await c.publicClient.getBlock({ blockNumber: BigInt(height) })).hash;
const sql = <T = Record<string, any>>(text: string, params: unknown[] = []) => withClient(pg.settings, async (cl) => (await cl.query(text, params)).rows as T[]);

async function replica(name: string): Promise<Replica> {
  const login = await createReaderLogin(pg.settings, name, `${name}-password-0123456789`);
  const pool = createPool(login);
  const statements: string[] = [];
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
    statements.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text));
    return query(...args);
  };
  const logs: Replica['logs'] = [];
  const api = await createServer({ pool, port: 0, log: (level, msg, fields = {}) => logs.push({ level, msg, fields }) });
  cleanup.add(() => pool.end());
  cleanup.add(() => api.close());
  return { api, pool, login, statements, logs };
}

/** A metric's value on a server's /metrics (0 when absent). */
async function metric(r: Replica, name: string, labels: string): Promise<number> {
  const text = await (await fetch(`${r.api.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

function subscribe(client: LiveClient): LiveClient {
  clients.push(client);
  cleanup.add(() => client.close());
  return client;
}

/** The chain's head once the indexer has committed it (mining an empty block when it waits for one). */
async function indexedToHead(): Promise<number> {
  for (;;) {
    const head = await chainHead();
    await waitForHeight(pg.settings, head, { timeoutMs: 60_000, nudge: () => c.mine() });
    const indexed = await indexedHeight(pg.settings);
    if (indexed === (await chainHead())) return indexed;
  }
}

const STATUS = '{ squidStatus { height hash finalizedHeight finalizedHash chainHeight catchingUp } }';

before(async () => {
  env = { OPENLEDGER_RUNTIME_DIR: tempRuntime(cleanup, 'live-api'), FINALITY_CONFIRMATION: String(FINALITY) };
  [pg, c] = await Promise.all([cleanup.track(startEmbeddedPostgres({ fast: true }), (p) => p.stop()), cleanup.track(setup(), (x) => x.stop())]);
  env.DATABASE_URL = settingsToUrl(pg.settings);
  a = actors(c);
  await runScenario(c);
  writeState(c);
});

after(() => cleanup.run());

test('squidStatus: catching up while the indexer stopped 30 blocks short of the head it saw', async () => {
  const head = await chainHead();
  const stopAt = head - 30;
  const first = trackedIndexer(cleanup, { ...env, TO_BLOCK: String(stopAt) });
  await waitForHeight(pg.settings, stopAt, { indexer: first, timeoutMs: 120_000 });
  assert.equal(await first.exited, 0, first.lines.slice(-20).join('\n'));
  A = await replica('live_a');
  B = await replica('live_b');
  const { data } = graphqlClient(() => A.api.url);
  const hash = await hashAt(stopAt);
  assert.deepEqual((await data(STATUS)).squidStatus, { height: stopAt, hash, finalizedHeight: stopAt, finalizedHash: hash, chainHeight: head, catchingUp: true });
});

test('squidStatus at the head: height and hash include hot blocks, finalized ones lag by the finality depth', async () => {
  trackedIndexer(cleanup, env);
  const head = await indexedToHead();
  const [status] = await sql<{ height: number }>('SELECT height FROM squid_processor.status WHERE id = 0');
  const finalized = Number(status!.height);
  assert.ok(finalized < head, `hot blocks above the finalized height ${finalized} (head ${head})`);
  for (const r of [A, B]) {
    const got = (await graphqlClient(() => r.api.url).data(STATUS)).squidStatus;
    assert.deepEqual(got, {
      height: head, hash: await hashAt(head), finalizedHeight: finalized, finalizedHash: await hashAt(finalized), chainHeight: head, catchingUp: false,
    });
  }
});

/** Inference ids of a transaction's InferenceAttributed events (the chain's own record). */
const inferenceIds = (result: Parameters<typeof eventsOf>[0]) =>
  eventsOf(result, 'AttributionEngine', 'InferenceAttributed').map((e) => String(e.inferenceId));

test('subscriptions over SSE: new inferences, challenge updates and the status reach every subscriber of both replicas, one read per batch', async () => {
  const attributorChecksummed = a.attributor; // viem's addresses are checksummed: input in mixed case
  const byAttributor = subscribe(graphqlSseSubscription(A.api.url,
    'subscription($att: Address) { newInferences(where: { attributorId_eq: $att }) { id modelId attributorId fee blockNumber } }', { att: attributorChecksummed }));
  const model2 = subscribe(graphqlSseSubscription(A.api.url, 'subscription { newInferences(where: { modelId_in: ["2"] }) { id modelId } }', {}, true));
  const plain = subscribe(eventSourceSubscription(A.api.url, 'subscription { newInferences { id modelId } }'));
  const status = subscribe(eventSourceSubscription(A.api.url, 'subscription { squidStatus { height hash finalizedHeight catchingUp } }'));
  const challenges = subscribe(graphqlSseSubscription(A.api.url, 'subscription { challengeUpdates { id change inferenceId status challenger } }'));
  const onB = subscribe(eventSourceSubscription(B.api.url, 'subscription { newInferences { id modelId } }'));
  await Promise.all(clients.map((cl) => cl.opened));
  await eventually('every subscription registered', async () =>
    (await metric(A, 'api_live_subscribers', 'field="newInferences"')) === 3 && (await metric(A, 'api_live_subscribers', 'field="squidStatus"')) === 1 &&
    (await metric(A, 'api_live_subscribers', 'field="challengeUpdates"')) === 1 && (await metric(B, 'api_live_subscribers', 'field="newInferences"')) === 1);

  const before = await chainHead();
  A.statements.length = 0;
  const noticesBefore = await metric(A, 'api_live_notifications_total', 'outcome="received"');
  const statusBefore = status.events.length;

  const one = await c.send(a.attributor, 'AttributionEngine', 'recordInference', [record(a, 101)]);
  const two = await c.send(a.attributor, 'AttributionEngine', 'recordInferences', [[
    record(a, 102, { modelId: 2n, contributionIds: [1n, 6n], shares: [400_000_000, 600_000_000] }),
    record(a, 103),
  ]]);
  const [firstId] = inferenceIds(one);
  const opened = await c.send(a.challenger, 'ChallengeManager', 'openChallenge', [BigInt(firstId!), hash32(51), 'blob://live-evidence'], c.deployment.params.challengeBond);
  const challengeId = eventsOf(opened, 'ChallengeManager', 'ChallengeOpened')[0]!.challengeId as bigint;
  await c.send(a.arbiter, 'ChallengeManager', 'resolve', [challengeId, true]);
  const head = await indexedToHead();

  const expected = [...inferenceIds(one), ...inferenceIds(two)];
  const rows = await sql<{ id: string; model_id: string; fee: string; attributor_id: string; block_number: number }>(
    'SELECT id, model_id, fee, attributor_id, block_number FROM inference WHERE block_number > $1 ORDER BY block_number, log_index', [before]);
  assert.deepEqual(rows.map((r) => r.id), expected, 'the indexed rows are the chain\'s inferences');
  await eventually('every subscriber got its inferences', () =>
    plain.events.length >= 3 && onB.events.length >= 3 && byAttributor.events.length >= 3 && model2.events.length >= 1);
  await eventually('the status caught up with the head', () => status.events.at(-1)?.squidStatus.height === head);

  const ids = (cl: LiveClient) => cl.events.map((e) => e.newInferences.id);
  assert.deepEqual(ids(plain), expected);
  assert.deepEqual(ids(onB), expected, 'the second replica heard the same batches');
  assert.deepEqual(byAttributor.events.map((e) => e.newInferences), rows.map((r) => ({
    id: r.id, modelId: r.model_id, attributorId: a.attributor.toLowerCase(), fee: r.fee, blockNumber: r.block_number,
  })));
  assert.deepEqual(model2.events.map((e) => e.newInferences), rows.filter((r) => r.model_id === '2').map((r) => ({ id: r.id, modelId: '2' })));
  assert.deepEqual([...plain.errors, ...onB.errors, ...byAttributor.errors, ...model2.errors, ...challenges.errors, ...status.errors], []);

  const updates = challenges.events.map((e) => e.challengeUpdates);
  assert.ok(updates.length >= 1 && updates.every((u) => u.id === String(challengeId) && u.inferenceId === firstId), JSON.stringify(updates));
  assert.deepEqual(updates.at(-1), { id: String(challengeId), change: 'RESOLVED', inferenceId: firstId, status: 'UPHELD', challenger: a.challenger.toLowerCase() });
  if (updates.length === 2) assert.equal(updates[0].change, 'OPENED');

  // one read per batch and field, whatever the number of subscribers (three on newInferences)
  const notices = (await metric(A, 'api_live_notifications_total', 'outcome="received"')) - noticesBefore;
  const reads = (pattern: RegExp) => A.statements.filter((s) => pattern.test(s)).length;
  assert.ok(notices >= 2, `${notices} batch notices`);
  await eventually('the last notice fanned out to every field', () => reads(/FROM challenge c/) >= notices, 5000).catch(() => {});
  assert.equal(reads(/FROM inference i WHERE i\.block_number BETWEEN/), notices, A.statements.join('\n---\n'));
  assert.equal(reads(/FROM challenge c/), notices);
  assert.equal(reads(/FROM "squid_processor"\.status s/), notices);
  assert.equal(status.events.length - statusBefore, notices, 'one status event per batch');
  const last = status.events.at(-1).squidStatus;
  assert.deepEqual(last, { height: head, hash: await hashAt(head), finalizedHeight: last.finalizedHeight, catchingUp: false });
  assert.ok(last.finalizedHeight < head);
});

test('the LISTEN connection: dropped, it reconnects and says so; hostile notices are ignored; subscribers that leave are gone', async () => {
  const plain = clients[2]!;
  const killed = await sql(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE usename = 'live_a' AND application_name = 'openledger-api-listen'`);
  assert.equal(killed.length, 1);
  await eventually('reconnected', () => A.logs.some((l) => l.msg === 'live listener reconnected'));
  const lost = A.logs.find((l) => l.msg === 'live listener disconnected, reconnecting');
  assert.ok(lost && lost.level === 'warn' && typeof lost.fields.retryInMs === 'number', JSON.stringify(A.logs.slice(-5)));

  const seen = plain.events.length;
  await c.send(a.attributor, 'AttributionEngine', 'stake', [], 100n * OPEN); // the upheld challenge slashed its bond
  const more = await c.send(a.attributor, 'AttributionEngine', 'recordInference', [record(a, 104)]);
  await indexedToHead();
  await eventually('the inference after the reconnect', () => plain.events.length > seen);
  assert.deepEqual(plain.events.slice(seen).map((e) => e.newInferences.id), inferenceIds(more));

  // any login may NOTIFY: a reader login sends notices that are not of the expected shape
  const hostile = ['<script>alert(1)</script>', '{"from":9,"to":1}', `{"from":1,"to":2,"rows":["${'x'.repeat(300)}"]}`, '{"from":"1; DROP TABLE inference","to":2}'];
  const ignoredBefore = await metric(A, 'api_live_notifications_total', 'outcome="ignored"');
  await withClient(B.login, async (cl) => {
    for (const payload of hostile) await cl.query('SELECT pg_notify($1, $2)', ['openledger_batch', payload]);
  });
  await eventually('ignored on both replicas', async () =>
    (await metric(A, 'api_live_notifications_total', 'outcome="ignored"')) - ignoredBefore === hostile.length &&
    (await metric(B, 'api_live_notifications_total', 'outcome="ignored"')) >= hostile.length);
  const logged = JSON.stringify([...A.logs, ...B.logs]);
  assert.ok(!logged.includes('script') && !logged.includes('DROP'), 'no notice text in the logs');
  assert.equal((await graphqlClient(() => A.api.url).data('{ squidStatus { height } }')).squidStatus.height, await chainHead());

  for (const cl of clients) cl.close();
  await eventually('no subscriber left', async () =>
    (await metric(A, 'api_live_subscribers', 'field="newInferences"')) === 0 && (await metric(A, 'api_live_subscribers', 'field="squidStatus"')) === 0 &&
    (await metric(A, 'api_live_subscribers', 'field="challengeUpdates"')) === 0 && (await metric(B, 'api_live_subscribers', 'field="newInferences"')) === 0);
});
