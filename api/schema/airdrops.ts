// SigDispersal airdrops: settings per contract, batches (a merkle root each) and their claims.
import { col, logColumns, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineNestedConnection, defineRootFields } from './entityTypes.ts';
import { Account } from './tokens.ts';

export const AirdropSettings: EntitySpec = {
  name: 'AirdropSettings',
  table: 'airdrop_settings',
  small: true,
  description: "A SigDispersal's token and vault (TokenSet, VaultSet).",
  columns: {
    id: col('id', 'address', { description: 'the SigDispersal address' }),
    token: col('token', 'address', { nullable: true }),
    vault: col('vault', 'address', { nullable: true }),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
};

export const AirdropBatch: EntitySpec = {
  name: 'AirdropBatch',
  table: 'airdrop_batch',
  small: true,
  description: 'An airdrop batch of a SigDispersal: its merkle root, fee and claims so far.',
  columns: {
    id: col('id', 'id', { description: '<SigDispersal address>-<batch root>' }),
    contractAddress: col('contract_address', 'address'),
    root: col('root', 'bytes'),
    enabled: col('enabled', 'bool'),
    fee: col('fee', 'bigint', { description: 'native-coin fee a claim pays (wei)' }),
    claimCount: col('claim_count', 'int'),
    totalClaimed: col('total_claimed', 'bigint'),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
};

export const AirdropClaim: EntitySpec = {
  name: 'AirdropClaim',
  table: 'airdrop_claim',
  description: 'One claim of an airdrop batch.',
  columns: {
    id: col('id', 'id', { description: '<SigDispersal address>-<batch root>-<account>' }),
    account: col('account', 'address', { indexed: true }),
    amount: col('amount', 'bigint'),
    ...logColumns(true),
  },
  relations: { batch: { target: () => AirdropBatch, column: 'batch_id' } },
};

defineEntity(AirdropSettings);
defineEntity(AirdropBatch);
defineEntity(AirdropClaim);
defineRootFields(AirdropSettings, { list: 'airdropSettings', lookup: 'airdropSettingsById' });
defineRootFields(AirdropBatch, { list: 'airdropBatches', lookup: 'airdropBatch' });
defineRootFields(AirdropClaim, { list: 'airdropClaims', lookup: 'airdropClaim' });
defineNestedConnection(AirdropBatch, 'claims', AirdropClaim, 'batch_id', "the batch's claims");
defineNestedConnection(Account, 'airdropClaims', AirdropClaim, 'account', 'its airdrop claims');
