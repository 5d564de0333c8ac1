// AttributionEngine reward claims.
import { col, logColumns, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineRootFields } from './entityTypes.ts';

export const RewardClaim: EntitySpec = {
  name: 'RewardClaim',
  table: 'reward_claim',
  columns: {
    id: col('id', 'id'),
    account: col('account', 'address', { indexed: true }),
    amount: col('amount', 'bigint'),
    ...logColumns(true),
  },
  relations: {},
};

defineEntity(RewardClaim);
defineRootFields(RewardClaim, { list: 'rewardClaims', lookup: 'rewardClaim' });
