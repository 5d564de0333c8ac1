// Inferences (the fee and its split) and their attributions: one row per inference and contribution.
import { col, rawCol, type EntitySpec } from '../sql/entity.ts';
import { Contribution, Contributor, Datanet } from './datanets.ts';
import { defineEntity, defineHistory, defineNestedConnection, defineRootFields } from './entityTypes.ts';
import { Model, ModelVersion } from './models.ts';

export const Inference: EntitySpec = {
  name: 'Inference',
  table: 'inference',
  columns: {
    id: col('id', 'id', { description: 'inference id (decimal)' }),
    version: col('version', 'bigint', { description: 'the model version (uint256)' }),
    user: col('user', 'address', { indexed: true }),
    inputHash: col('input_hash', 'bytes'),
    inputURI: col('input_uri', 'string'),
    inputURIRaw: rawCol('input_uri_raw', 'input URI'),
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
    modelVersion: { target: () => ModelVersion, column: 'model_version_id' },
    attributor: { target: () => Attributor, column: 'attributor_id' },
  },
};

export const Attributor: EntitySpec = {
  name: 'Attributor',
  table: 'attributor',
  description: 'An attributor: its bond, records, fees and challenge outcomes.',
  columns: {
    id: col('id', 'address', { description: 'the address' }),
    activeStake: col('active_stake', 'bigint'),
    pendingStake: col('pending_stake', 'bigint'),
    unlockAt: col('unlock_at', 'bigint', { description: 'unix seconds when pending stake unlocks (0 when none)' }),
    lastRecordAt: col('last_record_at', 'bigint', { description: 'unix seconds of its last record (0 before any)' }),
    totalStaked: col('total_staked', 'bigint'),
    totalUnstaked: col('total_unstaked', 'bigint'),
    totalSlashed: col('total_slashed', 'bigint'),
    slashCount: col('slash_count', 'int'),
    recordCount: col('record_count', 'int'),
    feesAttributed: col('fees_attributed', 'bigint'),
    challengesReceived: col('challenges_received', 'int'),
    challengesLost: col('challenges_lost', 'int'),
    challengesWon: col('challenges_won', 'int'),
    challengesExpired: col('challenges_expired', 'int'),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
  history: {
    table: 'attributor_history',
    entityColumn: 'attributor_id',
    columns: { activeStake: 'active_stake', pendingStake: 'pending_stake', totalSlashed: 'total_slashed', recordCount: 'record_count' },
  },
};

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

defineEntity(Attributor);
defineEntity(Inference);
defineEntity(InferenceAttribution);
defineRootFields(Attributor, { list: 'attributors', lookup: 'attributor' });
defineHistory(Attributor, 'attributor');
defineRootFields(Inference, { list: 'inferences', lookup: 'inference' });
defineRootFields(InferenceAttribution, { list: 'attributions', lookup: 'attribution', description: 'One row per inference and contribution.' });
defineNestedConnection(Inference, 'attributions', InferenceAttribution, 'inference_id', "the inference's attributed contributions");
defineNestedConnection(Contribution, 'attributions', InferenceAttribution, 'contribution_id', 'the inferences this contribution was attributed in');
defineNestedConnection(Datanet, 'attributions', InferenceAttribution, 'datanet_id', "attributions of the datanet's contributions");
defineNestedConnection(Contributor, 'attributions', InferenceAttribution, 'contributor', "attributions of the contributor's contributions");
defineNestedConnection(Attributor, 'inferences', Inference, 'attributor_id', 'the inferences it recorded');
