// Inferences (the fee and its split) and their attributions: one row per inference and contribution.
import { col, type EntitySpec } from '../sql/entity.ts';
import { Contribution, Contributor, Datanet } from './datanets.ts';
import { defineEntity, defineNestedConnection, defineRootFields } from './entityTypes.ts';
import { Model } from './models.ts';

export const Inference: EntitySpec = {
  name: 'Inference',
  table: 'inference',
  columns: {
    id: col('id', 'id', { description: 'inference id (decimal)' }),
    version: col('version', 'bigint', { description: 'the model version (uint256)' }),
    user: col('user', 'address', { indexed: true }),
    inputHash: col('input_hash', 'bytes'),
    inputURI: col('input_uri', 'string'),
    inputURIRaw: col('input_uri_raw', 'bytes', { nullable: true }),
    outputHash: col('output_hash', 'bytes'),
    fee: col('fee', 'bigint'),
    contributionIds: col('contribution_ids', 'stringList', { description: 'decimal ids, ascending' }),
    shares: col('shares', 'stringList', { description: 'parts per billion, in the order of contributionIds; they sum to 1e9' }),
    modelOwner: col('model_owner', 'address', { nullable: true }),
    protocolAmount: col('protocol_amount', 'bigint', { description: 'credited to the treasury, the dust included' }),
    modelOwnerAmount: col('model_owner_amount', 'bigint'),
    contributorAmount: col('contributor_amount', 'bigint', { description: 'the sum of the contribution rewards' }),
    dust: col('dust', 'bigint'),
    challengeCount: col('challenge_count', 'int'),
    upheld: col('upheld', 'bool'),
    blockNumber: col('block_number', 'int', { indexed: true }),
    timestamp: col('timestamp', 'datetime', { indexed: true }),
    txHash: col('tx_hash', 'bytes', { indexed: true }),
    logIndex: col('log_index', 'int'),
  },
  relations: {
    model: { target: () => Model, column: 'model_id' },
    modelVersion: { target: () => ModelVersionRef, column: 'model_version_id' },
    attributor: { target: () => AttributorRef, column: 'attributor_id' },
  },
};

/** Placeholders until models.ts declares these: the relation shows as `<name>Id`. */
const ModelVersionRef: EntitySpec = { name: 'ModelVersion', table: 'model_version', columns: {}, relations: {} };
const AttributorRef: EntitySpec = { name: 'Attributor', table: 'attributor', columns: {}, relations: {} };

export const InferenceAttribution: EntitySpec = {
  name: 'InferenceAttribution',
  table: 'inference_attribution',
  description: 'One attributed contribution of an inference: its share and the reward it earned.',
  columns: {
    id: col('id', 'id', { description: '<inference id>-<contribution id>' }),
    contributor: col('contributor', 'address', { indexed: true }),
    share: col('share', 'bigint', { description: 'parts per billion (uint32)' }),
    reward: col('reward', 'bigint'),
    blockNumber: col('block_number', 'int', { indexed: true }),
    timestamp: col('timestamp', 'datetime'),
  },
  relations: {
    inference: { target: () => Inference, column: 'inference_id' },
    contribution: { target: () => Contribution, column: 'contribution_id' },
    datanet: { target: () => Datanet, column: 'datanet_id' },
    model: { target: () => Model, column: 'model_id' },
  },
};

defineEntity(Inference);
defineEntity(InferenceAttribution);
defineRootFields(Inference, { list: 'inferences', lookup: 'inference' });
defineRootFields(InferenceAttribution, { list: 'attributions', lookup: 'attribution', description: 'One row per inference and contribution.' });
defineNestedConnection(Inference, 'attributions', InferenceAttribution, 'inference_id', "the inference's attributed contributions");
defineNestedConnection(Contribution, 'attributions', InferenceAttribution, 'contribution_id', 'the inferences this contribution was attributed in');
defineNestedConnection(Datanet, 'attributions', InferenceAttribution, 'datanet_id', "attributions of the datanet's contributions");
defineNestedConnection(Contributor, 'attributions', InferenceAttribution, 'contributor', "attributions of the contributor's contributions");
