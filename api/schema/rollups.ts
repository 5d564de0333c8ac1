// The rollups as plain lists: hourly and daily buckets (UTC) per contribution, contributor, datanet
// and model, as the indexer keeps them (a bucket exists only when something happened in it). Under
// one parent, `period` and `bucketStart` are served by the index (parent, period, bucket_start).
import { col, type ColumnSpec, type EntitySpec } from '../sql/entity.ts';
import { Contribution, Contributor, Datanet } from './datanets.ts';
import { defineEntity, defineEnum, defineNestedConnection, defineRootFields } from './entityTypes.ts';
import { Model } from './models.ts';

defineEnum('RollupPeriod', ['HOUR', 'DAY'], 'The length of a rollup bucket (UTC hours, UTC days).');

const bucket = (parentColumn: string, what: string): Record<string, ColumnSpec> => ({
  id: col('id', 'id', { description: `<${what}>-<period>-<bucket start, unix seconds>` }),
  period: col('period', 'enum', { enumName: 'RollupPeriod', indexedAfter: parentColumn }),
  bucketStart: col('bucket_start', 'datetime', { indexed: true, description: 'the start of the bucket' }),
});

const attributionTotals = {
  influence: col('influence', 'bigint', { description: 'shares (parts per billion) attributed within the bucket' }),
  attributions: col('attributions', 'int'),
  rewards: col('rewards', 'bigint'),
  cumulativeInfluence: col('cumulative_influence', 'bigint', { description: 'running total at the end of the bucket' }),
  cumulativeRewards: col('cumulative_rewards', 'bigint', { description: 'running total at the end of the bucket' }),
  updatedAtBlock: col('updated_at_block', 'int'),
};

export const ContributionRollup: EntitySpec = {
  name: 'ContributionRollup',
  table: 'contribution_rollup',
  description: "A contribution's attributions in one hour or day.",
  columns: { ...bucket('contribution_id', 'contribution id'), ...attributionTotals },
  relations: { contribution: { target: () => Contribution, column: 'contribution_id' } },
};

export const ContributorRollup: EntitySpec = {
  name: 'ContributorRollup',
  table: 'contributor_rollup',
  description: "A contributor's attributions in one hour or day.",
  columns: { ...bucket('contributor_id', 'address'), ...attributionTotals },
  relations: { contributor: { target: () => Contributor, column: 'contributor_id' } },
};

export const DatanetRollup: EntitySpec = {
  name: 'DatanetRollup',
  table: 'datanet_rollup',
  description: "Attributions of a datanet's contributions in one hour or day.",
  columns: { ...bucket('datanet_id', 'datanet id'), ...attributionTotals },
  relations: { datanet: { target: () => Datanet, column: 'datanet_id' } },
};

export const ModelRollup: EntitySpec = {
  name: 'ModelRollup',
  table: 'model_rollup',
  description: "A model's inferences and fees in one hour or day.",
  columns: {
    ...bucket('model_id', 'model id'),
    inferences: col('inferences', 'int'),
    fees: col('fees', 'bigint'),
    protocolAmount: col('protocol_amount', 'bigint'),
    modelOwnerAmount: col('model_owner_amount', 'bigint'),
    contributorAmount: col('contributor_amount', 'bigint'),
    cumulativeInferences: col('cumulative_inferences', 'int', { description: 'running total at the end of the bucket' }),
    cumulativeFees: col('cumulative_fees', 'bigint', { description: 'running total at the end of the bucket' }),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: { model: { target: () => Model, column: 'model_id' } },
};

for (const [spec, list, lookup, parent, column] of [
  [ContributionRollup, 'contributionRollups', 'contributionRollup', Contribution, 'contribution_id'],
  [ContributorRollup, 'contributorRollups', 'contributorRollup', Contributor, 'contributor_id'],
  [DatanetRollup, 'datanetRollups', 'datanetRollup', Datanet, 'datanet_id'],
  [ModelRollup, 'modelRollups', 'modelRollup', Model, 'model_id'],
] as const) {
  defineEntity(spec);
  defineRootFields(spec, { list, lookup });
  defineNestedConnection(parent, 'rollups', spec, column, 'its hourly and daily buckets (only buckets in which something happened); filter on period and bucketStart');
}
