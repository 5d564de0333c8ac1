// Models (their fees and counters). Versions and OpenLoRA adapters are not exposed yet.
import { col, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineRootFields } from './entityTypes.ts';

export const Model: EntitySpec = {
  name: 'Model',
  table: 'model',
  small: true,
  columns: {
    id: col('id', 'id', { description: 'model id (decimal)' }),
    owner: col('owner', 'address'),
    name: col('name', 'string'),
    nameRaw: col('name_raw', 'bytes', { nullable: true, description: "the name's exact bytes (0x-hex) when the text was altered to be stored, else null" }),
    attributionMethod: col('attribution_method', 'bytes'),
    attributionMethodName: col('attribution_method_name', 'string'),
    datanetIds: col('datanet_ids', 'stringList', { description: 'decimal ids, ascending' }),
    feePerInference: col('fee_per_inference', 'bigint'),
    versionCount: col('version_count', 'bigint'),
    adapterCount: col('adapter_count', 'int'),
    inferenceCount: col('inference_count', 'int'),
    feesTotal: col('fees_total', 'bigint'),
    contributorRewardsTotal: col('contributor_rewards_total', 'bigint'),
    createdAtBlock: col('created_at_block', 'int'),
    createdAt: col('created_at', 'datetime'),
    createdTxHash: col('created_tx_hash', 'bytes'),
  },
  relations: {},
};

defineEntity(Model);
defineRootFields(Model, { list: 'models', lookup: 'model' });
