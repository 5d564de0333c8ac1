/**
 * The mix's analytics: our bucketed fields (read from the rollups) against the plain SQL a user
 * would otherwise run over the base tables (OpenReader has no bucketed analytics). Each entry
 * `requires` its root field: a run on an API without it skips the entry and says so.
 * The SQL follows docs/api.md's Analytics rules: UTC buckets from `from` floored, every bucket
 * before `to` (zeros when empty), running totals from the first block.
 */
import type { Fixtures } from './fixtures.ts';
import type { MixQuery } from './mixQuery.ts';

type Row = Record<string, unknown>;

/** `bucketStart` of SQL rows (a Date) as the API prints it. */
const isoBuckets = (rows: Row[]) => rows.map((r) => ({ ...r, bucketStart: (r.bucketStart as Date).toISOString() }));

const windowVariables = (f: Fixtures) => ({ interval: f.window.interval, from: f.window.from, to: f.window.to });

interface Buckets {
  table: string;
  /** the owner's column (= $1) */
  column: string;
  /** the output name of the row count */
  count: string;
  /** output name -> summed column */
  sums: Record<string, string>;
  /** the outputs that also get a running total (`cumulative<Name>`) */
  running: string[];
}

/** SQL over `table`'s rows of one owner per bucket of [$2, $3) ($4: 'hour' | 'day'), zeros when empty, with running totals. */
function bucketSql(b: Buckets): string {
  const names = Object.keys(b.sums);
  const start = `date_trunc($4::text, $2::timestamptz, 'UTC')`;
  const totals = [`count(*) AS "${b.count}"`, ...names.map((n) => `sum(${b.sums[n]}) AS "${n}"`)];
  const before = [`count(*) AS "${b.count}"`, ...names.map((n) => `coalesce(sum(${b.sums[n]}), 0) AS "${n}"`)];
  const cast = (n: string) => (n === b.count ? 'int' : 'text');
  const running = b.running.map((n) => `(coalesce(sum(p."${n}") OVER w, 0) + b0."${n}")::${cast(n)} AS "cumulative${n[0]!.toUpperCase()}${n.slice(1)}"`);
  return `
    SELECT g.start AS "bucketStart", ${[b.count, ...names].map((n) => `coalesce(p."${n}", 0)::${cast(n)} AS "${n}"`).join(', ')}, ${running.join(', ')}
    FROM generate_series(${start}, $3::timestamptz - interval '1 microsecond', ('1 ' || $4::text)::interval) AS g(start)
    LEFT JOIN (SELECT date_trunc($4::text, "timestamp", 'UTC') AS start, ${totals.join(', ')} FROM ${b.table}
               WHERE ${b.column} = $1 AND "timestamp" >= ${start} AND "timestamp" < $3::timestamptz GROUP BY 1) p USING (start)
    CROSS JOIN (SELECT ${before.join(', ')} FROM ${b.table} WHERE ${b.column} = $1 AND "timestamp" < ${start}) b0
    WINDOW w AS (ORDER BY g.start)
    ORDER BY g.start`;
}

const interval = (v: Record<string, unknown>) => String(v.interval).toLowerCase();

export const ANALYTICS_QUERIES: MixQuery[] = [
  {
    name: "a contributor's influence over time",
    description: "a contributor's attributions, influence and rewards per bucket with running totals (contributorInfluence)",
    requires: 'contributorInfluence',
    ours: `query ($address: Address!, $interval: AnalyticsInterval!, $from: DateTime!, $to: DateTime!) {
      contributorInfluence(address: $address, interval: $interval, from: $from, to: $to) {
        buckets { bucketStart attributions influence rewards cumulativeInfluence cumulativeRewards } } }`,
    normaliseOurs: (d) => d.contributorInfluence.buckets,
    peer: {
      kind: 'sql',
      sql: bucketSql({
        table: 'inference_attribution', column: 'contributor', count: 'attributions', sums: { influence: 'share', rewards: 'reward' }, running: ['influence', 'rewards'],
      }),
      params: (v) => [v.address, v.from, v.to, interval(v)],
      normalise: isoBuckets,
    },
    variables: (f) => f.contributors.map((c) => ({ address: c.id, ...windowVariables(f) })),
  },
  {
    name: "a model's usage over time",
    description: "a model's inferences, fees and their split per bucket with running totals (modelUsage)",
    requires: 'modelUsage',
    ours: `query ($id: ID!, $interval: AnalyticsInterval!, $from: DateTime!, $to: DateTime!) {
      modelUsage(id: $id, interval: $interval, from: $from, to: $to) {
        buckets { bucketStart inferences fees protocolAmount modelOwnerAmount contributorAmount cumulativeInferences cumulativeFees } } }`,
    normaliseOurs: (d) => d.modelUsage.buckets,
    peer: {
      kind: 'sql',
      sql: bucketSql({
        table: 'inference', column: 'model_id', count: 'inferences',
        sums: { fees: 'fee', protocolAmount: 'protocol_amount', modelOwnerAmount: 'model_owner_amount', contributorAmount: 'contributor_amount' },
        running: ['inferences', 'fees'],
      }),
      params: (v) => [v.id, v.from, v.to, interval(v)],
      normalise: isoBuckets,
    },
    variables: (f) => f.models.map((id) => ({ id, ...windowVariables(f) })),
  },
  {
    name: 'rewards leaderboard',
    description: "a datanet's top 10 contributors by rewards in a window (rewardsLeaderboard)",
    requires: 'rewardsLeaderboard',
    ours: `query ($datanet: ID!, $from: DateTime!, $to: DateTime!) {
      rewardsLeaderboard(datanet: $datanet, from: $from, to: $to, first: 10) { entries { rank contributor rewards influence attributions } } }`,
    normaliseOurs: (d) => d.rewardsLeaderboard.entries,
    peer: {
      kind: 'sql',
      sql: `SELECT (row_number() OVER (ORDER BY sum(reward) DESC, contributor))::int AS "rank", contributor, sum(reward)::text AS "rewards",
              sum(share)::text AS "influence", count(*)::int AS "attributions"
            FROM inference_attribution WHERE datanet_id = $1 AND "timestamp" >= $2::timestamptz AND "timestamp" < $3::timestamptz
            GROUP BY contributor ORDER BY sum(reward) DESC, contributor LIMIT 10`,
      params: (v) => [v.datanet, v.from, v.to],
      normalise: (rows) => rows,
    },
    variables: (f) => f.datanets.map((datanet) => ({ datanet, from: f.window.from, to: f.window.to })),
  },
];
