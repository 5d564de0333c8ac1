// The API over real HTTP, on a devnet scenario indexed into a real (embedded) Postgres by the
// processor, connected as a login of the read-only role. Expectations come from SQL run here.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pgModule, { type Pool } from 'pg';
import { encodeEventTopics } from 'viem';
import { abiOf } from '../contracts/artifacts.ts';
import type { Ctx } from '../test/support/contracts.ts';
import { settingsToUrl, withClient, type RunningPostgres } from '../db/postgres.ts';
import { createReaderLogin } from '../db/readerRole.ts';
import { graphqlClient, startIndexedApi, type IndexedApi } from '../test/support/indexedApi.ts';
import { actors, emitUndecodableLog } from '../test/support/scenario.ts';
import { createPool } from './db.ts';
import { silentLog } from './log.ts';
import { definedEntities } from './schema/entityTypes.ts';
import { createServer, type ApiServer } from './server.ts';
import { MAX_PREPARED, preparedQueryable } from './sql/prepared.ts';
import { migrateVerifier } from '../verifier/db/migrate.ts';

let pg: RunningPostgres;
let c: Ctx;
let api: ApiServer;
const { gql, data } = graphqlClient(() => api.url);
let pool: Pool;
let statements = 0;
const statementTexts: string[] = [];
let readerUrl: string;

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(pg.settings, async (client) => (await client.query(text, params)).rows as T[]);
const ids = async (text: string, params: unknown[] = []) => (await sql<{ id: string }>(text, params)).map((r) => r.id);





/** Every id of a root connection through pages of `size`, forward or backward. */
async function walk(field: string, size: number, backward: boolean, args = ''): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = backward
      ? `${field}(last: ${size}, before: $cursor ${args}) { edges { node { id } } pageInfo { hasPreviousPage startCursor } }`
      : `${field}(first: ${size}, after: $cursor ${args}) { edges { node { id } } pageInfo { hasNextPage endCursor } }`;
    const d: any = (await data(`query($cursor: String) { ${page} }`, { cursor }))[field];
    const got = d.edges.map((e: { node: { id: string } }) => e.node.id);
    if (backward) seen.unshift(...got);
    else seen.push(...got);
    const more = backward ? d.pageInfo.hasPreviousPage : d.pageInfo.hasNextPage;
    if (!more) return seen;
    cursor = backward ? d.pageInfo.startCursor : d.pageInfo.endCursor;
  }
}

let fixture: IndexedApi;

before(async () => {
  fixture = await startIndexedApi({
    login: ['api_test', 'api-test-password-0123456789'],
    // one log the indexer cannot decode (a Transfer without its data), so decodeFailures has a row
    more: async (chain) => {
      const a = actors(chain);
      const topics = encodeEventTopics({ abi: abiOf('OPEN'), eventName: 'Transfer', args: { from: a.alice, to: a.bob } }) as `0x${string}`[];
      await emitUndecodableLog(chain, chain.addr('OPEN'), topics);
    },
    // every statement the API sends, whichever way it reaches a connection (pool.query or a checked-out client)
    wrapPool: (p) => {
      p.on('connect', (client) => {
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
          const first = args[0] as string | { text?: string };
          statementTexts.push(typeof first === 'string' ? first : String(first.text));
          statements++;
          return query(...args);
        };
      });
    },
  });
  ({ pg, c, api, pool } = fixture);
  readerUrl = settingsToUrl(fixture.reader);
});

after(async () => {
  await fixture?.stop();
});

const ROOTS: [field: string, lookup: string, table: string][] = [
  ['tokens', 'token', 'token'], ['accounts', 'account', 'account'], ['transfers', 'transfer', 'token_transfer'],
  ['approvals', 'approval', 'token_approval'], ['wraps', 'wrap', 'token_wrap'], ['delegateChanges', 'delegateChange', 'delegate_change'],
  ['proposals', 'proposal', 'proposal'], ['votes', 'vote', 'vote'], ['timelockOperations', 'timelockOperation', 'timelock_operation'],
  ['creditPurchases', 'creditPurchase', 'credit_purchase'], ['datanets', 'datanet', 'datanet'], ['contributions', 'contribution', 'contribution'],
  ['datanetVersions', 'datanetVersion', 'datanet_version'], ['contributors', 'contributor', 'contributor'], ['models', 'model', 'model'],
  ['modelVersions', 'modelVersion', 'model_version'], ['adapters', 'adapter', 'adapter'], ['attributors', 'attributor', 'attributor'],
  ['inferences', 'inference', 'inference'], ['attributions', 'attribution', 'inference_attribution'], ['challenges', 'challenge', 'challenge'],
  ['rewardClaims', 'rewardClaim', 'reward_claim'], ['stakingConfigs', 'stakingConfig', 'staking_config'],
  ['stakes', 'stake', 'stake'], ['stakeActions', 'stakeAction', 'stake_action'], ['decodeFailures', 'decodeFailure', 'decode_failure'],
];
/** Tables the devnet never fills (no bridge on the devnet): their connections must answer empty. */
const EMPTY_ON_DEVNET: [field: string, table: string][] = [['bridgeTransfers', 'bridge_transfer']];

test('every root connection lists exactly the rows of its table, with totalCount; every lookup finds each row', async () => {
  for (const [field, table] of EMPTY_ON_DEVNET) {
    assert.deepEqual(await ids(`SELECT id FROM ${table}`), []);
    assert.deepEqual((await data(`{ ${field} { totalCount nodes { id } } }`))[field], { totalCount: 0, nodes: [] });
  }
  for (const [field, lookup, table] of ROOTS) {
    const d = (await data(`{ ${field}(first: 1000) { totalCount nodes { id } } }`))[field];
    const expected = await ids(`SELECT id FROM ${table} ORDER BY id`);
    assert.ok(expected.length > 0, `${table} is empty: the scenario should fill it`);
    assert.deepEqual(d.nodes.map((n: { id: string }) => n.id), expected, field);
    assert.equal(d.totalCount, expected.length, `${field} totalCount`);
    const type = (await data(`{ __type(name: "Query") { fields { name args { name type { ofType { name } } } } } }`)).__type.fields
      .find((f: { name: string }) => f.name === lookup).args[0].type.ofType.name;
    const aliases = expected.slice(0, 40).map((id, i) => `r${i}: ${lookup}(id: ${JSON.stringify(id)}) { id }`);
    const found = await data(`{ ${aliases.join(' ')} }`);
    assert.deepEqual(Object.values(found).map((r: any) => r.id), expected.slice(0, 40), `${lookup} (${type})`);
  }
});

test('lookups by id answer the row, null for an unknown id', async () => {
  const [acc] = await sql<{ id: string; open_balance: string; voting_power: string }>('SELECT id, open_balance, voting_power FROM account ORDER BY open_balance DESC LIMIT 1');
  const d = await data(`query($id: Address!) { account(id: $id) { id openBalance votingPower } }`, { id: acc!.id.toUpperCase().replace('0X', '0x') });
  assert.deepEqual(d.account, { id: acc!.id, openBalance: acc!.open_balance, votingPower: acc!.voting_power });
  const [inf] = await sql<{ id: string; fee: string; user: string; timestamp: Date; model_id: string }>('SELECT id, fee, "user", timestamp, model_id FROM inference ORDER BY id LIMIT 1');
  const i = (await data(`query($id: ID!) { inference(id: $id) { id fee user timestamp model { id } } }`, { id: inf!.id })).inference;
  assert.deepEqual(i, { id: inf!.id, fee: inf!.fee, user: inf!.user, timestamp: inf!.timestamp.toISOString(), model: { id: inf!.model_id } });
  for (const [lookup, id] of [['token', 'OPEN'], ['datanet', '1'], ['contribution', '1'], ['model', '1'], ['challenge', '1']]) {
    const [row] = await sql<{ id: string }>(`SELECT id FROM ${lookup} WHERE id = $1`, [id]);
    assert.equal((await data(`query($id: ID!) { ${lookup}(id: $id) { id } }`, { id }))[lookup!]?.id, row?.id, lookup);
  }
  const [att] = await ids('SELECT id FROM inference_attribution LIMIT 1');
  assert.equal((await data(`query($id: ID!) { attribution(id: $id) { id } }`, { id: att }))!.attribution.id, att);
  const [tr] = await ids('SELECT id FROM token_transfer LIMIT 1');
  assert.equal((await data(`query($id: ID!) { transfer(id: $id) { id } }`, { id: tr }))!.transfer.id, tr);
  const [ctr] = await ids('SELECT id FROM contributor LIMIT 1');
  assert.equal((await data(`query($id: Address!) { contributor(id: $id) { id } }`, { id: ctr }))!.contributor.id, ctr);
  assert.equal((await data('{ inference(id: "999999") { id } }')).inference, null);
});

test('forward and backward pagination over a whole connection see every row once, in order', async () => {
  // one direction (cursors compare as a row) and mixed directions (the tie-break follows the last key)
  const expected = await ids('SELECT id FROM token_transfer ORDER BY block_number DESC, id DESC');
  assert.ok(expected.length > 6, `transfers: ${expected.length}`);
  assert.deepEqual(await walk('transfers', 3, false, 'orderBy: [blockNumber_DESC]'), expected);
  assert.deepEqual(await walk('transfers', 3, true, 'orderBy: [blockNumber_DESC]'), expected);
  const mixed = await ids('SELECT id FROM token_transfer ORDER BY token ASC, block_number DESC, id DESC');
  assert.notDeepEqual(mixed, expected);
  assert.deepEqual(await walk('transfers', 3, false, 'orderBy: [token_ASC, blockNumber_DESC]'), mixed);
  assert.deepEqual(await walk('transfers', 3, true, 'orderBy: [token_ASC, blockNumber_DESC]'), mixed);
  const byValue = await ids('SELECT id FROM account ORDER BY id');
  assert.deepEqual(await walk('accounts', 3, false), byValue);
  assert.deepEqual(await walk('accounts', 3, true), byValue);
});

test('every filter operator and ordering matches SQL', async () => {
  const [mid] = await sql<{ b: number }>('SELECT block_number AS b FROM token_transfer ORDER BY block_number OFFSET 3 LIMIT 1');
  const b = mid!.b;
  const [someone] = await sql<{ a: string }>('SELECT "to" AS a FROM token_transfer GROUP BY "to" ORDER BY count(*) DESC LIMIT 1');
  const dn = (await sql<{ name: string }>('SELECT name FROM datanet ORDER BY id LIMIT 1'))[0]!.name;
  const [{ influence }] = await sql<{ influence: string }>('SELECT influence FROM datanet ORDER BY influence DESC LIMIT 1') as [{ influence: string }];
  const cases: [field: string, where: string, orderBy: string, expectation: string, params?: unknown[]][] = [
    ['transfers', `{ blockNumber_eq: ${b} }`, 'id_ASC', `SELECT id FROM token_transfer WHERE block_number = ${b} ORDER BY id`],
    ['transfers', `{ blockNumber_not_eq: ${b} }`, 'id_DESC', `SELECT id FROM token_transfer WHERE block_number <> ${b} ORDER BY id DESC`],
    ['transfers', `{ blockNumber_gt: ${b} }`, 'blockNumber_ASC', `SELECT id FROM token_transfer WHERE block_number > ${b} ORDER BY block_number, id`],
    ['transfers', `{ blockNumber_gte: ${b} }`, 'blockNumber_DESC', `SELECT id FROM token_transfer WHERE block_number >= ${b} ORDER BY block_number DESC, id DESC`],
    ['transfers', `{ blockNumber_lt: ${b} }`, 'txHash_ASC', `SELECT id FROM token_transfer WHERE block_number < ${b} ORDER BY tx_hash, id`],
    ['transfers', `{ blockNumber_lte: ${b} }`, 'token_DESC', `SELECT id FROM token_transfer WHERE block_number <= ${b} ORDER BY token DESC, id DESC`],
    ['transfers', `{ token_in: [WOPEN, GOPEN] }`, 'id_ASC', `SELECT id FROM token_transfer WHERE token IN ('WOPEN','GOPEN') ORDER BY id`],
    ['transfers', `{ token_not_in: [OPEN] }`, 'id_ASC', `SELECT id FROM token_transfer WHERE token NOT IN ('OPEN') ORDER BY id`],
    ['transfers', `{ to_eq: "${someone!.a.toUpperCase().replace('0X', '0x')}" }`, 'id_ASC', `SELECT id FROM token_transfer WHERE "to" = $1 ORDER BY id`, [someone!.a]],
    ['transfers', `{ OR: [{ to_eq: "${someone!.a}" }, { from_eq: "${someone!.a}" }], AND: [{ blockNumber_gt: 0 }] }`, 'id_ASC',
      `SELECT id FROM token_transfer WHERE ("to" = $1 OR "from" = $1) AND block_number > 0 ORDER BY id`, [someone!.a]],
    ['datanets', '{ nameRaw_isNull: true }', 'id_ASC', 'SELECT id FROM datanet WHERE name_raw IS NULL ORDER BY id'],
    ['models', '{ versionCount_lt: "100000000000000000000000000000", inferenceCount_gte: 1 }', 'feesTotal_DESC',
      'SELECT id FROM model WHERE inference_count >= 1 ORDER BY fees_total DESC, id DESC'],
    ['datanets', `{ influence_in: ["0", "${influence}"], rowCount_not_in: ["1"] }`, 'influence_DESC',
      'SELECT id FROM datanet WHERE influence IN (0, $1::numeric) AND row_count <> 1 ORDER BY influence DESC, id DESC', [influence]],
    ['challenges', '{ status_eq: UPHELD }', 'openedAtBlock_DESC', "SELECT id FROM challenge WHERE status = 'UPHELD' ORDER BY opened_at_block DESC, id DESC"],
    ['datanets', `{ name_contains: ${JSON.stringify(dn.slice(1, 4))} }`, 'name_ASC', 'SELECT id FROM datanet WHERE strpos(name, $1) > 0 ORDER BY name, id', [dn.slice(1, 4)]],
    ['datanets', `{ name_startsWith: ${JSON.stringify(dn.slice(0, 2))} }`, 'id_ASC', 'SELECT id FROM datanet WHERE name LIKE $1 ORDER BY id', [`${dn.slice(0, 2)}%`]],
    ['datanets', `{ name_endsWith: ${JSON.stringify(dn.slice(-2))} }`, 'id_ASC', 'SELECT id FROM datanet WHERE name LIKE $1 ORDER BY id', [`%${dn.slice(-2)}`]],
    ['datanets', `{ name_containsInsensitive: ${JSON.stringify(dn.slice(0, 3).toUpperCase())} }`, 'id_ASC', 'SELECT id FROM datanet WHERE name ILIKE $1 ORDER BY id', [`%${dn.slice(0, 3)}%`]],
    ['contributions', '{ datanet: { id_eq: "1" } }', 'submittedAtBlock_DESC', "SELECT id FROM contribution WHERE datanet_id = '1' ORDER BY submitted_at_block DESC, id DESC"],
    ['attributions', '{ contribution: { datanet: { id_in: ["2"] } } }', 'id_ASC',
      "SELECT a.id FROM inference_attribution a JOIN contribution c ON c.id = a.contribution_id WHERE c.datanet_id = '2' ORDER BY a.id"],
  ];
  for (const [field, where, orderBy, expectation, params] of cases) {
    const got = (await data(`{ ${field}(first: 1000, where: ${where}, orderBy: [${orderBy}]) { nodes { id } } }`))[field].nodes.map((n: { id: string }) => n.id);
    const expected = await ids(expectation, params);
    assert.ok(expected.length > 0, `${field} ${where}: the SQL matches no row; pick a filter that does`);
    assert.deepEqual(got, expected, `${field} where ${where} orderBy ${orderBy}`);
  }
});

test('a nested page loads in one statement, however many parents (no N+1)', async () => {
  const query = `{ datanets(first: 10) { nodes { id contributions(first: 10) { totalCount nodes { id datanet { id }
    attributions(first: 10) { nodes { id inference { id challenges(first: 5) { nodes { id status } } } } } } } } } }`;
  statements = 0;
  const d = await data(query);
  // one: datanets with their contributions (datanet joined) and those with their attributions (inference
  // joined) as JSON; one: the contributions' counts; one: the challenges of the joined inferences (by loader)
  assert.equal(statements, 3, `${statements} statements`);
  const nested = d.datanets.nodes.flatMap((n: any) => n.contributions.nodes);
  assert.deepEqual(nested.map((n: { id: string }) => n.id).sort(), (await ids('SELECT id FROM contribution')).sort());
  const attributions = nested.flatMap((n: any) => n.attributions.nodes.map((a: any) => `${a.id}:${a.inference.id}`));
  const expected = await sql<{ k: string }>("SELECT id || ':' || inference_id AS k FROM inference_attribution");
  assert.deepEqual(attributions.sort(), expected.map((r) => r.k).sort());
  const counts = Object.fromEntries(d.datanets.nodes.map((n: any) => [n.id, n.contributions.totalCount]));
  const sqlCounts = await sql<{ id: string; n: number }>('SELECT datanet_id AS id, count(*)::int AS n FROM contribution GROUP BY datanet_id');
  assert.deepEqual(counts, Object.fromEntries(sqlCounts.map((r) => [r.id, r.n])));
});

test('nested connections read with their parents equal the same connections read on their own, for every page shape', async () => {
  const inferenceIds = await ids('SELECT id FROM inference ORDER BY id LIMIT 30');
  const fields = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id share reward blockNumber timestamp contribution { id contributor } } }';
  const firstPage = (await data(`{ inference(id: "${inferenceIds[0]}") { attributions(first: 1) { pageInfo { endCursor } } } }`)).inference.attributions.pageInfo.endCursor;
  const shapes = [
    'first: 2', 'first: 2, orderBy: [blockNumber_DESC]', 'last: 2', 'last: 1, orderBy: [id_DESC]',
    `first: 3, after: ${JSON.stringify(firstPage)}`, `last: 3, before: ${JSON.stringify(firstPage)}`, 'first: 5, where: { blockNumber_gte: 1 }',
  ];
  for (const shape of shapes) {
    statements = 0;
    // inline: the inferences' page reads their attributions in its own statement (as JSON)
    const inline = (await data(`query($ids: [ID!]) { inferences(first: 30, orderBy: [id_ASC], where: { id_in: $ids }) { nodes { id a: attributions(${shape}) { ${fields} } } } }`, { ids: inferenceIds })).inferences.nodes;
    assert.equal(statements, 1, `${shape}: ${statements} statements`);
    // on their own: under a joined inference (no nested read there), the attributions load by loader, a statement of their own
    const own = (await data(`query($ids: [ID!]) { attributions(first: 1000, where: { inference: { id_in: $ids } }) { nodes { inference { id a: attributions(${shape}) { ${fields} } } } } }`, { ids: inferenceIds })).attributions.nodes;
    const byId = new Map(own.map((n: any) => [n.inference.id, n.inference.a]));
    assert.equal(inline.length, inferenceIds.length);
    for (const n of inline) assert.deepEqual(n.a, byId.get(n.id), `${shape}, inference ${n.id}`);
  }
  // and both as SQL orders them
  const newest = (await data(`query($ids: [ID!]) { inferences(first: 30, orderBy: [id_ASC], where: { id_in: $ids }) { nodes { id attributions(first: 2, orderBy: [blockNumber_DESC]) { nodes { id } } } } }`, { ids: inferenceIds })).inferences.nodes;
  for (const n of newest) {
    const expected = await ids('SELECT id FROM inference_attribution WHERE inference_id = $1 ORDER BY block_number DESC, id DESC LIMIT 2', [n.id]);
    assert.deepEqual(n.attributions.nodes.map((a: { id: string }) => a.id), expected, `inference ${n.id}`);
  }
});

test('nested connections under long aliases with one beginning each answer their own page (Postgres cuts column names at 63 bytes)', async () => {
  const stem = 'a'.repeat(60);
  const [inference] = await ids('SELECT inference_id AS id FROM inference_attribution GROUP BY inference_id HAVING count(*) >= 2 ORDER BY inference_id LIMIT 1');
  const d = await data(`{ inference(id: "${inference}") { ${stem}First: attributions(first: 1, orderBy: [id_ASC]) { nodes { id } }
    ${stem}Last: attributions(first: 1, orderBy: [id_DESC]) { nodes { id } } } }`);
  const all = await ids('SELECT id FROM inference_attribution WHERE inference_id = $1 ORDER BY id', [inference]);
  assert.deepEqual(d.inference[`${stem}First`].nodes.map((n: { id: string }) => n.id), [all[0]]);
  assert.deepEqual(d.inference[`${stem}Last`].nodes.map((n: { id: string }) => n.id), [all.at(-1)]);
});

test('a statement selects only the columns a request asks for (and what its cursors and nested pages need)', async () => {
  statementTexts.length = 0;
  const d = await data('{ inferences(first: 3, orderBy: [timestamp_DESC]) { edges { cursor node { fee attributions(first: 1) { nodes { share } } } } } }');
  assert.equal(d.inferences.edges.length, 3);
  const [text] = statementTexts;
  assert.equal(statementTexts.length, 1);
  for (const column of ['"fee"', '"timestamp"', '"id"', '"share"']) assert.ok(text!.includes(column), `${column} in ${text}`);
  for (const column of ['"input_hash"', '"input_uri"', '"shares"', '"tx_hash"', '"reward"']) assert.ok(!text!.includes(column), `${column} not in ${text}`);
  // a field whose resolver reads the row outside the entity's spec still finds what it reads
  assert.equal((await data('{ inferences(first: 1) { nodes { verification { id } } } }')).inferences.nodes[0].verification, null);
});

test('a nested connection with a bad cursor fails at its own path; its parents still answer', async () => {
  const res = await gql('{ datanets(first: 2, orderBy: [id_ASC]) { nodes { id contributions(after: "not-a-cursor") { nodes { id } } } } }');
  const errors = res.body.errors as { message: string; path: (string | number)[] }[] | undefined;
  assert.ok(errors && errors.length > 0, JSON.stringify(res.body));
  assert.match(errors[0]!.message, /after: expected a cursor from this connection/);
  assert.deepEqual(errors[0]!.path.slice(-1), ['contributions']);
});

test('statements are prepared once per connection, at most MAX_PREPARED a connection, and survive a table changed under them', async () => {
  const pool = new pgModule.Pool({ ...pg.settings, max: 1 });
  try {
    const db = preparedQueryable(pool);
    const probe = 'SELECT $1::int + 1 AS n';
    assert.deepEqual((await db.query(probe, [1])).rows, [{ n: 2 }]);
    assert.deepEqual((await db.query(probe, [41])).rows, [{ n: 42 }]);
    const held = (await db.query('SELECT name, statement FROM pg_prepared_statements', [])).rows;
    assert.ok(held.some((r) => r.statement === probe && String(r.name).startsWith('ol_')), JSON.stringify(held));
    const pid = async () => Number((await db.query('SELECT pg_backend_pid() AS pid', [])).rows[0]!.pid);
    const before = await pid();
    for (let i = 0; i < MAX_PREPARED; i++) await db.query(`SELECT ${i} AS n`, []);
    assert.notEqual(await pid(), before, 'the connection holding MAX_PREPARED statements was replaced');
    const count = Number((await db.query('SELECT count(*) AS n FROM pg_prepared_statements', [])).rows[0]!.n);
    // the fresh connection holds only what ran after the swap (the loop's last few, the pid and this count)
    assert.ok(count < 10, `${count} statements prepared on the fresh connection`);
    await db.query('CREATE TABLE prepared_probe (x int)', []);
    await db.query('INSERT INTO prepared_probe VALUES (7)', []);
    assert.deepEqual((await db.query('SELECT x FROM prepared_probe', [])).rows, [{ x: 7 }]);
    await db.query('ALTER TABLE prepared_probe ALTER x TYPE text', []);
    assert.deepEqual((await db.query('SELECT x FROM prepared_probe', [])).rows, [{ x: '7' }]);
    await db.query('DROP TABLE prepared_probe', []);
  } finally {
    await pool.end();
  }
});

test('GET /graphql without a CSRF header is refused; GraphiQL is served to browsers', async () => {
  const csrf = await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ tokens { totalCount } }')}`);
  assert.equal(csrf.status, 403);
  const page = await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /graphiql/i);
});

test('/health, /ready, squidStatus and /metrics', async () => {
  assert.deepEqual(await (await fetch(`${api.url}/health`)).json(), { status: 'ok' });
  const ready = await fetch(`${api.url}/ready`);
  const [status] = await sql<{ height: number }>('SELECT height FROM squid_processor.status WHERE id = 0');
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { status: 'ready', height: status!.height });
  const [row] = await sql<{ height: number; hash: string }>('SELECT height, hash FROM squid_processor.status WHERE id = 0');
  assert.deepEqual((await data('{ squidStatus { finalizedHeight finalizedHash } }')).squidStatus, { finalizedHeight: row!.height, finalizedHash: row!.hash });
  await data('query TopTokens { tokens { totalCount } }');
  // an operation that fails while it runs (errors are counted per operation)
  assert.ok((await gql('{ transfers(first: 100000000) { nodes { id } } }')).body.errors?.length);
  const metrics = await (await fetch(`${api.url}/metrics`)).text();
  assert.match(metrics, /api_graphql_requests_total\{operation="TopTokens"\} [1-9]/);
  assert.match(metrics, /api_graphql_duration_seconds_bucket\{le="0.005",operation="TopTokens"\}/);
  assert.match(metrics, /api_db_pool_connections\{state="total"\} [1-9]/);
  assert.match(metrics, /api_graphql_errors_total\{operation="anonymous"\} [1-9]/);
});

test('npm run api: API_WORKERS processes serve PORT over API_DATABASE_URL as JSON logs, /metrics counts them all, all stop on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts')], {
    env: { ...process.env, API_DATABASE_URL: readerUrl, PORT: '0', API_WORKERS: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /"url":"([^"]+)\/graphql"/.exec(out);
        if (m) resolve(m[1]!);
      });
      void exited.then(() => reject(new Error(`api exited: ${out}`)));
    });
    assert.equal((await fetch(`${url}/health`)).status, 200);
    assert.equal((await fetch(`${url}/ready`)).status, 200);
    // each request on a connection of its own: the primary deals connections to the workers in turn
    const requests = 12;
    for (let i = 0; i < requests; i++) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ query: 'query Probe { tokens(first: 1) { nodes { id } } }' }),
      });
      assert.equal(res.status, 200);
      await res.text();
    }
    // the primary's children running the API (tsx may run its compiler service beside them)
    const workers = execFileSync('pgrep', ['-P', String(child.pid), '-f', 'api/main.ts']).toString().trim().split('\n');
    assert.equal(workers.length, 2, `worker processes: ${workers.join(', ')}`);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const counted = /^api_graphql_requests_total\{operation="Probe"\} (\d+)$/m.exec(metrics);
    assert.equal(Number(counted?.[1]), requests, `the metrics of both workers, summed:\n${metrics.slice(0, 600)}`);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { level: string; msg: string; workers?: number });
    assert.ok(lines.some((l) => l.msg === 'api listening' && l.workers === 2), out);
    assert.ok(lines.some((l) => l.msg === 'api stopping'), out);
    for (const pid of workers) assert.equal(spawnSync('kill', ['-0', pid]).status, 1, `worker ${pid} outlived the primary`);
    assert.ok(!out.includes('api-test-password'), 'the password never reaches a log');
  } finally {
    child.kill('SIGKILL');
  }
});

test('before a verifier ran on the database, verifications is empty and Inference.verification null (not an error)', async () => {
  const t = (await sql<{ t: string | null }>("SELECT to_regclass('verifier.verification')::text AS t"))[0]?.t;
  assert.equal(t, null, 'precondition: no verifier schema yet');
  const d = await data('{ verifications(first: 5) { totalCount nodes { id } } verification(id: "1") { id } inferences(first: 3) { nodes { id verification { verdict } } } }');
  assert.deepEqual(d.verifications, { totalCount: 0, nodes: [] });
  assert.equal(d.verification, null);
  assert.ok(d.inferences.nodes.length > 0, 'the devnet has inferences');
  for (const n of d.inferences.nodes) assert.equal(n.verification, null);
});

test('every column the API filters or sorts on a big table leads an index; every relation column too', async () => {
  await withClient(pg.settings, migrateVerifier); // the verifier's own schema, which `verifications` reads
  const indexes = await sql<{ table: string; def: string }>(
    "SELECT CASE WHEN schemaname = 'public' THEN tablename ELSE schemaname || '.' || tablename END AS table, indexdef AS def FROM pg_indexes WHERE schemaname IN ('public', 'verifier')",
  );
  const leads = (table: string, column: string) =>
    indexes.some((i) => i.table === table && new RegExp(`\\("?${column}"?[,)]`).test(i.def));
  let checked = 0;
  for (const spec of definedEntities()) {
    for (const [field, c] of Object.entries(spec.columns)) {
      if (c.indexed || field === 'id') {
        assert.ok(leads(spec.table, c.column), `${spec.name}.${field}: no index on ${spec.table}(${c.column}) leads with it`);
        checked++;
      }
    }
    for (const [field, r] of Object.entries(spec.relations)) {
      assert.ok(leads(spec.table, r.column), `${spec.name}.${field}: no index on ${spec.table}(${r.column})`);
      checked++;
    }
  }
  assert.ok(checked > 60, `${checked} columns checked`);
});

test('npm run api refuses a login that can write', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts')], {
    env: { ...process.env, API_DATABASE_URL: settingsToUrl(pg.settings), PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  assert.equal(code, 1, out);
  assert.match(out, /API_DATABASE_URL: the login postgres can write to the database; expected a login of openledger_reader/);
  assert.ok(!out.includes(pg.settings.password!), 'the password never reaches a log');
});

test('a database error reaches the client masked: no SQL, no table name, no stack', async () => {
  const reader = await createReaderLogin(pg.settings, 'api_test', 'api-test-password-0123456789');
  const broken = createPool({ ...reader, options: '-c search_path=nowhere' } as typeof reader);
  const server = await createServer({ pool: broken, port: 0, log: silentLog });
  try {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ datanets { nodes { id name } } }' }) });
    const text = await res.text();
    assert.ok(res.status < 500, `HTTP ${res.status}`);
    assert.deepEqual(JSON.parse(text).errors.map((e: { message: string }) => e.message), ['Unexpected error.']);
    assert.doesNotMatch(text, /datanet"|relation|SELECT|at \/|\.ts:/, text);
  } finally {
    await server.close();
    await broken.end();
  }
});
