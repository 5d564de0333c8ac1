// Bounded, time-bucketed analytics (docs/api.md, Analytics): influence of a contributor, a
// contribution or a datanet, a model's usage, from the rollups; a rewards leaderboard, protocol and
// dispute statistics. Each bucketed field costs its number of buckets times its selection.
import { GraphQLError } from 'graphql';
import { builder, type Context } from '../builder.ts';
import { bucketCount, bucketWindow, MAX_BUCKETS, type Interval } from '../analytics/buckets.ts';
import { contributorSplit, rollupInfluence, type InfluenceBucket, type InfluenceSeries, type InfluenceSplit } from '../analytics/influence.ts';
import { rewardsLeaderboard, type LeaderboardEntry } from '../analytics/leaderboard.ts';
import { modelUsage, type ModelUsageBucket } from '../analytics/modelUsage.ts';
import './analyticsStats.ts';

const IntervalEnum = builder.enumType('AnalyticsInterval', {
  description: 'The width of a bucket: a UTC hour or a UTC day.',
  values: ['HOUR', 'DAY'] as const,
});

const SplitEnum = builder.enumType('InfluenceSplit', {
  description: 'How contributorInfluence splits its buckets: not at all, per datanet, per model.',
  values: ['NONE', 'DATANET', 'MODEL'] as const,
});

/** The most series a split answers. */
const MAX_SERIES = 50;

const InfluenceBucketRef = builder.objectRef<InfluenceBucket>('InfluenceBucket').implement({
  description: 'One bucket: what was attributed within it, and the running totals at its end.',
  fields: (t) => ({
    bucketStart: t.field({ nullable: false, type: 'DateTime', description: 'the bucket start (UTC, inclusive); the bucket ends where the next one starts', resolve: (b) => b.bucketStart }),
    attributions: t.int({ nullable: false, description: 'attribution rows (one per inference and contribution)', resolve: (b) => Number(b.attributions) }),
    influence: t.field({ nullable: false, type: 'BigInt', description: 'shares attributed, parts per billion', resolve: (b) => b.influence }),
    rewards: t.field({ nullable: false, type: 'BigInt', description: 'rewards earned (wei)', resolve: (b) => b.rewards }),
    cumulativeInfluence: t.field({ nullable: false, type: 'BigInt', description: 'influence from the beginning up to the end of the bucket', resolve: (b) => b.cumulativeInfluence }),
    cumulativeRewards: t.field({ nullable: false, type: 'BigInt', description: 'rewards from the beginning up to the end of the bucket', resolve: (b) => b.cumulativeRewards }),
  }),
});

const InfluenceSeriesRef = builder.objectRef<InfluenceSeries>('InfluenceSeries').implement({
  description: "A contributor's buckets within one datanet or one model.",
  fields: (t) => ({
    by: t.field({ nullable: false, type: SplitEnum, resolve: (s) => s.by }),
    id: t.id({ nullable: false, description: 'the datanet id (by DATANET) or the model id (by MODEL)', resolve: (s) => s.id }),
    buckets: t.field({ nullable: false, type: [InfluenceBucketRef], resolve: (s) => s.buckets }),
  }),
});

interface Bucketed<B> {
  interval: Interval;
  from: Date;
  to: Date;
  buckets: B[];
}

interface ContributorInfluence extends Bucketed<InfluenceBucket> {
  address: string;
  series: InfluenceSeries[];
}

interface SubjectInfluence extends Bucketed<InfluenceBucket> {
  id: string;
}

interface ModelUsage extends Bucketed<ModelUsageBucket> {
  id: string;
}

/** The window fields every bucketed answer has. */
function windowFields<T extends Bucketed<unknown>>(t: any) {
  return {
    interval: t.field({ nullable: false, type: IntervalEnum, resolve: (a: T) => a.interval }),
    from: t.field({ nullable: false, type: 'DateTime', description: 'the first bucket start (`from` floored to the interval)', resolve: (a: T) => a.from }),
    to: t.field({ nullable: false, type: 'DateTime', description: 'the end of the last bucket (`to` rounded up to the interval)', resolve: (a: T) => a.to }),
  };
}

const ContributorInfluenceRef = builder.objectRef<ContributorInfluence>('ContributorInfluence').implement({
  fields: (t) => ({
    address: t.field({ nullable: false, type: 'Address', resolve: (a) => a.address }),
    ...windowFields<ContributorInfluence>(t),
    buckets: t.field({ nullable: false, type: [InfluenceBucketRef], description: 'every bucket of the window, empty ones as zeros (from the contributor rollup)', resolve: (a) => a.buckets }),
    series: t.field({ nullable: false, type: [InfluenceSeriesRef], description: 'with `by: DATANET | MODEL`, one series per datanet or model (empty with NONE)', resolve: (a) => a.series }),
  }),
});

const SubjectInfluenceRef = builder.objectRef<SubjectInfluence>('InfluenceOverTime').implement({
  description: "A contribution's or a datanet's influence per bucket.",
  fields: (t) => ({
    id: t.id({ nullable: false, resolve: (a) => a.id }),
    ...windowFields<SubjectInfluence>(t),
    buckets: t.field({ nullable: false, type: [InfluenceBucketRef], description: 'every bucket of the window, empty ones as zeros', resolve: (a) => a.buckets }),
  }),
});

const ModelUsageBucketRef = builder.objectRef<ModelUsageBucket>('ModelUsageBucket').implement({
  description: "One bucket of a model's inferences and fees (wei), and the running totals at its end.",
  fields: (t) => ({
    bucketStart: t.field({ nullable: false, type: 'DateTime', resolve: (b) => b.bucketStart }),
    inferences: t.int({ nullable: false, resolve: (b) => Number(b.inferences) }),
    fees: t.field({ nullable: false, type: 'BigInt', resolve: (b) => b.fees }),
    protocolAmount: t.field({ nullable: false, type: 'BigInt', description: 'to the treasury, the dust of the rewards included', resolve: (b) => b.protocolAmount }),
    modelOwnerAmount: t.field({ nullable: false, type: 'BigInt', resolve: (b) => b.modelOwnerAmount }),
    contributorAmount: t.field({ nullable: false, type: 'BigInt', description: 'rewards of the attributed contributions', resolve: (b) => b.contributorAmount }),
    cumulativeInferences: t.int({ nullable: false, resolve: (b) => Number(b.cumulativeInferences) }),
    cumulativeFees: t.field({ nullable: false, type: 'BigInt', resolve: (b) => b.cumulativeFees }),
  }),
});

const ModelUsageRef = builder.objectRef<ModelUsage>('ModelUsage').implement({
  fields: (t) => ({
    id: t.id({ nullable: false, resolve: (a) => a.id }),
    ...windowFields<ModelUsage>(t),
    buckets: t.field({ nullable: false, type: [ModelUsageBucketRef], description: 'every bucket of the window, empty ones as zeros', resolve: (a) => a.buckets }),
  }),
});

interface WindowArgs {
  interval: Interval;
  from: string;
  to: string;
}

const windowOf = (args: { interval?: unknown; from?: unknown; to?: unknown }): [Interval, string, string] => [args.interval as Interval, args.from as string, args.to as string];

const BUCKETS_DOC = `at most ${MAX_BUCKETS} buckets: UTC, from \`from\` floored to the interval, every bucket that starts before \`to\` (exclusive)`;

function windowArgs(t: any) {
  return {
    interval: t.arg({ type: IntervalEnum, required: true }),
    from: t.arg({ type: 'DateTime', required: true, description: 'the first bucket is the one containing it' }),
    to: t.arg({ type: 'DateTime', required: true, description: 'exclusive: the last bucket is the one starting before it' }),
  };
}

/** A bucketed field's cost: its selection once per bucket (and per series when split). */
const bucketComplexity = (args: { interval?: unknown; from?: unknown; to?: unknown; by?: InfluenceSplit | null; series?: number | null }) => {
  const w = args as Partial<WindowArgs>;
  // a window the resolver refuses counts as one bucket here; the resolver says what is wrong
  const buckets = Math.min(MAX_BUCKETS, Math.max(1, bucketCount(w.interval ?? 'HOUR', w.from ?? '', w.to ?? '')));
  const series = args.by && args.by !== 'NONE' ? 1 + Math.min(MAX_SERIES, Math.max(0, args.series ?? 10)) : 1;
  return { field: 1, multiplier: buckets * series };
};

builder.queryField('contributorInfluence', (t) =>
  t.field({
    type: ContributorInfluenceRef,
    nullable: false,
    description: `A contributor's attributions, influence and rewards per bucket, with running totals (${BUCKETS_DOC}); \`by\` splits them per datanet or model. An address that never contributed answers zeros.`,
    args: {
      address: t.arg({ type: 'Address', required: true }),
      ...windowArgs(t),
      by: t.arg({ type: SplitEnum, defaultValue: 'NONE' }),
      series: t.arg.int({ defaultValue: 10, description: `with \`by\`: the most series to answer (1 to ${MAX_SERIES}), the most rewarded in the window first` }),
    },
    complexity: bucketComplexity,
    resolve: async (_root, args, ctx: Context) => {
      const w = bucketWindow(...windowOf(args));
      const by = args.by ?? 'NONE';
      const limit = args.series ?? 10;
      if (!(limit >= 1 && limit <= MAX_SERIES)) throw new GraphQLError(`series: expected 1 to ${MAX_SERIES}, got ${limit}`);
      const [buckets, series] = await Promise.all([
        rollupInfluence(ctx.db, 'contributor', args.address, w),
        by === 'NONE' ? [] : contributorSplit(ctx.db, args.address, by, w, limit),
      ]);
      // an address always answers (zeros without activity): rollupInfluence is null only for an unknown contribution or datanet
      return { address: args.address, interval: w.interval, from: w.start, to: w.end, buckets: buckets ?? [], series };
    },
  }),
);

for (const [field, subject, description] of [
  ['contributionInfluence', 'contribution', "A contribution's attributions, influence and rewards per bucket, with running totals"],
  ['datanetStats', 'datanet', "A datanet's attributions, influence and rewards (all its contributions) per bucket, with running totals"],
] as const) {
  builder.queryField(field, (t) =>
    t.field({
      type: SubjectInfluenceRef,
      nullable: true,
      description: `${description} (${BUCKETS_DOC}); null for an unknown id.`,
      args: { id: t.arg.id({ required: true }), ...windowArgs(t) },
      complexity: bucketComplexity,
      resolve: async (_root, args, ctx: Context) => {
        const w = bucketWindow(...windowOf(args));
        const id = String(args.id);
        const buckets = await rollupInfluence(ctx.db, subject, id, w);
        return buckets && { id, interval: w.interval, from: w.start, to: w.end, buckets };
      },
    }),
  );
}

builder.queryField('modelUsage', (t) =>
  t.field({
    type: ModelUsageRef,
    nullable: true,
    description: `A model's inferences, fees and their split (protocol, model owner, contributors) per bucket, with running totals (${BUCKETS_DOC}); null for an unknown id.`,
    args: { id: t.arg.id({ required: true }), ...windowArgs(t) },
    complexity: bucketComplexity,
    resolve: async (_root, args, ctx: Context) => {
      const w = bucketWindow(...windowOf(args));
      const id = String(args.id);
      const buckets = await modelUsage(ctx.db, id, w);
      return buckets && { id, interval: w.interval, from: w.start, to: w.end, buckets };
    },
  }),
);

const LeaderboardEntryRef = builder.objectRef<LeaderboardEntry>('LeaderboardEntry').implement({
  fields: (t) => ({
    rank: t.exposeInt('rank', { nullable: false, description: '1 for the most rewarded (ties: lower address first)' }),
    contributor: t.field({ nullable: false, type: 'Address', resolve: (e) => e.contributor }),
    rewards: t.field({ nullable: false, type: 'BigInt', description: 'rewards earned in the window (wei)', resolve: (e) => e.rewards }),
    influence: t.field({ nullable: false, type: 'BigInt', description: 'shares attributed in the window, parts per billion', resolve: (e) => e.influence }),
    attributions: t.exposeInt('attributions', { nullable: false }),
  }),
});

const LeaderboardRef = builder.objectRef<{ start: Date; end: Date; entries: LeaderboardEntry[] }>('RewardsLeaderboard').implement({
  fields: (t) => ({
    from: t.field({ nullable: false, type: 'DateTime', description: '`from` floored to the hour', resolve: (l) => l.start }),
    to: t.field({ nullable: false, type: 'DateTime', description: '`to` rounded up to the hour (exclusive)', resolve: (l) => l.end }),
    entries: t.field({ nullable: false, type: [LeaderboardEntryRef], resolve: (l) => l.entries }),
  }),
});

export const MAX_RANKED = 1000;

builder.queryField('rewardsLeaderboard', (t) =>
  t.field({
    type: LeaderboardRef,
    nullable: false,
    description: `Contributors ranked by rewards earned in [from, to) (whole UTC hours: \`from\` floored, \`to\` rounded up; at most ${MAX_BUCKETS} days), within a datanet and/or a model when given.`,
    args: {
      datanet: t.arg.id(),
      model: t.arg.id(),
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      first: t.arg.int({ defaultValue: 20, description: `how many (1 to ${MAX_RANKED})` }),
    },
    complexity: (args) => ({ field: 1, multiplier: Math.max(1, Math.min(args.first ?? 20, MAX_RANKED)) }),
    resolve: (_root, args, ctx: Context) => {
      const first = args.first ?? 20;
      if (!(first >= 1 && first <= MAX_RANKED)) throw new GraphQLError(`first: expected 1 to ${MAX_RANKED}, got ${first}`);
      return rewardsLeaderboard(ctx.db, { datanet: args.datanet == null ? null : String(args.datanet), model: args.model == null ? null : String(args.model), from: args.from, to: args.to, first });
    },
  }),
);
