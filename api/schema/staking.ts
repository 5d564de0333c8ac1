// Staking: configs, stakes (plain and committed) and their actions.
import { col, logColumns, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineEnum, defineHistory, defineNestedConnection, defineRootFields } from './entityTypes.ts';

defineEnum('StakeStatus', ['COMMITTED', 'ACTIVE', 'COOLING_DOWN', 'UNSTAKED']);
defineEnum('StakeActionKind', ['STAKED', 'TOPPED_UP', 'COMMITTED', 'UNSTAKE_REQUESTED', 'UNSTAKED']);

export const StakingConfig: EntitySpec = {
  name: 'StakingConfig',
  table: 'staking_config',
  small: true,
  description: 'A staking config as `configs(id)` returned at the block of its last ConfigCreated/ConfigSet.',
  columns: {
    id: col('id', 'id', { description: 'config id (decimal)' }),
    bank: col('bank', 'address', { description: 'holds the staked tokens and pays stakes out' }),
    manager: col('manager', 'address', { description: 'signs commitment stakes' }),
    token: col('token', 'address'),
    interestRate: col('interest_rate', 'bigint', { description: 'WAD fraction per year, continuously compounded' }),
    stakeDuration: col('stake_duration', 'bigint', { description: 'seconds a stake is locked after it starts or is topped up' }),
    cooldownDuration: col('cooldown_duration', 'bigint', { description: 'seconds between an unstake request and its payout' }),
    maxStake: col('max_stake', 'bigint'),
    minStake: col('min_stake', 'bigint'),
    isActive: col('is_active', 'bool'),
    isTopupEnabled: col('is_topup_enabled', 'bool'),
    isPublic: col('is_public', 'bool'),
    createdAtBlock: col('created_at_block', 'int'),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
};

export const Stake: EntitySpec = {
  name: 'Stake',
  table: 'stake',
  columns: {
    id: col('id', 'id', { description: 'staking id (decimal, from 0)' }),
    recipient: col('recipient', 'address', { nullable: true, indexed: true, description: 'null while COMMITTED' }),
    status: col('status', 'enum', { enumName: 'StakeStatus' }),
    value: col('value', 'bigint', { description: 'amount at lastUpdate (principal plus interest accrued so far); for UNSTAKED the amount paid' }),
    principal: col('principal', 'bigint', { description: 'tokens put in (stake plus top-ups, or the committed amount)' }),
    startTime: col('start_time', 'bigint', { description: 'unix seconds the lock started' }),
    requestedAt: col('requested_at', 'bigint', { description: 'unix seconds of the unstake request (0 if none)' }),
    unlockAt: col('unlock_at', 'bigint', { description: 'unix seconds from which the payout may be taken (0 if not requested)' }),
    lastUpdate: col('last_update', 'datetime'),
    commitment: col('commitment', 'bytes', { nullable: true, description: 'the manager-signed commitment (CommitStake); null for a plain stake' }),
    createdAtBlock: col('created_at_block', 'int', { indexed: true }),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: { config: { target: () => StakingConfig, column: 'config_id', nullable: true } },
  history: {
    table: 'stake_history',
    entityColumn: 'stake_id',
    columns: { status: 'status', value: 'value', principal: 'principal', startTime: 'start_time', unlockAt: 'unlock_at', lastUpdate: 'last_update' },
  },
};

export const StakeAction: EntitySpec = {
  name: 'StakeAction',
  table: 'stake_action',
  columns: {
    id: col('id', 'id'),
    kind: col('kind', 'enum', { enumName: 'StakeActionKind' }),
    amount: col('amount', 'bigint'),
    valueAfter: col('value_after', 'bigint'),
    ...logColumns(true),
  },
  relations: { stake: { target: () => Stake, column: 'stake_id' } },
};

defineEntity(StakingConfig);
defineEntity(Stake);
defineEntity(StakeAction);
defineRootFields(StakingConfig, { list: 'stakingConfigs', lookup: 'stakingConfig' });
defineRootFields(Stake, { list: 'stakes', lookup: 'stake' });
defineHistory(Stake, 'stake');
defineRootFields(StakeAction, { list: 'stakeActions', lookup: 'stakeAction' });
defineNestedConnection(StakingConfig, 'stakes', Stake, 'config_id', 'stakes under this config');
defineNestedConnection(Stake, 'actions', StakeAction, 'stake_id', "the stake's actions");
