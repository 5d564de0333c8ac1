// Datanets, their contributions and the running totals per contributor address.
import { col, logColumns, rawCol, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineEnum, defineHistory, defineNestedConnection, defineRootFields } from './entityTypes.ts';

defineEnum('ContributionStatus', ['PENDING', 'APPROVED', 'REJECTED']);

export const Datanet: EntitySpec = {
  name: 'Datanet',
  table: 'datanet',
  small: true,
  columns: {
    id: col('id', 'id', { description: 'datanet id (decimal)' }),
    owner: col('owner', 'address'),
    name: col('name', 'string'),
    nameRaw: rawCol('name_raw', 'name'),
    metadataURI: col('metadata_uri', 'string'),
    metadataURIRaw: rawCol('metadata_uri_raw', 'metadata URI'),
    creationFee: col('creation_fee', 'bigint'),
    transactionId: col('transaction_id', 'string'),
    contributionCount: col('contribution_count', 'int'),
    approvedCount: col('approved_count', 'bigint'),
    rejectedCount: col('rejected_count', 'int'),
    rowCount: col('row_count', 'bigint'),
    versionCount: col('version_count', 'bigint'),
    influence: col('influence', 'bigint', { description: 'sum of the shares (parts per billion) attributed to its contributions' }),
    attributionCount: col('attribution_count', 'int'),
    rewardsEarned: col('rewards_earned', 'bigint'),
    createdAtBlock: col('created_at_block', 'int'),
    createdAt: col('created_at', 'datetime'),
    createdTxHash: col('created_tx_hash', 'bytes'),
  },
  relations: {},
};

export const Contribution: EntitySpec = {
  name: 'Contribution',
  table: 'contribution',
  columns: {
    id: col('id', 'id', { description: 'contribution id (decimal, global across datanets)' }),
    contributor: col('contributor', 'address', { indexed: true }),
    contentHash: col('content_hash', 'bytes'),
    uri: col('uri', 'string'),
    uriRaw: rawCol('uri_raw', 'URI'),
    rowCount: col('row_count', 'bigint'),
    status: col('status', 'enum', { enumName: 'ContributionStatus' }),
    reviewer: col('reviewer', 'address', { nullable: true }),
    reviewedAtBlock: col('reviewed_at_block', 'int', { nullable: true }),
    influence: col('influence', 'bigint', { description: 'sum of the shares (parts per billion) it was attributed' }),
    attributionCount: col('attribution_count', 'int'),
    rewardsEarned: col('rewards_earned', 'bigint'),
    submittedAtBlock: col('submitted_at_block', 'int', { indexed: true }),
    submittedAt: col('submitted_at', 'datetime'),
    submittedTxHash: col('submitted_tx_hash', 'bytes'),
  },
  relations: { datanet: { target: () => Datanet, column: 'datanet_id' } },
  history: {
    table: 'contribution_history',
    entityColumn: 'contribution_id',
    columns: { status: 'status', influence: 'influence', attributionCount: 'attribution_count', rewardsEarned: 'rewards_earned' },
  },
};

export const Contributor: EntitySpec = {
  name: 'Contributor',
  table: 'contributor',
  description: 'Running totals per contributor address.',
  columns: {
    id: col('id', 'address', { description: 'the address' }),
    contributionCount: col('contribution_count', 'int'),
    approvedCount: col('approved_count', 'int'),
    influence: col('influence', 'bigint'),
    attributionCount: col('attribution_count', 'int'),
    rewardsEarned: col('rewards_earned', 'bigint'),
    firstContributionBlock: col('first_contribution_block', 'int'),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
};

export const DatanetVersion: EntitySpec = {
  name: 'DatanetVersion',
  table: 'datanet_version',
  columns: {
    id: col('id', 'id', { description: '<datanet id>-<version>' }),
    version: col('version', 'bigint'),
    merkleRoot: col('merkle_root', 'bytes'),
    contributionCount: col('contribution_count', 'bigint'),
    blockNumber: col('block_number', 'int'),
    timestamp: col('timestamp', 'datetime'),
    txHash: col('tx_hash', 'bytes'),
  },
  relations: { datanet: { target: () => Datanet, column: 'datanet_id' } },
};

defineEntity(Datanet);
defineEntity(Contribution);
defineEntity(Contributor);
defineEntity(DatanetVersion);
defineRootFields(DatanetVersion, { list: 'datanetVersions', lookup: 'datanetVersion' });
defineRootFields(Datanet, { list: 'datanets', lookup: 'datanet' });
defineRootFields(Contribution, { list: 'contributions', lookup: 'contribution' });
defineHistory(Contribution, 'contribution');
defineRootFields(Contributor, { list: 'contributors', lookup: 'contributor' });
defineNestedConnection(Datanet, 'contributions', Contribution, 'datanet_id', "the datanet's contributions");
defineNestedConnection(Contributor, 'contributions', Contribution, 'contributor', "the contributor's contributions");
defineNestedConnection(Datanet, 'versions', DatanetVersion, 'datanet_id', "the datanet's published versions");

export const DatanetTransaction: EntitySpec = {
  name: 'DatanetTransaction',
  table: 'datanet_transaction',
  description: 'A DatanetFactory TransactionInitiated event (the public fee event).',
  columns: {
    id: col('id', 'id'),
    transactionId: col('transaction_id', 'string', { indexed: true, description: "the transaction id a datanet's transactionId refers to" }),
    user: col('user', 'address', { indexed: true }),
    amount: col('amount', 'bigint'),
    ...logColumns(true),
  },
  relations: {},
};

defineEntity(DatanetTransaction);
defineRootFields(DatanetTransaction, { list: 'datanetTransactions', lookup: 'datanetTransaction' });
