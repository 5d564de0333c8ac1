// protocolStats (totals and the last 24 hours) and disputeStats (challenges by outcome, slashes,
// per attributor): the analytics without buckets (docs/api.md, Analytics).
import { GraphQLError } from 'graphql';
import { builder, type Context } from '../builder.ts';
import { CHALLENGE_OUTCOMES, disputeStats, type AttributorDisputes, type DisputeStats, type OutcomeCount } from '../analytics/disputeStats.ts';
import { protocolTotals, protocolWindow, type ProtocolTotals, type ProtocolWindow } from '../analytics/protocolStats.ts';

const big = (description: string) => ({ type: 'BigInt' as const, description });

const TOTALS: Record<keyof ProtocolTotals, string> = {
  inferences: 'inferences recorded',
  fees: 'fees of those inferences (wei)',
  contributorRewards: 'rewards credited to contributions (wei)',
  attributions: 'attribution rows (one per inference and contribution)',
  influence: 'shares attributed, parts per billion',
  rewardsClaimed: 'rewards claimed (wei)',
  contributions: 'contributions submitted',
  contributors: 'distinct contributor addresses',
  datanets: 'datanets created',
  models: 'models registered',
  challenges: 'challenges opened',
  challengesOpen: 'challenges not resolved or expired yet',
  staked: 'value of Staking stakes that are active or cooling down (wei)',
  attributorBonds: "attributors' active and pending bonds (wei)",
  slashed: 'bonds slashed (wei)',
};

const WINDOW: Record<Exclude<keyof ProtocolWindow, 'from' | 'to'>, string> = {
  inferences: 'inferences recorded',
  fees: 'their fees (wei)',
  protocolAmount: 'to the treasury, dust included (wei)',
  modelOwnerAmount: 'to model owners (wei)',
  contributorAmount: 'to contributions (wei)',
  attributions: 'attribution rows of those inferences',
  influence: 'shares attributed, parts per billion',
  rewardsClaimed: 'rewards claimed (wei)',
  contributions: 'contributions submitted',
  datanets: 'datanets created',
  models: 'models registered',
  challenges: 'challenges opened',
  staked: 'put into Staking stakes: new stakes, top-ups and commitments (wei)',
};

const ProtocolTotalsRef = builder.objectRef<ProtocolTotals>('ProtocolTotals').implement({
  description: 'Everything indexed so far.',
  fields: (t) => Object.fromEntries(Object.entries(TOTALS).map(([k, d]) => [k, t.field({ nullable: false, ...big(d), resolve: (r) => r[k as keyof ProtocolTotals] })])),
});

const ProtocolWindowRef = builder.objectRef<ProtocolWindow>('ProtocolWindow').implement({
  description: 'What happened in [from, to).',
  fields: (t) => ({
    from: t.field({ nullable: false, type: 'DateTime', resolve: (r) => r.from }),
    to: t.field({ nullable: false, type: 'DateTime', resolve: (r) => r.to }),
    ...Object.fromEntries(Object.entries(WINDOW).map(([k, d]) => [k, t.field({ nullable: false, ...big(d), resolve: (r) => r[k as keyof typeof WINDOW] })])),
  }),
});

const ProtocolStatsRef = builder.objectRef<{ at: Date }>('ProtocolStats').implement({
  fields: (t) => ({
    totals: t.field({ nullable: false, type: ProtocolTotalsRef, resolve: (_s, _a, ctx: Context) => protocolTotals(ctx.db) }),
    last24Hours: t.field({ nullable: false, type: ProtocolWindowRef, description: 'the 24 hours before `at`', resolve: (s, _a, ctx: Context) => protocolWindow(ctx.db, s.at) }),
  }),
});

builder.queryField('protocolStats', (t) =>
  t.field({
    type: ProtocolStatsRef,
    nullable: false,
    description: 'Protocol totals, and the 24 hours before `at` (default: now).',
    args: { at: t.arg({ type: 'DateTime', description: 'the end (exclusive) of the 24 hours of last24Hours; default now' }) },
    complexity: 20,
    resolve: (_root, args) => ({ at: args.at ? new Date(args.at) : new Date() }),
  }),
);

const ChallengeStatusEnum = builder.enumType('DisputeOutcome', {
  description: "A challenge's state: OPEN, UPHELD (the attributor lost), REJECTED (it won), EXPIRED (not resolved in time).",
  values: CHALLENGE_OUTCOMES,
});

const OutcomeRef = builder.objectRef<OutcomeCount>('DisputeOutcomeCount').implement({
  fields: (t) => ({
    status: t.field({ nullable: false, type: ChallengeStatusEnum, resolve: (o) => o.status }),
    count: t.exposeInt('count', { nullable: false }),
    bonds: t.field({ nullable: false, ...big('challenge bonds posted (wei)'), resolve: (o) => o.bonds }),
  }),
});

const AttributorDisputesRef = builder.objectRef<AttributorDisputes>('AttributorDisputes').implement({
  fields: (t) => ({
    attributor: t.field({ nullable: false, type: 'Address', resolve: (a) => a.attributor }),
    challenges: t.exposeInt('challenges', { nullable: false, description: 'challenges against its records' }),
    open: t.exposeInt('open', { nullable: false }),
    upheld: t.exposeInt('upheld', { nullable: false, description: 'lost' }),
    rejected: t.exposeInt('rejected', { nullable: false, description: 'won' }),
    expired: t.exposeInt('expired', { nullable: false }),
    slashed: t.field({ nullable: false, type: 'BigInt', description: 'its bond slashed (wei)', resolve: (a) => a.slashed }),
  }),
});

const DisputeStatsRef = builder.objectRef<DisputeStats>('DisputeStats').implement({
  description: 'Challenges opened in [from, to) (or ever, without bounds).',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.from }),
    to: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.to }),
    challenges: t.exposeInt('challenges', { nullable: false }),
    byOutcome: t.field({ nullable: false, type: [OutcomeRef], description: 'one entry per outcome, zeros included', resolve: (d) => d.byOutcome }),
    slashes: t.exposeInt('slashes', { nullable: false, description: 'challenges whose resolution slashed the attributor' }),
    slashed: t.field({ nullable: false, type: 'BigInt', description: 'bonds slashed (wei)', resolve: (d) => d.slashed }),
    challengerRewards: t.field({ nullable: false, type: 'BigInt', description: 'paid to challengers who won (wei)', resolve: (d) => d.challengerRewards }),
    attributors: t.field({ nullable: false, type: [AttributorDisputesRef], description: 'per attributor, the most challenged first (ties: lower address first)', resolve: (d) => d.attributors }),
  }),
});

const MAX_ATTRIBUTORS = 1000;

builder.queryField('disputeStats', (t) =>
  t.field({
    type: DisputeStatsRef,
    nullable: false,
    description: 'Challenges by outcome, the slashes they caused and per attributor, for challenges opened in [from, to) (either bound optional).',
    args: {
      from: t.arg({ type: 'DateTime' }),
      to: t.arg({ type: 'DateTime' }),
      first: t.arg.int({ defaultValue: 100, description: `attributors to list (1 to ${MAX_ATTRIBUTORS})` }),
    },
    complexity: (args) => ({ field: 1, multiplier: Math.max(1, Math.min(args.first ?? 100, MAX_ATTRIBUTORS)) }),
    resolve: (_root, args, ctx: Context) => {
      const first = args.first ?? 100;
      if (!(first >= 1 && first <= MAX_ATTRIBUTORS)) throw new GraphQLError(`first: expected 1 to ${MAX_ATTRIBUTORS}, got ${first}`);
      return disputeStats(ctx.db, args.from, args.to, first);
    },
  }),
);
