// The analytics fields over real HTTP on one indexed devnet: every answer equals plain SQL over the
// base tables (attribution rows, inferences, reward claims, challenges) written here, never read
// from the rollups the API reads; buckets are zero-filled and counted; limits refuse clearly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PROJECT_ROOT } from '../lib/runtime.ts';
import { withClient, type RunningPostgres } from '../db/postgres.ts';
import { hash32, type Ctx } from '../test/support/contracts.ts';
import { graphqlClient, startIndexedApi, type IndexedApi } from '../test/support/indexedApi.ts';
import { actors } from '../test/support/scenario.ts';
import { MODEL_SPLIT_SQL } from './analytics/influence.ts';
import { PROTOCOL_WINDOW_SQL } from './analytics/protocolStats.ts';

let fixture: IndexedApi;
let pg: RunningPostgres;
const { gql, data } = graphqlClient(() => fixture.api.url);

const sql = <T = Record<string, any>>(text: string, params: unknown[] = []) =>
  withClient(pg.settings, async (client) => (await client.query(text, params)).rows as T[]);

const HOUR = 3_600_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Three days after the scenario: alice contributes to the second datanet, both models attribute again, one more challenge. */
async function laterActivity(c: Ctx): Promise<void> {
  const a = actors(c);
  await c.advance(3 * 86_400);
  await c.send(a.alice, 'DatanetFactory', 'submitContribution', [2n, hash32(17), 'blob://c7', 3]);
  await c.send(a.other, 'DatanetFactory', 'reviewContribution', [7n, true]);
  const rec = (n: number, modelId: bigint, contributionIds: bigint[], shares: number[]) => ({
    modelId, modelVersion: 1n, user: a.user, inputHash: hash32(0xa100 + n), inputURI: `blob://late${n}`, outputHash: hash32(0xb100 + n), contributionIds, shares,
  });
  await c.send(a.attributor, 'AttributionEngine', 'recordInferences', [[
    rec(1, 2n, [6n, 7n], [300_000_000, 700_000_000]),
    rec(2, 1n, [1n, 2n, 5n], [200_000_000, 300_000_000, 500_000_000]),
  ]]);
  await c.send(a.alice, 'Staking', 'stake', [1n, a.alice, 2n * 10n ** 18n]);
  // a challenge days after the others, left open
  await c.send(a.challenger, 'ChallengeManager', 'openChallenge', [7n, hash32(46), 'blob://evidence4'], c.deployment.params.challengeBond);
}

before(async () => {
  fixture = await startIndexedApi({ login: ['analytics_test', 'analytics-test-password-0123456789'], more: laterActivity });
  pg = fixture.pg;
});

after(async () => {
  await fixture?.stop();
});

type Unit = 'hour' | 'day';
const UNIT_MS: Record<Unit, number> = { hour: HOUR, day: DAY };
const STEP: Record<Unit, string> = { hour: `interval '1 hour'`, day: `interval '24 hours'` };

/** The bucket starts SQL lists for a window: `from` truncated to the unit (UTC), every start before `to`. */
const BUCKETS = (unit: Unit, from: string, to: string) =>
  `SELECT generate_series(date_trunc('${unit}', ${from}::timestamptz, 'UTC'), ${to}::timestamptz - interval '1 microsecond', ${STEP[unit]}) AS s`;

/** Per bucket, sums over the attribution rows matching `where` (params $3...), with running totals from the beginning. */
async function attributionBuckets(unit: Unit, from: string, to: string, where: string, params: unknown[]) {
  const inBucket = `a."timestamp" >= b.s AND a."timestamp" < b.s + ${STEP[unit]}`;
  const upTo = `a."timestamp" < b.s + ${STEP[unit]}`;
  const rows = await sql(
    `WITH b AS (${BUCKETS(unit, '$1', '$2')}), a AS (SELECT * FROM inference_attribution WHERE ${where})
     SELECT b.s AS "bucketStart",
            (SELECT count(*) FROM a WHERE ${inBucket})::int AS attributions,
            (SELECT coalesce(sum(share), 0) FROM a WHERE ${inBucket})::text AS influence,
            (SELECT coalesce(sum(reward), 0) FROM a WHERE ${inBucket})::text AS rewards,
            (SELECT coalesce(sum(share), 0) FROM a WHERE ${upTo})::text AS "cumulativeInfluence",
            (SELECT coalesce(sum(reward), 0) FROM a WHERE ${upTo})::text AS "cumulativeRewards"
       FROM b ORDER BY b.s`,
    [from, to, ...params],
  );
  return rows.map((r) => ({ ...r, bucketStart: (r.bucketStart as Date).toISOString() }));
}

const BUCKET_FIELDS = 'bucketStart attributions influence rewards cumulativeInfluence cumulativeRewards';

/** Attribution times (ms), first and last. */
async function span(): Promise<{ first: number; last: number }> {
  const [r] = await sql(`SELECT min("timestamp") AS first, max("timestamp") AS last FROM inference_attribution`);
  return { first: (r!.first as Date).getTime(), last: (r!.last as Date).getTime() };
}

/** Windows: hours from within the first hour of activity (running totals carried in), and days around all of it. */
async function windows(): Promise<{ unit: Unit; interval: string; from: string; to: string }[]> {
  const { first, last } = await span();
  assert.ok(last - first > 3 * DAY, 'the activity spans days');
  return [
    { unit: 'hour', interval: 'HOUR', from: iso(first + HOUR + 17_000), to: iso(last + 3 * HOUR) },
    { unit: 'day', interval: 'DAY', from: iso(first - 2 * DAY), to: iso(last + 2 * DAY - 5_000) },
  ];
}

const bucketsExpected = (unit: Unit, from: string, to: string) =>
  Math.ceil((Date.parse(to) - Math.floor(Date.parse(from) / UNIT_MS[unit]) * UNIT_MS[unit]) / UNIT_MS[unit]);

test('contributorInfluence: buckets and running totals equal SQL sums over the attribution rows; empty buckets are zeros', async () => {
  const contributors = (await sql<{ c: string }>('SELECT DISTINCT contributor AS c FROM inference_attribution ORDER BY 1')).map((r) => r.c);
  assert.ok(contributors.length >= 3);
  for (const w of await windows()) {
    for (const address of contributors) {
      const d = (await data(
        `query($a: Address!, $i: AnalyticsInterval!, $f: DateTime!, $t: DateTime!) {
           contributorInfluence(address: $a, interval: $i, from: $f, to: $t) { address interval from to buckets { ${BUCKET_FIELDS} } series { id } } }`,
        { a: address.toUpperCase().replace('0X', '0x'), i: w.interval, f: w.from, t: w.to },
      )).contributorInfluence;
      const expected = await attributionBuckets(w.unit, w.from, w.to, 'contributor = $3', [address]);
      assert.equal(d.buckets.length, bucketsExpected(w.unit, w.from, w.to), `${w.interval} bucket count`);
      assert.deepEqual(d.buckets, expected, `${address} ${w.interval}`);
      assert.ok(d.buckets.some((b: { attributions: number }) => b.attributions === 0), 'some buckets are empty (zeros)');
      assert.equal(d.address, address);
      assert.equal(d.from, expected[0]!.bucketStart);
      assert.equal(d.to, iso(Date.parse(expected.at(-1)!.bucketStart) + UNIT_MS[w.unit]));
      assert.deepEqual(d.series, []);
    }
  }
  const { first } = await span();
  await sql('ANALYZE inference_attribution'); // the planner weighs the two indexes led by contributor by the table's statistics
  const hourly = (await windows())[0]!;
  const alice = actors(fixture.c).alice.toLowerCase();
  const carried = (await data(`{ contributorInfluence(address: "${alice}", interval: HOUR, from: "${hourly.from}", to: "${hourly.to}") { buckets { cumulativeInfluence attributions } } }`))
    .contributorInfluence.buckets[0];
  assert.ok(BigInt(carried.cumulativeInfluence) > 0n && Date.parse(hourly.from) > first, 'running totals carried in from before `from`');
  // an address that never contributed: zeros
  const none = (await data(`{ contributorInfluence(address: "0x${'ab'.repeat(20)}", interval: DAY, from: "${hourly.from}", to: "${hourly.to}") { buckets { influence cumulativeRewards } } }`))
    .contributorInfluence.buckets;
  assert.ok(none.length > 0 && none.every((b: { influence: string; cumulativeRewards: string }) => b.influence === '0' && b.cumulativeRewards === '0'));
});

test('contributorInfluence by DATANET and by MODEL: one series per datanet / model, each equal to SQL over its attribution rows', async () => {
  const alice = actors(fixture.c).alice.toLowerCase();
  for (const w of await windows()) {
    for (const [by, column] of [['DATANET', 'datanet_id'], ['MODEL', 'model_id']] as const) {
      const d = (await data(
        `query($a: Address!, $i: AnalyticsInterval!, $f: DateTime!, $t: DateTime!, $by: InfluenceSplit) {
           contributorInfluence(address: $a, interval: $i, from: $f, to: $t, by: $by, series: 50) { to buckets { ${BUCKET_FIELDS} } series { by id buckets { ${BUCKET_FIELDS} } } } }`,
        { a: alice, i: w.interval, f: w.from, t: w.to, by },
      )).contributorInfluence;
      const keys = (await sql<{ k: string }>(`SELECT DISTINCT ${column} AS k FROM inference_attribution WHERE contributor = $1 AND "timestamp" < $2 ORDER BY 1`, [alice, d.to])).map((r) => r.k);
      assert.equal(keys.length, 2, `alice has attributions in two ${by}s`);
      assert.deepEqual(d.series.map((s: { id: string }) => s.id).sort(), keys, by);
      for (const s of d.series) {
        assert.equal(s.by, by);
        assert.deepEqual(s.buckets, await attributionBuckets(w.unit, w.from, w.to, `contributor = $3 AND ${column} = $4`, [alice, s.id]), `${by} ${s.id} ${w.interval}`);
      }
      // the series add up to the contributor's buckets
      for (let i = 0; i < d.buckets.length; i++) {
        const sum = d.series.reduce((x: bigint, s: any) => x + BigInt(s.buckets[i].cumulativeInfluence), 0n);
        assert.equal(sum, BigInt(d.buckets[i].cumulativeInfluence));
      }
      // most rewarded in the window first
      const inWindow = d.series.map((s: any) => s.buckets.reduce((x: bigint, b: any) => x + BigInt(b.rewards), 0n));
      for (let i = 1; i < inWindow.length; i++) assert.ok(inWindow[i - 1] >= inWindow[i]);
      const one = (await data(`{ contributorInfluence(address: "${alice}", interval: ${w.interval}, from: "${w.from}", to: "${w.to}", by: ${by}, series: 1) { series { id } } }`));
      assert.equal(one.contributorInfluence.series.length, 1);
    }
  }
});

test('contributionInfluence and datanetStats equal SQL over the attribution rows; an unknown id answers null', async () => {
  const contributions = (await sql<{ id: string }>('SELECT DISTINCT contribution_id AS id FROM inference_attribution ORDER BY 1')).map((r) => r.id);
  const datanets = (await sql<{ id: string }>('SELECT id FROM datanet ORDER BY id')).map((r) => r.id);
  for (const w of await windows()) {
    for (const [field, column, list] of [['contributionInfluence', 'contribution_id', contributions], ['datanetStats', 'datanet_id', datanets]] as const) {
      for (const id of list) {
        const d = (await data(
          `query($id: ID!, $i: AnalyticsInterval!, $f: DateTime!, $t: DateTime!) { ${field}(id: $id, interval: $i, from: $f, to: $t) { id interval buckets { ${BUCKET_FIELDS} } } }`,
          { id, i: w.interval, f: w.from, t: w.to },
        ))[field];
        assert.equal(d.id, id);
        assert.equal(d.interval, w.interval);
        assert.equal(d.buckets.length, bucketsExpected(w.unit, w.from, w.to));
        assert.deepEqual(d.buckets, await attributionBuckets(w.unit, w.from, w.to, `${column} = $3`, [id]), `${field}(${id}) ${w.interval}`);
      }
      assert.equal((await data(`{ ${field}(id: "999999", interval: DAY, from: "${w.from}", to: "${w.to}") { id } }`))[field], null);
    }
  }
});

test('modelUsage: inferences, fees and their split per bucket equal SQL over the inferences', async () => {
  const models = (await sql<{ id: string }>('SELECT id FROM model ORDER BY id')).map((r) => r.id);
  assert.deepEqual(models, ['1', '2']);
  for (const w of await windows()) {
    for (const id of models) {
      const d = (await data(
        `query($id: ID!, $i: AnalyticsInterval!, $f: DateTime!, $t: DateTime!) { modelUsage(id: $id, interval: $i, from: $f, to: $t) {
           id buckets { bucketStart inferences fees protocolAmount modelOwnerAmount contributorAmount cumulativeInferences cumulativeFees } } }`,
        { id, i: w.interval, f: w.from, t: w.to },
      )).modelUsage;
      const inBucket = `i."timestamp" >= b.s AND i."timestamp" < b.s + ${STEP[w.unit]}`;
      const upTo = `i."timestamp" < b.s + ${STEP[w.unit]}`;
      const expected = await sql(
        `WITH b AS (${BUCKETS(w.unit, '$1', '$2')}), i AS (SELECT * FROM inference WHERE model_id = $3)
         SELECT b.s AS "bucketStart", (SELECT count(*) FROM i WHERE ${inBucket})::int AS inferences,
                ${['fee:fees', 'protocol_amount:protocolAmount', 'model_owner_amount:modelOwnerAmount', 'contributor_amount:contributorAmount']
                  .map((p) => p.split(':')).map(([c, f]) => `(SELECT coalesce(sum(${c}), 0) FROM i WHERE ${inBucket})::text AS "${f}"`).join(', ')},
                (SELECT count(*) FROM i WHERE ${upTo})::int AS "cumulativeInferences",
                (SELECT coalesce(sum(fee), 0) FROM i WHERE ${upTo})::text AS "cumulativeFees"
           FROM b ORDER BY b.s`,
        [w.from, w.to, id],
      );
      assert.deepEqual(d.buckets, expected.map((r) => ({ ...r, bucketStart: (r.bucketStart as Date).toISOString() })), `model ${id} ${w.interval}`);
      assert.ok(d.buckets.some((b: { inferences: number }) => b.inferences > 0));
    }
  }
  assert.equal((await data('{ modelUsage(id: "77", interval: DAY, from: "2026-01-01T00:00:00Z", to: "2026-01-03T00:00:00Z") { id } }')).modelUsage, null);
});

test('rewardsLeaderboard ranks contributors by rewards in the window, as SQL over the attribution rows', async () => {
  const { first, last } = await span();
  const spans = [
    { from: iso(first - 3 * HOUR - 1234), to: iso(last + DAY) }, // whole days inside, hours at the edges
    { from: iso(first + HOUR), to: iso(last - HOUR) },
    { from: iso(first - 5 * HOUR), to: iso(first + 20 * HOUR) }, // about a day: mostly or only hours
  ];
  const filters: [args: string, where: string][] = [
    ['', 'TRUE'],
    ['datanet: "1"', `a.datanet_id = '1'`],
    ['model: "1"', `a.model_id = '1'`],
    ['model: "2", datanet: "2"', `a.model_id = '2' AND a.datanet_id = '2'`],
  ];
  for (const s of spans) {
    for (const [args, where] of filters) {
      const d = (await data(`{ rewardsLeaderboard(from: "${s.from}", to: "${s.to}", first: 10 ${args}) { from to entries { rank contributor rewards influence attributions } } }`)).rewardsLeaderboard;
      const expected = await sql(
        `SELECT row_number() OVER (ORDER BY sum(reward) DESC, contributor)::int AS rank, contributor, sum(reward)::text AS rewards,
                sum(share)::text AS influence, count(*)::int AS attributions
           FROM inference_attribution a
          WHERE ${where} AND a."timestamp" >= date_trunc('hour', $1::timestamptz, 'UTC') AND a."timestamp" < date_trunc('hour', $2::timestamptz - interval '1 microsecond', 'UTC') + interval '1 hour'
          GROUP BY contributor ORDER BY sum(reward) DESC, contributor LIMIT 10`,
        [s.from, s.to],
      );
      assert.deepEqual(d.entries, expected, `${args} ${s.from} ${s.to}`);
      assert.equal(d.from, iso(Math.floor(Date.parse(s.from) / HOUR) * HOUR));
    }
  }
  const top = (await data(`{ rewardsLeaderboard(from: "${spans[0]!.from}", to: "${spans[0]!.to}", first: 1) { entries { rank } } }`)).rewardsLeaderboard.entries;
  assert.deepEqual(top, [{ rank: 1 }]);
});

test('protocolStats: totals and the last 24 hours equal SQL over the base tables', async () => {
  const { last } = await span();
  const at = iso(last + HOUR);
  const d = (await data(`{ protocolStats(at: "${at}") {
    totals { inferences fees contributorRewards attributions influence rewardsClaimed contributions contributors datanets models challenges challengesOpen staked attributorBonds slashed }
    last24Hours { from to inferences fees protocolAmount modelOwnerAmount contributorAmount attributions influence rewardsClaimed contributions datanets models challenges staked } } }`)).protocolStats;
  const [totals] = await sql(
    `SELECT (SELECT count(*) FROM inference)::text AS inferences, (SELECT sum(fee) FROM inference)::text AS fees,
            (SELECT sum(reward) FROM inference_attribution)::text AS "contributorRewards",
            (SELECT count(*) FROM inference_attribution)::text AS attributions, (SELECT sum(share) FROM inference_attribution)::text AS influence,
            (SELECT sum(amount) FROM reward_claim)::text AS "rewardsClaimed", (SELECT count(*) FROM contribution)::text AS contributions,
            (SELECT count(DISTINCT contributor) FROM contribution)::text AS contributors, (SELECT count(*) FROM datanet)::text AS datanets,
            (SELECT count(*) FROM model)::text AS models, (SELECT count(*) FROM challenge)::text AS challenges,
            (SELECT count(*) FROM challenge WHERE status = 'OPEN')::text AS "challengesOpen",
            (SELECT coalesce(sum(value), 0) FROM stake WHERE status IN ('ACTIVE', 'COOLING_DOWN'))::text AS staked,
            (SELECT sum(active_stake + pending_stake) FROM attributor)::text AS "attributorBonds",
            (SELECT coalesce(sum(slashed_amount), 0) FROM challenge)::text AS slashed`,
  );
  assert.deepEqual(d.totals, totals);
  assert.ok(BigInt(totals!.slashed) > 0n && BigInt(totals!.rewardsClaimed) > 0n && BigInt(totals!.staked) > 0n);
  const [day] = await sql(
    `WITH i AS (SELECT * FROM inference WHERE "timestamp" >= $1::timestamptz - interval '24 hours' AND "timestamp" < $1),
          a AS (SELECT * FROM inference_attribution WHERE "timestamp" >= $1::timestamptz - interval '24 hours' AND "timestamp" < $1)
     SELECT (SELECT count(*) FROM i)::text AS inferences, (SELECT coalesce(sum(fee), 0) FROM i)::text AS fees,
            (SELECT coalesce(sum(protocol_amount), 0) FROM i)::text AS "protocolAmount", (SELECT coalesce(sum(model_owner_amount), 0) FROM i)::text AS "modelOwnerAmount",
            (SELECT coalesce(sum(contributor_amount), 0) FROM i)::text AS "contributorAmount",
            (SELECT count(*) FROM a)::text AS attributions, (SELECT coalesce(sum(share), 0) FROM a)::text AS influence,
            (SELECT coalesce(sum(amount), 0) FROM reward_claim WHERE "timestamp" >= $1::timestamptz - interval '24 hours' AND "timestamp" < $1)::text AS "rewardsClaimed",
            (SELECT count(*) FROM contribution WHERE submitted_at >= $1::timestamptz - interval '24 hours' AND submitted_at < $1)::text AS contributions,
            (SELECT count(*) FROM datanet WHERE created_at >= $1::timestamptz - interval '24 hours' AND created_at < $1)::text AS datanets,
            (SELECT count(*) FROM model WHERE created_at >= $1::timestamptz - interval '24 hours' AND created_at < $1)::text AS models,
            (SELECT count(*) FROM challenge WHERE opened_at >= $1::timestamptz - interval '24 hours' AND opened_at < $1)::text AS challenges,
            (SELECT coalesce(sum(amount), 0) FROM stake_action WHERE kind <> 'UNSTAKED' AND kind <> 'UNSTAKE_REQUESTED'
               AND "timestamp" >= $1::timestamptz - interval '24 hours' AND "timestamp" < $1)::text AS staked`,
    [at],
  );
  assert.deepEqual(d.last24Hours, { from: iso(Date.parse(at) - DAY), to: at, ...day });
  assert.equal(d.last24Hours.inferences, '2', 'the two late inferences');
  assert.equal(d.last24Hours.contributions, '1');
  assert.equal(d.last24Hours.staked, String(2n * 10n ** 18n), "alice's late stake");
  assert.equal(d.last24Hours.challenges, '1');
});

/** The scans of a plan (EXPLAIN JSON): node type, table, index and index condition. */
function scans(plan: Record<string, any>): { node: string; table?: string; index?: string; cond?: string }[] {
  const here = plan['Relation Name'] || plan['Index Name']
    ? [{ node: plan['Node Type'], table: plan['Relation Name'], index: plan['Index Name'], cond: plan['Index Cond'] }]
    : [];
  return [...here, ...((plan.Plans ?? []) as Record<string, any>[]).flatMap(scans)];
}

/**
 * The plan of an API statement with its parameters, sequential scans priced out: on the devnet's
 * few rows the planner rightly reads tables whole, so this asks whether an index can serve each read
 * (a predicate no index matches still comes out as a Seq Scan, or as an index scan without a condition).
 */
async function planOf(text: string, params: unknown[]) {
  return withClient(pg.settings, async (c) => {
    await c.query('BEGIN');
    try {
      await c.query('SET LOCAL enable_seqscan = off');
      await c.query('SET LOCAL random_page_cost = 1.1'); // as the reader role plans (migration BlockOrderIndexes)
      const { rows } = await c.query(`EXPLAIN (FORMAT JSON) ${text}`, params);
      return scans(rows[0]['QUERY PLAN'][0].Plan);
    } finally {
      await c.query('ROLLBACK');
    }
  });
}

/** The name of the btree index on exactly `columns` of `table`, read from the catalog. */
async function indexOn(table: string, columns: string[]): Promise<string> {
  const rows = await sql<{ name: string }>(
    `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      WHERE t.relname = $1 AND t.relnamespace = 'public'::regnamespace
        AND ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o) = $2::text[]`,
    [table, columns],
  );
  assert.equal(rows.length, 1, `one index on ${table} (${columns.join(', ')})`);
  return rows[0]!.name;
}

test("protocolStats' last 24 hours and the split by model read bounded ranges of indexes on time, never a whole table", async () => {
  const { last } = await span();
  const day = await planOf(PROTOCOL_WINDOW_SQL, [new Date(last + HOUR - DAY), new Date(last + HOUR)]);
  const timeColumns: Record<string, string> = {
    inference: 'timestamp', reward_claim: 'timestamp', contribution: 'submitted_at', datanet: 'created_at',
    model: 'created_at', challenge: 'opened_at', stake_action: 'timestamp',
  };
  assert.deepEqual(day.filter((s) => s.node === 'Seq Scan'), [], 'no table is read whole');
  for (const [table, column] of Object.entries(timeColumns)) {
    const index = await indexOn(table, [column]);
    const used = day.filter((s) => s.index === index);
    assert.ok(used.length > 0, `${table}: the plan uses ${index} (${column}): ${JSON.stringify(day)}`);
    for (const s of used) assert.match(s.cond ?? '', new RegExp(`${column}.*>=.*AND.*${column}.*<`), `${table}: a range of ${column}`);
  }
  // the attribution rows of the day's inferences: by inference id, not by a scan
  const byInference = await indexOn('inference_attribution', ['inference_id']);
  assert.ok(day.some((s) => s.index === byInference), `the attribution rows by inference id (${byInference})`);
  assert.ok(day.filter((s) => s.table === 'inference_attribution' && s.node !== 'Bitmap Heap Scan').every((s) => s.index === byInference));

  const [top] = await sql<{ c: string }>('SELECT contributor AS c FROM inference_attribution GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1');
  // a window ending mid-history: the range of (contributor, timestamp) stops there, where another
  // index of the contributor's rows would read them all
  const { first } = await span();
  await sql('ANALYZE inference_attribution'); // the planner weighs the two indexes led by contributor by the table's statistics
  const mid = first + Math.floor((last - first) / 2);
  const split = await planOf(MODEL_SPLIT_SQL, [top!.c, new Date(mid - DAY), new Date(mid), 3600]);
  const composite = await indexOn('inference_attribution', ['contributor', 'timestamp']);
  const onAttributions = split.filter((s) => (s.table === 'inference_attribution' && s.node !== 'Bitmap Heap Scan') || s.index === composite);
  assert.ok(onAttributions.length > 0 && onAttributions.every((s) => s.index === composite), `the split by model reads ${composite}: ${JSON.stringify(split)}`);
  for (const s of onAttributions) assert.match(s.cond ?? '', /contributor = .*AND.*timestamp.* < /, 'one contributor, up to the end of the window');
});

test('disputeStats: challenges by outcome, slashes and per attributor equal SQL over the challenges', async () => {
  const expectFor = async (from: string | null, to: string | null) => {
    const cond = `($1::timestamptz IS NULL OR opened_at >= $1) AND ($2::timestamptz IS NULL OR opened_at < $2)`;
    const byOutcome = await sql(
      `SELECT s AS status, (SELECT count(*) FROM challenge WHERE status = s AND ${cond})::int AS count,
              (SELECT coalesce(sum(bond), 0) FROM challenge WHERE status = s AND ${cond})::text AS bonds
         FROM unnest(ARRAY['OPEN', 'UPHELD', 'REJECTED', 'EXPIRED']) WITH ORDINALITY AS o(s, n) ORDER BY n`,
      [from, to],
    );
    const [totals] = await sql(
      `SELECT count(*)::int AS challenges, count(*) FILTER (WHERE slashed_amount > 0)::int AS slashes,
              coalesce(sum(slashed_amount), 0)::text AS slashed, coalesce(sum(challenger_reward), 0)::text AS "challengerRewards"
         FROM challenge WHERE ${cond}`,
      [from, to],
    );
    const attributors = await sql(
      `SELECT attributor, count(*)::int AS challenges, count(*) FILTER (WHERE status = 'OPEN')::int AS open,
              count(*) FILTER (WHERE status = 'UPHELD')::int AS upheld, count(*) FILTER (WHERE status = 'REJECTED')::int AS rejected,
              count(*) FILTER (WHERE status = 'EXPIRED')::int AS expired, coalesce(sum(slashed_amount), 0)::text AS slashed
         FROM challenge WHERE ${cond} GROUP BY attributor ORDER BY count(*) DESC, attributor`,
      [from, to],
    );
    return { from, to, ...totals, byOutcome, attributors } as Record<string, any>;
  };
  const [r] = await sql(`SELECT min(opened_at) AS first, max(opened_at) AS last FROM challenge`);
  const firstOpened = (r!.first as Date).getTime();
  const lastOpened = (r!.last as Date).getTime();
  assert.ok(lastOpened > firstOpened, 'challenges opened at different times');
  const q = `from to challenges byOutcome { status count bonds } slashes slashed challengerRewards attributors { attributor challenges open upheld rejected expired slashed }`;
  const all = (await data(`{ disputeStats { ${q} } }`)).disputeStats;
  assert.deepEqual(all, await expectFor(null, null));
  assert.ok(all.challenges >= 3 && all.slashes >= 1 && all.byOutcome.filter((o: { count: number }) => o.count > 0).length >= 3);
  const from = iso(firstOpened + 1);
  const to = iso(lastOpened + 1);
  const windowed = (await data(`{ disputeStats(from: "${from}", to: "${to}") { ${q} } }`)).disputeStats;
  assert.deepEqual(windowed, await expectFor(from, to));
  assert.ok(windowed.challenges < all.challenges);
  assert.deepEqual((await data(`{ disputeStats(to: "${iso(firstOpened)}") { challenges byOutcome { count } } }`)).disputeStats,
    { challenges: 0, byOutcome: [{ count: 0 }, { count: 0 }, { count: 0 }, { count: 0 }] });
});

test('limits: 2,000 buckets answer, 2,001 are refused saying so; from after to, hostile addresses and ids, series and first out of range', async () => {
  const from = '2026-01-01T00:00:00Z';
  const plus = (ms: number) => iso(Date.parse(from) + ms);
  const ok = (await data(`{ contributorInfluence(address: "0x${'12'.repeat(20)}", interval: HOUR, from: "${from}", to: "${plus(2000 * HOUR)}") { buckets { bucketStart influence } } }`))
    .contributorInfluence.buckets;
  assert.equal(ok.length, 2000);
  assert.equal(ok[1999].bucketStart, plus(1999 * HOUR));
  const refused: [query: string, message: RegExp][] = [
    [`{ contributorInfluence(address: "0x${'12'.repeat(20)}", interval: HOUR, from: "${from}", to: "${plus(2000 * HOUR + 1)}") { buckets { influence } } }`,
      /2001 HOUR buckets; at most 2000/],
    [`{ datanetStats(id: "1", interval: DAY, from: "${from}", to: "${plus(2001 * DAY)}") { id } }`, /2001 DAY buckets; at most 2000/],
    [`{ modelUsage(id: "1", interval: DAY, from: "${plus(DAY)}", to: "${from}") { id } }`, /from: expected a time before to/],
    [`{ contributionInfluence(id: "1", interval: DAY, from: "${from}", to: "${from}") { id } }`, /from: expected a time before to/],
    [`{ contributorInfluence(address: "0x1234' OR 1=1 --", interval: DAY, from: "${from}", to: "${plus(DAY)}") { buckets { influence } } }`, /Address: expected 0x followed by 40 hex digits/],
    [`{ contributorInfluence(address: "0x${'zz'.repeat(20)}", interval: DAY, from: "${from}", to: "${plus(DAY)}") { buckets { influence } } }`, /Address: expected 0x followed by 40 hex digits/],
    [`{ contributorInfluence(address: "0x${'12'.repeat(20)}", interval: WEEK, from: "${from}", to: "${plus(DAY)}") { buckets { influence } } }`, /AnalyticsInterval/],
    [`{ contributorInfluence(address: "0x${'12'.repeat(20)}", interval: DAY, from: "yesterday", to: "${plus(DAY)}") { buckets { influence } } }`, /DateTime: expected an ISO-8601 time/],
    [`{ contributorInfluence(address: "0x${'12'.repeat(20)}", interval: DAY, from: "${from}", to: "${plus(DAY)}", by: MODEL, series: 0) { series { id } } }`, /series: expected 1 to 50, got 0/],
    [`{ rewardsLeaderboard(from: "${from}", to: "${plus(DAY)}", first: 5000) { entries { rank } } }`, /first: expected 1 to 1000, got 5000/],
    [`{ disputeStats(first: 0) { challenges } }`, /first: expected 1 to 1000, got 0/],
    [`{ disputeStats(from: "${plus(DAY)}", to: "${from}") { challenges } }`, /from: expected a time before to/],
    // 2,000 buckets times 50 series times the selection is over the cost limit
    [`{ contributorInfluence(address: "0x${'12'.repeat(20)}", interval: HOUR, from: "${from}", to: "${plus(2000 * HOUR)}", by: DATANET, series: 50) { series { buckets { bucketStart attributions influence rewards cumulativeInfluence cumulativeRewards } } } }`, /complexity/i],
  ];
  for (const [query, message] of refused) {
    const a = await gql(query);
    assert.ok(a.status < 500, `${a.status} for ${query}`);
    assert.equal(a.body.data?.contributorInfluence ?? null, null);
    const text = JSON.stringify(a.body.errors);
    assert.match(text, message, query);
    assert.doesNotMatch(text, /SELECT|inference_attribution|rollup|\bat \w+ \(/);
  }
  // hostile ids are parameters: an injection text is just an unknown id
  const hostile = `1' OR '1'='1`;
  assert.equal((await data(`query($id: ID!) { datanetStats(id: $id, interval: DAY, from: "${from}", to: "${plus(DAY)}") { id } }`, { id: hostile })).datanetStats, null);
  const lb = (await data(`query($d: ID!) { rewardsLeaderboard(datanet: $d, from: "${from}", to: "${plus(DAY)}") { entries { rank } } }`, { d: hostile })).rewardsLeaderboard;
  assert.deepEqual(lb.entries, []);
  assert.equal((await sql(`SELECT count(*)::int AS n FROM datanet`))[0]!.n, 2, 'tables intact');
});

test("every example of docs/api.md's Analytics section runs without errors", async () => {
  const doc = readFileSync(join(PROJECT_ROOT, 'docs', 'api.md'), 'utf8');
  const section = doc.slice(doc.indexOf('\n## Analytics'));
  const examples = /```graphql\n([\s\S]*?)```/.exec(section)![1]!.split('\n').filter((l) => l.startsWith('{'));
  assert.ok(examples.length >= 9, `${examples.length} examples`);
  for (const example of examples) await data(example);
});
