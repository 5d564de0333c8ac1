// Models (their fees and counters), their versions and OpenLoRA adapters.
import { col, rawCol, type EntitySpec } from '../sql/entity.ts';
import { Datanet } from './datanets.ts';
import { defineEntity, defineNestedConnection, defineRootFields } from './entityTypes.ts';

export const Model: EntitySpec = {
  name: 'Model',
  table: 'model',
  small: true,
  columns: {
    id: col('id', 'id', { description: 'model id (decimal)' }),
    owner: col('owner', 'address'),
    name: col('name', 'string'),
    nameRaw: rawCol('name_raw', 'name'),
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

export const ModelVersion: EntitySpec = {
  name: 'ModelVersion',
  table: 'model_version',
  columns: {
    id: col('id', 'id', { description: '<model id>-<version>' }),
    version: col('version', 'bigint'),
    manifestHash: col('manifest_hash', 'bytes'),
    manifestURI: col('manifest_uri', 'string'),
    manifestURIRaw: rawCol('manifest_uri_raw', 'manifest URI'),
    blockNumber: col('block_number', 'int'),
    timestamp: col('timestamp', 'datetime'),
    txHash: col('tx_hash', 'bytes'),
  },
  relations: { model: { target: () => Model, column: 'model_id' } },
};

export const Adapter: EntitySpec = {
  name: 'Adapter',
  table: 'adapter',
  description: 'An OpenLoRA adapter on a model version.',
  columns: {
    id: col('id', 'id', { description: 'adapter id (decimal)' }),
    baseVersion: col('base_version', 'bigint'),
    owner: col('owner', 'address', { indexed: true }),
    adapterHash: col('adapter_hash', 'bytes'),
    uri: col('uri', 'string'),
    uriRaw: rawCol('uri_raw', 'URI'),
    blockNumber: col('block_number', 'int'),
    timestamp: col('timestamp', 'datetime'),
    txHash: col('tx_hash', 'bytes'),
  },
  relations: { baseModel: { target: () => Model, column: 'base_model_id' } },
};

defineEntity(ModelVersion);
defineEntity(Adapter);
defineRootFields(ModelVersion, { list: 'modelVersions', lookup: 'modelVersion' });
defineRootFields(Adapter, { list: 'adapters', lookup: 'adapter' });
defineNestedConnection(Model, 'versions', ModelVersion, 'model_id', "the model's published versions");
defineNestedConnection(Model, 'adapters', Adapter, 'base_model_id', 'adapters on the model');

export const AttributionMethod: EntitySpec = {
  name: 'AttributionMethod',
  table: 'attribution_method',
  small: true,
  description: 'An attribution method the ModelFactory allows or disallows (AttributionMethodSet).',
  columns: {
    id: col('id', 'bytes', { description: 'the method id (bytes32)' }),
    name: col('name', 'string', { description: 'the bytes32 as text without trailing zeros (NUL and bytes that are not UTF-8 as U+FFFD; the exact bytes are the id)' }),
    allowed: col('allowed', 'bool'),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
};

export const ModelDatanet: EntitySpec = {
  name: 'ModelDatanet',
  table: 'model_datanet',
  description: 'A datanet a model was trained on (one row per model and datanet).',
  columns: { id: col('id', 'id', { description: '<model id>-<datanet id>' }) },
  relations: {
    model: { target: () => Model, column: 'model_id' },
    datanet: { target: () => Datanet, column: 'datanet_id' },
  },
};

defineEntity(AttributionMethod);
defineEntity(ModelDatanet);
defineRootFields(AttributionMethod, { list: 'attributionMethods', lookup: 'attributionMethod' });
defineRootFields(ModelDatanet, { list: 'modelDatanets', lookup: 'modelDatanet' });
defineNestedConnection(Model, 'datanets', ModelDatanet, 'model_id', 'the datanets it was trained on');
defineNestedConnection(Datanet, 'models', ModelDatanet, 'datanet_id', 'the models trained on it');
