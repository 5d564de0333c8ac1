// "As of block N" and the `history` connections over real HTTP, on a devnet scenario indexed into a
// real (embedded) Postgres, the API connected as a reader login. Balances are checked against the
// chain's balanceOf at those blocks; contributions against their attribution rows.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Address } from 'viem';
import { abiOf } from '../contracts/artifacts.ts';
import { withClient, type RunningPostgres } from '../db/postgres.ts';
import type { Ctx } from '../test/support/contracts.ts';
import { graphqlClient, startIndexedApi, type IndexedApi } from '../test/support/indexedApi.ts';
import { definedEntities } from './schema/entityTypes.ts';
import type { ApiServer } from './server.ts';
import { loadByIds } from './sql/page.ts';

let pg: RunningPostgres;
let c: Ctx;
let api: ApiServer;
const { gql, data } = graphqlClient(() => api.url);

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(pg.settings, async (client) => (await client.query(text, params)).rows as T[]);

const one = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await sql<T>(text, params))[0]!;



let fixture: IndexedApi;

before(async () => {
  fixture = await startIndexedApi({ login: ['asof_test', 'asof-test-password-0123456789'] });
  ({ pg, c, api } = fixture);
});

after(async () => {
  await fixture?.stop();
});

const balanceOf = async (account: string, block: number) =>
  (await c.publicClient.readContract({ address: c.addr('OPEN'), abi: abiOf('OPEN'), functionName: 'balanceOf', args: [account as Address], blockNumber: BigInt(block) })) as bigint;

test("an account's OPEN balance as of three blocks equals the chain's balanceOf at them; before its first change it is absent", async () => {
  // the account whose OPEN balance took the most values (chosen from the data, then checked against the chain)
  const { account } = await one<{ account: string }>(
    'SELECT account_id AS account FROM account_history GROUP BY account_id ORDER BY count(DISTINCT open_balance) DESC, account_id LIMIT 1',
  );
  const ranges = await sql<{ from: number; to: number | null }>(
    'SELECT valid_from_block AS from, valid_to_block AS to FROM account_history WHERE account_id = $1 ORDER BY valid_from_block', [account],
  );
  assert.ok(ranges.length >= 3, `${account} changed in ${ranges.length} blocks`);
  const mid = ranges[Math.floor(ranges.length / 2)]!;
  const blocks = [ranges[0]!.from, mid.to === null ? mid.from : Math.floor((mid.from + mid.to - 1) / 2), ranges.at(-1)!.from + 1];
  const balances = new Set<bigint>();
  for (const block of blocks) {
    const chain = await balanceOf(account, block);
    balances.add(chain);
    const d = await data('query($id: Address!, $n: Int!) { account(id: $id, block: { number: $n }) { id openBalance } }', { id: account, n: block });
    assert.equal(d.account?.openBalance, chain.toString(), `block ${block}`);
    const list = await data('query($id: Address!, $n: Int!) { accounts(block: { number: $n }, where: { id_eq: $id }) { nodes { openBalance } } }', { id: account, n: block });
    assert.deepEqual(list.accounts.nodes, [{ openBalance: chain.toString() }], `block ${block} (connection)`);
  }
  assert.ok(balances.size >= 2, `the balance changed between the blocks ${blocks.join(', ')}: ${[...balances].join(', ')}`);
  const before = ranges[0]!.from - 1;
  assert.equal(await balanceOf(account, before), 0n);
  assert.equal((await data('query($id: Address!, $n: Int!) { account(id: $id, block: { number: $n }) { id } }', { id: account, n: before })).account, null);
});

test('accounts as of a block are those that existed then, with their balances of then', async () => {
  const { n } = await one<{ n: number }>('SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY first_seen_block) AS n FROM account');
  const expected = await sql<{ id: string }>('SELECT id FROM account WHERE first_seen_block <= $1 ORDER BY id', [n]);
  const d = await data('query($n: Int!) { accounts(first: 1000, block: { number: $n }) { totalCount nodes { id openBalance } } }', { n });
  assert.deepEqual(d.accounts.nodes.map((a: { id: string }) => a.id), expected.map((r) => r.id));
  assert.equal(d.accounts.totalCount, expected.length);
  for (const a of d.accounts.nodes.slice(0, 5)) assert.equal(a.openBalance, (await balanceOf(a.id, n)).toString(), a.id);
});

test("a contribution's influence and attribution count as of each block equal its attribution rows up to that block", async () => {
  const { id } = await one<{ id: string }>(
    'SELECT contribution_id AS id FROM contribution_history GROUP BY contribution_id ORDER BY count(*) DESC, contribution_id LIMIT 1',
  );
  const { submitted } = await one<{ submitted: number }>('SELECT submitted_at_block AS submitted FROM contribution WHERE id = $1', [id]);
  const blocks = await sql<{ b: number }>('SELECT DISTINCT block_number AS b FROM inference_attribution WHERE contribution_id = $1 ORDER BY 1', [id]);
  assert.ok(blocks.length >= 2, `contribution ${id} attributed in ${blocks.length} blocks`);
  for (const block of [submitted, ...blocks.map((r) => r.b)]) {
    const [want] = await sql<{ influence: string; n: number }>(
      'SELECT coalesce(sum(share), 0)::text AS influence, count(*)::int AS n FROM inference_attribution WHERE contribution_id = $1 AND block_number <= $2',
      [id, block],
    );
    const d = await data('query($id: ID!, $n: Int!) { contribution(id: $id, block: { number: $n }) { influence attributionCount } }', { id, n: block });
    assert.deepEqual(d.contribution, { influence: want!.influence, attributionCount: want!.n }, `block ${block}`);
  }
  assert.equal((await data('query($id: ID!, $n: Int!) { contribution(id: $id, block: { number: $n }) { id } }', { id, n: submitted - 1 })).contribution, null);
  const ids = (await sql<{ id: string }>('SELECT id FROM contribution WHERE submitted_at_block <= $1 ORDER BY id', [submitted])).map((r) => r.id);
  const d = await data('query($n: Int!) { contributions(first: 1000, block: { number: $n }) { nodes { id } } }', { n: submitted });
  assert.deepEqual(d.contributions.nodes.map((x: { id: string }) => x.id), ids);
});

test("nested connections take block too: each datanet's contributions as of a block, with their influence then", async () => {
  const { n } = await one<{ n: number }>('SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY block_number) AS n FROM inference_attribution');
  const want = await sql<{ datanet: string; id: string; influence: string }>(
    `SELECT c.datanet_id AS datanet, c.id, coalesce((SELECT sum(share) FROM inference_attribution a WHERE a.contribution_id = c.id AND a.block_number <= $1), 0)::text AS influence
     FROM contribution c WHERE c.submitted_at_block <= $1 ORDER BY c.datanet_id, c.id`, [n],
  );
  assert.ok(want.some((r) => r.influence !== '0') && want.length >= 2 && want.length < 50, JSON.stringify(want));
  const d = await data('query($n: Int!) { datanets(first: 50) { nodes { id contributions(first: 50, block: { number: $n }) { totalCount nodes { id influence } } } } }', { n });
  const got = d.datanets.nodes.flatMap((dn: any) => dn.contributions.nodes.map((x: any) => ({ datanet: dn.id, id: x.id, influence: x.influence })));
  got.sort((a: any, b: any) => (a.datanet === b.datanet ? (a.id < b.id ? -1 : 1) : a.datanet < b.datanet ? -1 : 1));
  assert.deepEqual(got, want);
  for (const dn of d.datanets.nodes) assert.equal(dn.contributions.totalCount, want.filter((r) => r.datanet === dn.id).length);
});

test('Account.history pages forward and backward over every change, oldest first, each range ending where the next begins', async () => {
  const { account } = await one<{ account: string }>('SELECT account_id AS account FROM account_history GROUP BY account_id ORDER BY count(*) DESC, account_id LIMIT 1');
  const rows = await sql<{ id: string; from: number; to: number | null }>(
    'SELECT id, valid_from_block AS from, valid_to_block AS to FROM account_history WHERE account_id = $1 ORDER BY valid_from_block', [account],
  );
  assert.ok(rows.length >= 4, `${rows.length} changes`);
  const walk = async (backward: boolean) => {
    const seen: { id: string; validFromBlock: number; validToBlock: number | null }[] = [];
    let cursor: string | null = null;
    for (;;) {
      const args = backward ? 'last: 2, before: $cursor' : 'first: 2, after: $cursor';
      const d: any = await data(
        `query($id: Address!, $cursor: String) { account(id: $id) { history(${args}) { nodes { id validFromBlock validToBlock account { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
        { id: account, cursor },
      );
      const h = d.account.history;
      for (const n of h.nodes) assert.equal(n.account.id, account);
      const got = h.nodes.map(({ id, validFromBlock, validToBlock }: any) => ({ id, validFromBlock, validToBlock }));
      if (backward) seen.unshift(...got);
      else seen.push(...got);
      if (!(backward ? h.pageInfo.hasPreviousPage : h.pageInfo.hasNextPage)) return seen;
      cursor = backward ? h.pageInfo.startCursor : h.pageInfo.endCursor;
    }
  };
  const expected = rows.map((r) => ({ id: r.id, validFromBlock: r.from, validToBlock: r.to }));
  assert.deepEqual(await walk(false), expected);
  assert.deepEqual(await walk(true), expected);
  for (let i = 0; i + 1 < rows.length; i++) assert.equal(rows[i]!.to, rows[i + 1]!.from);
  assert.equal(rows.at(-1)!.to, null);
  const newest = await data('query($id: Address!) { account(id: $id) { history(first: 1, orderBy: [validFromBlock_DESC]) { nodes { id } } } }', { id: account });
  assert.equal(newest.account.history.nodes[0].id, rows.at(-1)!.id);
  const since = await data('query($id: Address!, $n: Int!) { account(id: $id) { history(where: { validFromBlock_gte: $n }) { nodes { id } } } }', { id: account, n: rows[2]!.from });
  assert.deepEqual(since.account.history.nodes.map((n: { id: string }) => n.id), rows.slice(2).map((r) => r.id));
});

test('hostile block numbers: negative and past Int are GraphQL errors, past the head answers the latest indexed state', async () => {
  const { id } = await one<{ id: string }>('SELECT id FROM account ORDER BY id LIMIT 1');
  const neg = await gql('query($id: Address!) { account(id: $id, block: { number: -1 }) { id } }', { id });
  assert.ok(neg.status < 500);
  assert.deepEqual(neg.body.errors?.map((e) => e.message), ['block.number: expected a block number from 0, got -1']);
  const negList = await gql('{ stakes(block: { number: -5 }) { nodes { id } } }');
  assert.deepEqual(negList.body.errors?.map((e) => e.message), ['block.number: expected a block number from 0, got -5']);
  const huge = await gql('{ attributors(block: { number: 99999999999999 }) { nodes { id } } }');
  assert.ok(huge.status < 500 && huge.body.errors?.[0]?.message.includes('Int cannot represent non 32-bit signed integer value'), JSON.stringify(huge.body));
  const far = await data('query($id: Address!) { now: account(id: $id) { openBalance votingPower } later: account(id: $id, block: { number: 2147483647 }) { openBalance votingPower } }', { id });
  assert.deepEqual(far.later, far.now);
  assert.equal((await gql('{ tokens(block: { number: 1 }) { nodes { id } } }')).body.errors?.[0]?.message.includes('Unknown argument "block"'), true);
});

test('stakes and attributors as of a block: each equals its history row valid then', async () => {
  for (const [field, table, key, cols] of [
    ['stake', 'stake_history', 'stake_id', { status: 'status', value: 'value' }],
    ['attributor', 'attributor_history', 'attributor_id', { activeStake: 'active_stake', totalSlashed: 'total_slashed' }],
  ] as const) {
    const rows = await sql<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${key}, valid_from_block`);
    assert.ok(rows.length >= 2, `${table}: ${rows.length} rows`);
    for (const row of rows.slice(0, 6)) {
      const idType = field === 'stake' ? 'ID' : 'Address';
      const d = await data(`query($id: ${idType}!, $n: Int!) { ${field}(id: $id, block: { number: $n }) { ${Object.keys(cols).join(' ')} } }`, { id: row[key], n: row.valid_from_block });
      assert.deepEqual(d[field], Object.fromEntries(Object.entries(cols).map(([f, c]) => [f, String(row[c])])), `${table} ${String(row.id)}`);
    }
  }
});

test('an entity as of a block is one probe of the index (entity id, valid_from_block) of its history table', async () => {
  const specs = definedEntities().filter((s) => s.history);
  assert.deepEqual(specs.map((s) => s.name).sort(), ['Account', 'Attributor', 'Contribution', 'Stake']);
  for (const spec of specs) {
    const h = spec.history!;
    const indexes = await sql<{ name: string; def: string }>('SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = $1', [h.table]);
    const index = indexes.find((i) => new RegExp(`\\("?${h.entityColumn}"?, "?valid_from_block"?\\)`).test(i.def));
    assert.ok(index, `${h.table}: an index on (${h.entityColumn}, valid_from_block)`);
    const [row] = await sql<{ id: string; n: number }>(`SELECT ${h.entityColumn} AS id, valid_from_block AS n FROM ${h.table} LIMIT 1`);
    const statements: { text: string; params: unknown[] }[] = [];
    await loadByIds({ query: async (text, params) => (statements.push({ text, params }), { rows: [] }) }, spec, [row!.id], row!.n);
    const plan = await withClient(pg.settings, async (client) => {
      await client.query('SET enable_seqscan = off');
      return (await client.query(`EXPLAIN ${statements[0]!.text}`, statements[0]!.params)).rows.map((r) => String(r['QUERY PLAN'])).join('\n');
    });
    assert.match(plan, new RegExp(`Index Scan Backward using "?${index!.name}"? on ${h.table}`), plan);
  }
});
