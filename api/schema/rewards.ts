// AttributionEngine reward claims.
import { col, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineRootFields } from './entityTypes.ts';

export const RewardClaim: EntitySpec = {
  name: 'RewardClaim',
  table: 'reward_claim',
  columns: {
    id: col('id', 'id'),
    account: col('account', 'address', { indexed: true }),
    amount: col('amount', 'bigint'),
    blockNumber: col('block_number', 'int', { indexed: true }),
    timestamp: col('timestamp', 'datetime'),
    txHash: col('tx_hash', 'bytes'),
    logIndex: col('log_index', 'int'),
  },
  relations: {},
};

defineEntity(RewardClaim);
defineRootFields(RewardClaim, { list: 'rewardClaims', lookup: 'rewardClaim' });
