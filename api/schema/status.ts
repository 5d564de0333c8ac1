// squidStatus: how far the indexer has committed, from the processor's status table (the one table
// of its state schema the read-only role may read).
import { builder, type Context } from '../builder.ts';
import { ident } from '../sql/entity.ts';

interface Status {
  finalizedHeight: number;
  finalizedHash: string;
}

const SquidStatus = builder.objectRef<Status>('SquidStatus').implement({
  description: 'The indexed height. Rows of unfinalized (hot) blocks above it may already be served.',
  fields: (t) => ({
    finalizedHeight: t.exposeInt('finalizedHeight', { description: 'the last finalized block the indexer committed' }),
    finalizedHash: t.field({ type: 'Bytes', description: 'its hash', resolve: (s) => s.finalizedHash }),
  }),
});

builder.queryField('squidStatus', (t) =>
  t.field({
    type: SquidStatus,
    nullable: true,
    description: 'Where the indexer is; null before its first commit.',
    resolve: async (_root, _args, ctx: Context) => {
      const { rows } = await ctx.db.query(`SELECT height, hash FROM ${ident(ctx.stateSchema)}.status WHERE id = 0`, []);
      const row = rows[0];
      if (!row || Number(row.height) < 0) return null;
      return { finalizedHeight: Number(row.height), finalizedHash: String(row.hash) };
    },
  }),
);
