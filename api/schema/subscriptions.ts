// Subscriptions (over server-sent events, docs/api.md "Subscriptions"): each field is a feed that
// reads a committed batch's block range once (one statement per batch, whatever the number of
// subscribers) and hands every subscriber the rows its `where` takes (api/live/fanout.ts).
// Payload types are flat (relations as ids): a nested relation would cost a statement per subscriber.
import { GraphQLError } from 'graphql';
import { builder, type Context } from '../builder.ts';
import type { Feed } from '../live/fanout.ts';
import { checkWhere, matches, type LiveWhere } from '../live/match.ts';
import { col, ident, selectList, type EntitySpec, type Row } from '../sql/entity.ts';
import { readSquidStatus, type SquidStatus } from '../sql/status.ts';
import { Inference } from './attribution.ts';
import { Challenge } from './challenges.ts';
import { defineEnum, defineEntity } from './entityTypes.ts';
import { SquidStatusRef } from './status.ts';

/** `spec` as a flat payload type `name`: its columns (nothing filterable) and its relations as `<relation>Id`. */
function flatSpec(spec: EntitySpec, name: string, description: string): EntitySpec {
  const columns: EntitySpec['columns'] = {};
  for (const [field, c] of Object.entries(spec.columns)) columns[field] = { ...c, indexed: false };
  for (const [field, r] of Object.entries(spec.relations)) {
    columns[`${field}Id`] = col(r.column, r.target().columns.id!.kind, { nullable: r.nullable, description: `the ${field}'s id` });
  }
  return { name, table: spec.table, description, columns, relations: {} };
}

const InferenceEvent = flatSpec(Inference, 'InferenceEvent', 'An inference recorded in a committed batch (an Inference with its relations as ids).');
const InferenceEventRef = defineEntity(InferenceEvent);

const CHALLENGE_CHANGES = ['OPENED', 'RESPONDED', 'RESOLVED', 'EXPIRED'] as const;
defineEnum('ChallengeChange', CHALLENGE_CHANGES, 'What happened to a challenge in the batch (the latest step when several did).');
/** the challenge's stored columns (what the feed selects), and the payload type with `change` added */
const ChallengeStored = flatSpec(Challenge, 'ChallengeUpdate', 'A challenge opened, answered, resolved or expired in a committed batch, as it is after the batch.');
const ChallengeUpdate: EntitySpec = {
  ...ChallengeStored,
  columns: { ...ChallengeStored.columns, change: col('change', 'enum', { enumName: 'ChallengeChange', description: 'what happened in the batch' }) },
};
const ChallengeUpdateRef = defineEntity(ChallengeUpdate);

const inferenceFeed: Feed<Row> = {
  name: 'newInferences',
  async load(db, { from, to }, limit) {
    const cols = selectList(InferenceEvent, 'i');
    const { rows } = await db.query(
      `SELECT ${cols} FROM inference i WHERE i.block_number BETWEEN $1 AND $2 ORDER BY i.block_number, i.log_index LIMIT $3`,
      [from, to, limit],
    );
    return rows;
  },
};

const challengeFeed: Feed<Row> = {
  name: 'challengeUpdates',
  async load(db, { from, to }, limit) {
    const cols = selectList(ChallengeStored, 'c');
    const at = (column: string) => `c.${ident(column)} BETWEEN $1 AND $2`;
    // the challenge table is read only when a ChallengeManager event landed in the range (the
    // small event_count table says so): the block columns of later steps have no index
    const { rows } = await db.query(
      `SELECT ${cols},
         CASE WHEN ${at('expired_at_block')} THEN 'EXPIRED' WHEN ${at('resolved_at_block')} THEN 'RESOLVED'
              WHEN ${at('responded_at_block')} THEN 'RESPONDED' ELSE 'OPENED' END AS "change"
       FROM challenge c
       WHERE EXISTS (SELECT 1 FROM event_count e WHERE e.contract = 'ChallengeManager' AND e.last_block >= $1)
         AND (${['opened_at_block', 'responded_at_block', 'resolved_at_block', 'expired_at_block'].map(at).join(' OR ')})
       ORDER BY GREATEST(c.opened_at_block, c.responded_at_block, c.resolved_at_block, c.expired_at_block), c.id
       LIMIT $3`,
      [from, to, limit],
    );
    return rows;
  },
};

/** squidStatus's feed: the status once per batch, for every subscriber. */
function statusFeed(stateSchema: string): Feed<SquidStatus> {
  return {
    name: 'squidStatus',
    async load(db) {
      const status = await readSquidStatus(db, stateSchema);
      return status ? [status] : [];
    },
  };
}
const statusFeeds = new Map<string, Feed<SquidStatus>>();

function live(ctx: Context) {
  if (!ctx.live) throw new GraphQLError('subscriptions: not available on this server');
  return ctx.live;
}

const NewInferencesWhere = builder.inputType('NewInferencesWhereInput', {
  description: 'Which new inferences to receive; all given conditions must hold (`_in`: at most 1,000 values).',
  fields: (t) => ({
    modelId_eq: t.id(),
    modelId_in: t.idList(),
    modelVersionId_eq: t.id(),
    attributorId_eq: t.field({ type: 'Address' }),
    attributorId_in: t.field({ type: ['Address'] }),
    user_eq: t.field({ type: 'Address' }),
    user_in: t.field({ type: ['Address'] }),
  }),
});

const ChallengeUpdatesWhere = builder.inputType('ChallengeUpdatesWhereInput', {
  description: 'Which challenge updates to receive; all given conditions must hold (`_in`: at most 1,000 values).',
  fields: (t) => ({
    id_eq: t.id(),
    inferenceId_eq: t.id(),
    attributor_eq: t.field({ type: 'Address' }),
    challenger_eq: t.field({ type: 'Address' }),
    change_in: t.stringList({ description: `any of ${CHALLENGE_CHANGES.join(', ')}` }),
  }),
});

builder.subscriptionType({ description: 'Live feeds over server-sent events, one event per committed batch that has matching rows.' });

builder.subscriptionField('newInferences', (t) =>
  t.field({
    type: InferenceEventRef,
    nullable: false,
    description: 'Inferences as the indexer commits them (unfinalized blocks included), read once per batch for all subscribers.',
    args: { where: t.arg({ type: NewInferencesWhere }) },
    subscribe: (_root, args, ctx) => {
      checkWhere('where', args.where as LiveWhere);
      return live(ctx).subscribe(inferenceFeed, (row) => matches(row, args.where as LiveWhere));
    },
    resolve: (row) => row,
  }),
);

builder.subscriptionField('challengeUpdates', (t) =>
  t.field({
    type: ChallengeUpdateRef,
    nullable: false,
    description: 'Challenges opened, answered, resolved or expired in each committed batch, read once per batch for all subscribers.',
    args: { where: t.arg({ type: ChallengeUpdatesWhere }) },
    subscribe: (_root, args, ctx) => {
      const where = args.where as LiveWhere | null | undefined;
      checkWhere('where', where);
      for (const c of (where?.change_in as string[] | undefined) ?? []) {
        if (!(CHALLENGE_CHANGES as readonly string[]).includes(c)) throw new GraphQLError(`where.change_in: expected one of ${CHALLENGE_CHANGES.join(', ')}, got ${JSON.stringify(c.slice(0, 40))}`);
      }
      return live(ctx).subscribe(challengeFeed, (row) => matches(row, where));
    },
    resolve: (row) => row,
  }),
);

builder.subscriptionField('squidStatus', (t) =>
  t.field({
    type: SquidStatusRef,
    nullable: false,
    description: "The indexer's status after each committed batch (one event per batch), read once for all subscribers.",
    subscribe: (_root, _args, ctx) => {
      let feed = statusFeeds.get(ctx.stateSchema);
      if (!feed) statusFeeds.set(ctx.stateSchema, (feed = statusFeed(ctx.stateSchema)));
      return live(ctx).subscribe(feed, () => true);
    },
    resolve: (status) => status,
  }),
);
