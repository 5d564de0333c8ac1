// OPEN, WOPEN and GOPEN: the tokens, accounts (balances, voting power, credits, rewards) and transfers.
import { col, logColumns, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineEnum, defineHistory, defineRootFields } from './entityTypes.ts';

defineEnum('TokenKind', ['OPEN', 'WOPEN', 'GOPEN']);
defineEnum('WrapKind', ['DEPOSIT', 'WITHDRAWAL']);

export const Token: EntitySpec = {
  name: 'Token',
  table: 'token',
  small: true,
  description: 'OPEN, WOPEN or GOPEN with its supply and counters.',
  columns: {
    id: col('id', 'id', { description: 'OPEN, WOPEN or GOPEN' }),
    address: col('address', 'address'),
    totalSupply: col('total_supply', 'bigint'),
    holderCount: col('holder_count', 'int'),
    transferCount: col('transfer_count', 'int'),
  },
  relations: {},
};

export const Account: EntitySpec = {
  name: 'Account',
  table: 'account',
  description: 'An address that held a token, voted, bought credits or earned rewards.',
  columns: {
    id: col('id', 'address', { description: 'the address' }),
    openBalance: col('open_balance', 'bigint'),
    wopenBalance: col('wopen_balance', 'bigint'),
    gopenBalance: col('gopen_balance', 'bigint'),
    votingPower: col('voting_power', 'bigint', { description: 'GOPEN votes delegated to this account' }),
    delegate: col('delegate', 'address', { nullable: true, description: 'GOPEN delegate of this account (null until it delegates)' }),
    creditBalance: col('credit_balance', 'bigint', { description: 'CreditManager credit balance (18 decimals)' }),
    rewardsEarned: col('rewards_earned', 'bigint'),
    rewardsClaimed: col('rewards_claimed', 'bigint'),
    firstSeenBlock: col('first_seen_block', 'int'),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
  history: {
    table: 'account_history',
    entityColumn: 'account_id',
    columns: { openBalance: 'open_balance', wopenBalance: 'wopen_balance', gopenBalance: 'gopen_balance', votingPower: 'voting_power', delegate: 'delegate' },
  },
};

export const TokenTransfer: EntitySpec = {
  name: 'TokenTransfer',
  table: 'token_transfer',
  description: 'One Transfer event of OPEN, WOPEN or GOPEN.',
  columns: {
    id: col('id', 'id'),
    token: col('token', 'enum', { enumName: 'TokenKind', indexed: true }),
    from: col('from', 'address', { indexed: true }),
    to: col('to', 'address', { indexed: true }),
    value: col('value', 'bigint'),
    blockNumber: col('block_number', 'int', { indexed: true }),
    timestamp: col('timestamp', 'datetime'),
    txHash: col('tx_hash', 'bytes', { indexed: true }),
    logIndex: col('log_index', 'int'),
  },
  relations: {},
};

export const TokenApproval: EntitySpec = {
  name: 'TokenApproval',
  table: 'token_approval',
  description: 'The last Approval per token, owner and spender (transferFrom does not emit Approval).',
  columns: {
    id: col('id', 'id', { description: '<token>-<owner>-<spender>' }),
    token: col('token', 'enum', { enumName: 'TokenKind' }),
    owner: col('owner', 'address', { indexed: true }),
    spender: col('spender', 'address'),
    value: col('value', 'bigint'),
    blockNumber: col('block_number', 'int'),
    txHash: col('tx_hash', 'bytes'),
  },
  relations: {},
};

export const TokenWrap: EntitySpec = {
  name: 'TokenWrap',
  table: 'token_wrap',
  description: 'WOPEN / GOPEN Deposit and Withdrawal (wrapping native OPEN).',
  columns: {
    id: col('id', 'id'),
    token: col('token', 'enum', { enumName: 'TokenKind' }),
    kind: col('kind', 'enum', { enumName: 'WrapKind' }),
    account: col('account', 'address', { indexed: true }),
    amount: col('amount', 'bigint'),
    ...logColumns(true),
  },
  relations: {},
};

export const DelegateChange: EntitySpec = {
  name: 'DelegateChange',
  table: 'delegate_change',
  description: 'A GOPEN DelegateChanged event.',
  columns: {
    id: col('id', 'id'),
    delegator: col('delegator', 'address', { indexed: true }),
    fromDelegate: col('from_delegate', 'address'),
    toDelegate: col('to_delegate', 'address', { indexed: true }),
    ...logColumns(true),
  },
  relations: {},
};

defineEntity(Token);
defineEntity(Account);
defineEntity(TokenTransfer);
defineRootFields(Token, { list: 'tokens', lookup: 'token' });
defineRootFields(Account, { list: 'accounts', lookup: 'account' });
defineHistory(Account, 'account');
defineRootFields(TokenTransfer, { list: 'transfers', lookup: 'transfer' });
defineEntity(TokenApproval);
defineEntity(TokenWrap);
defineEntity(DelegateChange);
defineRootFields(TokenApproval, { list: 'approvals', lookup: 'approval' });
defineRootFields(TokenWrap, { list: 'wraps', lookup: 'wrap' });
defineRootFields(DelegateChange, { list: 'delegateChanges', lookup: 'delegateChange' });
