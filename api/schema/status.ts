// squidStatus: how far the indexer has committed (hot blocks included), what is final, and whether
// it is still catching up with the chain (api/sql/status.ts).
import { builder, type Context } from '../builder.ts';
import { CATCHING_UP_BLOCKS, readSquidStatus, type SquidStatus } from '../sql/status.ts';

export const SquidStatusRef = builder.objectRef<SquidStatus>('SquidStatus').implement({
  description: 'Where the indexer is. Rows of unfinalized (hot) blocks up to `height` are served; a reorg may still replace those above `finalizedHeight`.',
  fields: (t) => ({
    height: t.exposeInt('height', { description: 'the highest block whose rows are committed, unfinalized (hot) blocks included' }),
    hash: t.field({ type: 'Bytes', description: "that block's hash", resolve: (s) => s.hash }),
    finalizedHeight: t.exposeInt('finalizedHeight', { description: 'the last finalized block the indexer committed' }),
    finalizedHash: t.field({ type: 'Bytes', description: 'its hash', resolve: (s) => s.finalizedHash }),
    chainHeight: t.int({ nullable: true, description: 'the chain head the indexer saw at its last commit (null when it has not recorded one)', resolve: (s) => s.chainHeight }),
    catchingUp: t.boolean({
      description: `true while the chain head the indexer last saw is more than ${CATCHING_UP_BLOCKS} blocks above \`height\``,
      resolve: (s) => s.catchingUp,
    }),
  }),
});

builder.queryField('squidStatus', (t) =>
  t.field({
    type: SquidStatusRef,
    nullable: true,
    description: 'Where the indexer is; null before its first commit.',
    resolve: (_root, _args, ctx: Context) => readSquidStatus(ctx.db, ctx.stateSchema),
  }),
);
