// The entities api.test.ts does not cover (credits, ownership, roles, settings, airdrops, payments,
// bond events, rollups, ...), the `_some` / `_every` / `_none` filters on one-to-many lists, and
// GraphiQL in a real headless browser; over real HTTP on a devnet scenario indexed into a real
// (embedded) Postgres. Expectations are SQL run here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse, validate } from 'graphql';
import { withClient, type RunningPostgres } from '../db/postgres.ts';
import { browserUnavailable, launchBrowser } from '../test/support/browser.ts';
import { graphqlClient, startIndexedApi, type IndexedApi } from '../test/support/indexedApi.ts';
import { apiSchema } from './schema/index.ts';
import { definedEntities } from './schema/entityTypes.ts';
import { toManyOf } from './sql/entity.ts';
import { loadPage } from './sql/page.ts';

let fixture: IndexedApi;
let pg: RunningPostgres;
const { data, gql } = graphqlClient(() => fixture.api.url);

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  withClient(pg.settings, async (client) => (await client.query(text, params)).rows as T[]);
const ids = async (text: string, params: unknown[] = []) => (await sql<{ id: string }>(text, params)).map((r) => r.id);
const nodeIds = (connection: { nodes: { id: string }[] }) => connection.nodes.map((n) => n.id);

before(async () => {
  fixture = await startIndexedApi({ login: ['explore_test', 'explore-test-password-0123456789'] });
  pg = fixture.pg;
});

after(async () => {
  await fixture?.stop();
});

/** The root fields this file covers: list, lookup, table. */
const ROOTS: [list: string, lookup: string, table: string][] = [
  ['creditSpends', 'creditSpend', 'credit_spend'], ['creditAllowances', 'creditAllowance', 'credit_allowance'],
  ['contractOwners', 'contractOwner', 'contract_owner'], ['roleBits', 'roleBitsById', 'role_bits'],
  ['roleMemberships', 'roleMembership', 'role_membership'], ['parameterChanges', 'parameterChange', 'parameter_change'],
  ['airdropSettings', 'airdropSettingsById', 'airdrop_settings'], ['airdropBatches', 'airdropBatch', 'airdrop_batch'],
  ['airdropClaims', 'airdropClaim', 'airdrop_claim'], ['owedPayments', 'owedPayment', 'owed_payment'],
  ['paymentEvents', 'paymentEvent', 'payment_event'], ['attributorBondEvents', 'attributorBondEvent', 'attributor_bond_event'],
  ['contributionRollups', 'contributionRollup', 'contribution_rollup'], ['contributorRollups', 'contributorRollup', 'contributor_rollup'],
  ['datanetRollups', 'datanetRollup', 'datanet_rollup'], ['modelRollups', 'modelRollup', 'model_rollup'],
  ['datanetTransactions', 'datanetTransaction', 'datanet_transaction'], ['attributionMethods', 'attributionMethod', 'attribution_method'],
  ['modelDatanets', 'modelDatanet', 'model_datanet'], ['contracts', 'contract', 'contract'], ['eventCounts', 'eventCount', 'event_count'],
  ['timelockCalls', 'timelockCall', 'timelock_call'],
];
/** Tables the scenario leaves empty (nothing the indexer cannot store happens in it). */
const EMPTY_ON_DEVNET: [list: string, table: string][] = [['quarantinedLogs', 'quarantined_log']];

test('every new root connection lists exactly its table (forward and backward), every lookup finds each row', async () => {
  for (const [list, table] of EMPTY_ON_DEVNET) {
    assert.deepEqual(await ids(`SELECT id FROM ${table}`), [], table);
    assert.deepEqual((await data(`{ ${list} { totalCount nodes { id } } }`))[list], { totalCount: 0, nodes: [] });
  }
  const lookupArgs = (await data('{ __type(name: "Query") { fields { name args { name type { ofType { name } } } } } }')).__type.fields;
  for (const [list, lookup, table] of ROOTS) {
    const expected = await ids(`SELECT id FROM ${table} ORDER BY id`);
    assert.ok(expected.length > 0, `${table} is empty: the scenario should fill it`);
    const d = (await data(`{ ${list}(first: 1000) { totalCount nodes { id } } }`))[list];
    assert.deepEqual(nodeIds(d), expected, list);
    assert.equal(d.totalCount, expected.length, `${list} totalCount`);
    const backward = (await data(`{ ${list}(last: 1000) { nodes { id } } }`))[list];
    assert.deepEqual(nodeIds(backward), expected, `${list} backward`);
    const idType = lookupArgs.find((f: { name: string }) => f.name === lookup).args[0].type.ofType.name;
    const aliases = expected.slice(0, 40).map((id, i) => `r${i}: ${lookup}(id: ${JSON.stringify(id)}) { id }`);
    assert.deepEqual(Object.values(await data(`{ ${aliases.join(' ')} }`)).map((r: any) => r.id), expected.slice(0, 40), `${lookup} (${idType})`);
  }
});

test('lookups by natural key (addresses in any case) find the row its id names; null for a key without one', async () => {
  const upper = (a: string) => `0x${a.slice(2).toUpperCase()}`;
  const cases: [lookup: string, table: string, keys: [arg: string, type: string, column: string][]][] = [
    ['creditAllowanceByKey', 'credit_allowance', [['user', 'Address', '"user"'], ['attributor', 'Address', 'attributor']]],
    ['roleBitsByKey', 'role_bits', [['contract', 'Address', 'contract_address'], ['account', 'Address', 'account']]],
    ['owedPaymentByKey', 'owed_payment', [['contract', 'Address', 'contract'], ['account', 'Address', 'account']]],
    ['roleMembershipByKey', 'role_membership', [['contract', 'Address', 'contract_address'], ['role', 'Bytes', 'role'], ['account', 'Address', 'account']]],
    ['airdropBatchByKey', 'airdrop_batch', [['contract', 'Address', 'contract_address'], ['root', 'Bytes', 'root']]],
    ['airdropClaimByKey', 'airdrop_claim c JOIN airdrop_batch b ON b.id = c.batch_id', [['contract', 'Address', 'b.contract_address'], ['root', 'Bytes', 'b.root'], ['account', 'Address', 'c.account']]],
  ];
  for (const [lookup, from, keys] of cases) {
    const rows = await sql<Record<string, string>>(`SELECT ${from.includes(' c ') ? 'c.id' : 'id'} AS id, ${keys.map(([arg, , column]) => `${column} AS "${arg}"`).join(', ')} FROM ${from} ORDER BY 1`);
    assert.ok(rows.length > 0, `${from}: no rows`);
    const query = `query(${keys.map(([arg, type]) => `$${arg}: ${type}!`).join(', ')}) { ${lookup}(${keys.map(([arg]) => `${arg}: $${arg}`).join(', ')}) { id } }`;
    for (const row of rows) {
      const args = Object.fromEntries(keys.map(([arg]) => [arg, upper(row[arg]!)]));
      assert.deepEqual((await data(query, args))[lookup], { id: row.id }, `${lookup} ${JSON.stringify(args)}`);
    }
    const missing = Object.fromEntries(keys.map(([arg, type]) => [arg, type === 'Address' ? `0x${'ab'.repeat(20)}` : `0x${'cd'.repeat(32)}`]));
    assert.equal((await data(query, missing))[lookup], null, `${lookup}: a key without a row`);
  }
});

test('field values equal the rows: credit spends, payments, bond events, parameter changes, rollups, airdrops, roles', async () => {
  const spends = await sql('SELECT id, "user", spender, attributor, credit_amount, amount_paid, balance_after, allowance_after, block_number, timestamp, tx_hash, log_index FROM credit_spend ORDER BY id');
  const gotSpends = (await data('{ creditSpends { nodes { id user spender attributor creditAmount amountPaid balanceAfter allowanceAfter blockNumber timestamp txHash logIndex } } }')).creditSpends.nodes;
  assert.deepEqual(gotSpends, spends.map((r: any) => ({
    id: r.id, user: r.user, spender: r.spender, attributor: r.attributor, creditAmount: r.credit_amount, amountPaid: r.amount_paid,
    balanceAfter: r.balance_after, allowanceAfter: r.allowance_after, blockNumber: r.block_number, timestamp: r.timestamp.toISOString(), txHash: r.tx_hash, logIndex: r.log_index,
  })));
  const payments = await sql('SELECT id, contract, account, kind, amount, owed_after, challenge_id FROM payment_event ORDER BY id');
  assert.ok(payments.some((p: any) => p.kind === 'WITHDRAWN') && payments.some((p: any) => p.challenge_id !== null), 'credited and withdrawn payments');
  assert.deepEqual((await data('{ paymentEvents { nodes { id contract account kind amount owedAfter challenge { id } } } }')).paymentEvents.nodes,
    payments.map((r: any) => ({ id: r.id, contract: r.contract, account: r.account, kind: r.kind, amount: r.amount, owedAfter: r.owed_after, challenge: r.challenge_id && { id: r.challenge_id } })));
  const owed = await sql('SELECT id, contract, account, owed FROM owed_payment ORDER BY id');
  assert.deepEqual((await data('{ owedPayments { nodes { id contract account owed } } }')).owedPayments.nodes, owed);
  const bonds = await sql('SELECT id, kind, amount, active_stake_after, pending_stake_after, attributor_id, challenge_id FROM attributor_bond_event ORDER BY id');
  assert.ok(bonds.some((b: any) => b.kind === 'SLASHED' && b.challenge_id), 'a slash');
  assert.deepEqual((await data('{ attributorBondEvents { nodes { id kind amount activeStakeAfter pendingStakeAfter attributor { id } challenge { id } } } }')).attributorBondEvents.nodes,
    bonds.map((r: any) => ({ id: r.id, kind: r.kind, amount: r.amount, activeStakeAfter: r.active_stake_after, pendingStakeAfter: r.pending_stake_after, attributor: { id: r.attributor_id }, challenge: r.challenge_id && { id: r.challenge_id } })));
  const params = await sql('SELECT id, contract, contract_address, event, args FROM parameter_change ORDER BY id');
  assert.deepEqual((await data('{ parameterChanges(first: 1000) { nodes { id contract contractAddress event args } } }')).parameterChanges.nodes,
    params.map((r: any) => ({ id: r.id, contract: r.contract, contractAddress: r.contract_address, event: r.event, args: r.args })));
  const rollups = await sql('SELECT id, period, bucket_start, influence, attributions, rewards, cumulative_influence, cumulative_rewards, contribution_id FROM contribution_rollup ORDER BY id');
  assert.deepEqual((await data('{ contributionRollups(first: 1000) { nodes { id period bucketStart influence attributions rewards cumulativeInfluence cumulativeRewards contribution { id } } } }')).contributionRollups.nodes,
    rollups.map((r: any) => ({ id: r.id, period: r.period, bucketStart: r.bucket_start.toISOString(), influence: r.influence, attributions: r.attributions, rewards: r.rewards,
      cumulativeInfluence: r.cumulative_influence, cumulativeRewards: r.cumulative_rewards, contribution: { id: r.contribution_id } })));
  const models = await sql('SELECT id, period, inferences, fees, cumulative_fees, model_id FROM model_rollup ORDER BY id');
  assert.deepEqual((await data('{ modelRollups { nodes { id period inferences fees cumulativeFees model { id } } } }')).modelRollups.nodes,
    models.map((r: any) => ({ id: r.id, period: r.period, inferences: r.inferences, fees: r.fees, cumulativeFees: r.cumulative_fees, model: { id: r.model_id } })));
  const batches = await sql('SELECT id, contract_address, root, enabled, fee, claim_count, total_claimed FROM airdrop_batch ORDER BY id');
  assert.deepEqual((await data('{ airdropBatches { nodes { id contractAddress root enabled fee claimCount totalClaimed } } }')).airdropBatches.nodes,
    batches.map((r: any) => ({ id: r.id, contractAddress: r.contract_address, root: r.root, enabled: r.enabled, fee: r.fee, claimCount: r.claim_count, totalClaimed: r.total_claimed })));
  const bits = await sql('SELECT id, contract, contract_address, account, roles FROM role_bits ORDER BY id');
  assert.deepEqual((await data('{ roleBits { nodes { id contract contractAddress account roles } } }')).roleBits.nodes,
    bits.map((r: any) => ({ id: r.id, contract: r.contract, contractAddress: r.contract_address, account: r.account, roles: r.roles })));
  const members = await sql('SELECT id, role, role_name, account, active FROM role_membership ORDER BY id');
  assert.deepEqual((await data('{ roleMemberships { nodes { id role roleName account active } } }')).roleMemberships.nodes,
    members.map((r: any) => ({ id: r.id, role: r.role, roleName: r.role_name, account: r.account, active: r.active })));
});

test('relations navigate both ways, each list equal to its rows in SQL', async () => {
  // parent list -> nested connection -> SQL of the child's column
  const cases: [query: string, pick: (d: any) => Record<string, string[]>, expectation: string][] = [
    ['{ challenges { nodes { id payments { nodes { id } } } } }', (d) => byParent(d.challenges.nodes, 'payments'), 'SELECT challenge_id AS p, id FROM payment_event WHERE challenge_id IS NOT NULL'],
    ['{ challenges { nodes { id slashes { nodes { id } } } } }', (d) => byParent(d.challenges.nodes, 'slashes'), 'SELECT challenge_id AS p, id FROM attributor_bond_event WHERE challenge_id IS NOT NULL'],
    ['{ attributors { nodes { id bondEvents { nodes { id } } } } }', (d) => byParent(d.attributors.nodes, 'bondEvents'), 'SELECT attributor_id AS p, id FROM attributor_bond_event'],
    ['{ attributors { nodes { id creditSpends { nodes { id } } } } }', (d) => byParent(d.attributors.nodes, 'creditSpends'), 'SELECT attributor AS p, id FROM credit_spend WHERE attributor IN (SELECT id FROM attributor)'],
    ['{ attributors { nodes { id creditAllowances { nodes { id } } } } }', (d) => byParent(d.attributors.nodes, 'creditAllowances'), 'SELECT attributor AS p, id FROM credit_allowance WHERE attributor IN (SELECT id FROM attributor)'],
    ['{ airdropBatches { nodes { id claims { nodes { id } } } } }', (d) => byParent(d.airdropBatches.nodes, 'claims'), 'SELECT batch_id AS p, id FROM airdrop_claim'],
    ['{ models { nodes { id datanets { nodes { id } } } } }', (d) => byParent(d.models.nodes, 'datanets'), 'SELECT model_id AS p, id FROM model_datanet'],
    ['{ datanets { nodes { id models { nodes { id } } } } }', (d) => byParent(d.datanets.nodes, 'models'), 'SELECT datanet_id AS p, id FROM model_datanet'],
    ['{ contributions { nodes { id rollups(first: 1000) { nodes { id } } } } }', (d) => byParent(d.contributions.nodes, 'rollups'), 'SELECT contribution_id AS p, id FROM contribution_rollup'],
    ['{ contributors { nodes { id rollups(first: 1000) { nodes { id } } } } }', (d) => byParent(d.contributors.nodes, 'rollups'), 'SELECT contributor_id AS p, id FROM contributor_rollup'],
    ['{ datanets { nodes { id rollups(first: 1000) { nodes { id } } } } }', (d) => byParent(d.datanets.nodes, 'rollups'), 'SELECT datanet_id AS p, id FROM datanet_rollup'],
    ['{ models { nodes { id rollups(first: 1000) { nodes { id } } } } }', (d) => byParent(d.models.nodes, 'rollups'), 'SELECT model_id AS p, id FROM model_rollup'],
  ];
  const accountLists: [field: string, table: string, column: string][] = [
    ['creditPurchases', 'credit_purchase', 'user'], ['creditSpends', 'credit_spend', 'user'], ['creditAllowances', 'credit_allowance', 'user'],
    ['airdropClaims', 'airdrop_claim', 'account'], ['paymentEvents', 'payment_event', 'account'], ['owedPayments', 'owed_payment', 'account'],
    ['roleBits', 'role_bits', 'account'], ['roleMemberships', 'role_membership', 'account'],
  ];
  for (const [field, table, column] of accountLists) {
    cases.push([`{ accounts(first: 1000) { nodes { id ${field} { nodes { id } } } } }`, (d) => byParent(d.accounts.nodes, field),
      `SELECT "${column}" AS p, id FROM ${table} WHERE "${column}" IN (SELECT id FROM account)`]);
  }
  for (const [query, pick, expectation] of cases) {
    const got = pick(await data(query));
    const expected: Record<string, string[]> = {};
    for (const r of await sql<{ p: string; id: string }>(`${expectation} ORDER BY id`)) (expected[r.p] ??= []).push(r.id);
    assert.ok(Object.keys(expected).length > 0, `${expectation}: no rows`);
    assert.deepEqual(got, expected, query);
  }
  // a rollup list under one parent, filtered and sorted on the index (parent, period, bucket_start)
  const [top] = await sql<{ id: string }>("SELECT contribution_id AS id FROM contribution_rollup WHERE period = 'HOUR' GROUP BY contribution_id ORDER BY count(*) DESC LIMIT 1");
  const hours = await sql<{ id: string }>("SELECT id FROM contribution_rollup WHERE contribution_id = $1 AND period = 'HOUR' ORDER BY period DESC, bucket_start DESC, id DESC", [top!.id]);
  const got = (await data(`query($id: ID!) { contribution(id: $id) { rollups(where: { period_eq: HOUR }, orderBy: [period_DESC, bucketStart_DESC]) { nodes { id } } } }`, { id: top!.id })).contribution.rollups;
  assert.deepEqual(nodeIds(got), hours.map((r) => r.id));
});

function byParent(parents: any[], field: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of parents) if (p[field].nodes.length > 0) out[p.id] = p[field].nodes.map((n: { id: string }) => n.id).sort();
  return out;
}

test('_some, _every and _none on one-to-many lists equal EXISTS written in SQL', async () => {
  const contributor = (await sql<{ a: string }>('SELECT contributor AS a FROM contribution GROUP BY contributor ORDER BY count(*) DESC LIMIT 1'))[0]!.a;
  const recipient = (await sql<{ a: string }>("SELECT recipient AS a FROM stake WHERE id = '1'"))[0]!.a;
  // the last block in which a stake under one config only acted
  const actionBlock = (await sql<{ b: number }>('SELECT max(x.block_number) AS b FROM stake_action x JOIN stake k ON k.id = x.stake_id GROUP BY k.config_id ORDER BY 1 LIMIT 1'))[0]!.b;
  const cases: [field: string, where: string, expectation: string, params?: unknown[]][] = [
    ['inferences', '{ attributions_some: { contribution: { datanet: { id_eq: "2" } } } }',
      "SELECT i.id FROM inference i WHERE EXISTS (SELECT 1 FROM inference_attribution a JOIN contribution c ON c.id = a.contribution_id WHERE a.inference_id = i.id AND c.datanet_id = '2')"],
    ['inferences', '{ attributions_none: { contribution: { datanet: { id_eq: "2" } } } }',
      "SELECT i.id FROM inference i WHERE NOT EXISTS (SELECT 1 FROM inference_attribution a JOIN contribution c ON c.id = a.contribution_id WHERE a.inference_id = i.id AND c.datanet_id = '2')"],
    ['inferences', `{ attributions_every: { contributor_eq: "${contributor}" } }`,
      'SELECT i.id FROM inference i WHERE NOT EXISTS (SELECT 1 FROM inference_attribution a WHERE a.inference_id = i.id AND a.contributor IS DISTINCT FROM $1)', [contributor]],
    ['inferences', '{ challenges_some: { status_eq: UPHELD } }', "SELECT i.id FROM inference i WHERE EXISTS (SELECT 1 FROM challenge c WHERE c.inference_id = i.id AND c.status = 'UPHELD')"],
    ['inferences', '{ challenges_some: {}, attributions_some: { contribution: { id_eq: "1" } } }',
      "SELECT i.id FROM inference i WHERE EXISTS (SELECT 1 FROM challenge c WHERE c.inference_id = i.id) AND EXISTS (SELECT 1 FROM inference_attribution a WHERE a.inference_id = i.id AND a.contribution_id = '1')"],
    ['inferences', '{ OR: [{ challenges_none: {} }, { challenges_every: { status_eq: REJECTED } }] }',
      "SELECT i.id FROM inference i WHERE NOT EXISTS (SELECT 1 FROM challenge c WHERE c.inference_id = i.id AND c.status <> 'REJECTED')"],
    ['datanets', `{ contributions_some: { contributor_eq: "${contributor}" } }`, 'SELECT d.id FROM datanet d WHERE EXISTS (SELECT 1 FROM contribution c WHERE c.datanet_id = d.id AND c.contributor = $1)', [contributor]],
    ['datanets', `{ contributions_every: { contributor_not_eq: "${contributor}" } }`, 'SELECT d.id FROM datanet d WHERE NOT EXISTS (SELECT 1 FROM contribution c WHERE c.datanet_id = d.id AND c.contributor = $1)', [contributor]],
    ['datanets', '{ contributions_some: { attributions_some: { inference: { challenges_some: { status_eq: UPHELD } } } } }',
      "SELECT d.id FROM datanet d WHERE EXISTS (SELECT 1 FROM contribution c JOIN inference_attribution a ON a.contribution_id = c.id JOIN challenge h ON h.inference_id = a.inference_id WHERE c.datanet_id = d.id AND h.status = 'UPHELD')"],
    ['contributors', '{ contributions_every: { datanet: { id_eq: "1" } } }', "SELECT p.id FROM contributor p WHERE NOT EXISTS (SELECT 1 FROM contribution c WHERE c.contributor = p.id AND c.datanet_id <> '1')"],
    ['contributors', '{ contributions_none: { datanet: { id_eq: "1" } } }', "SELECT p.id FROM contributor p WHERE NOT EXISTS (SELECT 1 FROM contribution c WHERE c.contributor = p.id AND c.datanet_id = '1')"],
    ['attributors', '{ bondEvents_some: { challenge: { status_eq: UPHELD } } }',
      "SELECT t.id FROM attributor t WHERE EXISTS (SELECT 1 FROM attributor_bond_event b JOIN challenge c ON c.id = b.challenge_id WHERE b.attributor_id = t.id AND c.status = 'UPHELD')"],
    ['accounts', '{ creditSpends_some: {} }', 'SELECT a.id FROM account a WHERE EXISTS (SELECT 1 FROM credit_spend s WHERE s."user" = a.id)'],
    ['stakingConfigs', `{ stakes_some: { recipient_eq: "${recipient}" } }`, 'SELECT s.id FROM staking_config s WHERE EXISTS (SELECT 1 FROM stake k WHERE k.config_id = s.id AND k.recipient = $1)', [recipient]],
    ['stakingConfigs', `{ stakes_every: { recipient_eq: "${recipient}" } }`,
      'SELECT s.id FROM staking_config s WHERE NOT EXISTS (SELECT 1 FROM stake k WHERE k.config_id = s.id AND k.recipient IS DISTINCT FROM $1)', [recipient]],
    ['stakingConfigs', `{ stakes_some: { actions_some: { blockNumber_gt: ${actionBlock} } } }`,
      'SELECT s.id FROM staking_config s WHERE EXISTS (SELECT 1 FROM stake k JOIN stake_action x ON x.stake_id = k.id WHERE k.config_id = s.id AND x.block_number > $1)', [actionBlock]],
  ];
  let empty = 0;
  for (const [field, where, expectation, params] of cases) {
    const got = nodeIds((await data(`{ ${field}(first: 1000, where: ${where}) { nodes { id } } }`))[field]);
    const expected = await ids(`${expectation} ORDER BY 1`, params);
    const all = await ids(`SELECT id FROM ${field === 'inferences' ? 'inference' : field === 'datanets' ? 'datanet' : field === 'contributors' ? 'contributor' : field === 'attributors' ? 'attributor' : field === 'accounts' ? 'account' : 'staking_config'} ORDER BY 1`);
    // a filter that keeps every row or none tells nothing: most cases must split the rows
    if (expected.length === 0 || expected.length === all.length) empty++;
    assert.deepEqual(got, expected, `${field} where ${where}`);
    const count = (await data(`{ ${field}(where: ${where}) { totalCount } }`))[field].totalCount;
    assert.equal(count, expected.length, `${field} where ${where}: totalCount`);
  }
  assert.ok(empty <= 4, `${empty} of ${cases.length} cases keep all rows or none`);
  // nested: a connection's own where takes quantifiers too
  const [dn] = await sql<{ id: string }>('SELECT datanet_id AS id FROM contribution GROUP BY datanet_id ORDER BY count(*) DESC LIMIT 1');
  // share is not indexed: the filter does not exist and the query is refused before it runs
  const refused = await gql(`query($id: ID!) { datanet(id: $id) { contributions(where: { attributions_some: { share_gt: "0" } }) { nodes { id } } } }`, { id: dn!.id });
  assert.match(refused.body.errors!.map((e) => e.message).join('; '), /share_gt/);
  const withAttributions = await ids('SELECT c.id FROM contribution c WHERE c.datanet_id = $1 AND EXISTS (SELECT 1 FROM inference_attribution a WHERE a.contribution_id = c.id AND a.block_number > 0) ORDER BY c.id', [dn!.id]);
  assert.deepEqual(nodeIds((await data(`query($id: ID!) { datanet(id: $id) { contributions(orderBy: [id_ASC], where: { attributions_some: { blockNumber_gt: 0 } }) { nodes { id } } } }`, { id: dn!.id })).datanet.contributions), withAttributions);
});

test('every one-to-many list (nested connections, _some filters) runs on a column an index leads with, probed per parent row', async () => {
  const indexes = await sql<{ table: string; def: string }>("SELECT tablename AS table, indexdef AS def FROM pg_indexes WHERE schemaname = 'public'");
  let checked = 0;
  for (const spec of definedEntities()) {
    for (const [field, r] of toManyOf(spec)) {
      const leads = indexes.some((i) => i.table === r.child.table && new RegExp(`\\("?${r.column}"?[,)]`).test(i.def));
      assert.ok(leads, `${spec.name}.${field}: no index on ${r.child.table}(${r.column}) leads with it`);
      // the statement of `<list>_some: {}` probes that index once per parent row (no scan of the child table)
      const statements: { text: string; params: unknown[] }[] = [];
      await loadPage({ query: async (text, params) => (statements.push({ text, params }), { rows: [] }) }, spec, { first: 10, where: { [`${field}_some`]: {} } });
      const plan = await withClient(pg.settings, async (client) => {
        await client.query('SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off');
        return (await client.query(`EXPLAIN ${statements[0]!.text}`, statements[0]!.params)).rows.map((row) => String(row['QUERY PLAN'])).join('\n');
      });
      assert.doesNotMatch(plan, new RegExp(`Seq Scan on ${r.child.table} `), `${spec.name}.${field}_some:\n${plan}`);
      assert.match(plan, new RegExp(`Index Cond: \\(.*${r.column}"? = `), `${spec.name}.${field}_some:\n${plan}`);
      checked++;
    }
  }
  assert.ok(checked > 30, `${checked} lists checked`);
});

test("docs/api.md's examples of the entities and quantifiers added here are valid against the schema", () => {
  const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'api.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## More entities'));
  const blocks = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const examples = blocks.flatMap((b) => b.split('\n').filter((l) => l.startsWith('{')));
  assert.ok(examples.length >= 20, `${examples.length} examples`);
  for (const example of examples) assert.deepEqual(validate(apiSchema(), parse(example)).map((e) => e.message), [], example);
});

test('GraphiQL loads in headless chromium without the internet, runs a typed query and shows its result', { skip: browserUnavailable() }, async () => {
  const browser = await launchBrowser();
  try {
    const origin = new URL(fixture.api.url).origin;
    const { page, blocked, pageErrors } = await browser.page({ origin });
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${fixture.api.url}/graphql`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.query-editor .CodeMirror', { timeout: 30_000 });
    await page.click('.query-editor .CodeMirror');
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('{ creditSpends { totalCount } roleBits(orderBy: [id_ASC]) { nodes { id roles } } }');
    // GraphiQL takes the editor's text after a short debounce
    await new Promise((r) => setTimeout(r, 1000));
    await page.click('.execute-button');
    await page.waitForFunction(() => /"totalCount"|"errors"/.test((document.querySelector('.result-window') as HTMLElement | null)?.innerText ?? ''), { timeout: 30_000 });
    // the result pane's text as the page shows it (CodeMirror renders one element per line)
    const shown = await page.evaluate(() => [...document.querySelectorAll('.result-window .CodeMirror-line')].map((l) => l.textContent).join('\n').replace(/\u00a0/g, ' '));
    let result: unknown;
    try {
      result = JSON.parse(shown.replace(/\u200b/g, ''));
    } catch {
      assert.fail(`the result pane shows no JSON: ${JSON.stringify(shown.slice(0, 300))}`);
    }
    const [{ n }] = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM credit_spend')) as [{ n: number }];
    const bits = await sql<{ id: string; roles: string }>('SELECT id, roles FROM role_bits ORDER BY id');
    assert.deepEqual(result, { data: { creditSpends: { totalCount: n }, roleBits: { nodes: bits } } });
    assert.deepEqual(blocked, [], 'the page requested nothing outside the API');
    assert.deepEqual(failed, [], 'every request of the page succeeded');
    assert.deepEqual(pageErrors, [], 'no uncaught script error');
    // the console's files are served from a list: nothing else under /console/
    for (const path of ['/console/../package.json', '/console/%2e%2e/package.json', '/console/static/js/x.js', '/console/index.html']) {
      const res = await fetch(`${fixture.api.url}${path}`);
      assert.equal(res.status, 404, path);
    }
  } finally {
    await browser.close();
  }
});
