// Watched contracts and their event counts; what the indexer could not decode or store (recorded
// rather than dropped); roles and settings events every protocol contract shares.
import { col, logColumns, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineNestedConnection, defineRootFields } from './entityTypes.ts';
import { Account } from './tokens.ts';

/** Where a log was and who emitted it (a decode failure, a quarantined log); block and address are indexed. */
const rawLogColumns = {
    blockNumber: col('block_number', 'int', { indexed: true }),
    blockHash: col('block_hash', 'bytes'),
    timestamp: col('timestamp', 'datetime'),
    txHash: col('tx_hash', 'bytes'),
    logIndex: col('log_index', 'int'),
    address: col('address', 'address', { indexed: true }),
};

export const DecodeFailure: EntitySpec = {
  name: 'DecodeFailure',
  table: 'decode_failure',
  description: 'A log from a watched address that could not be decoded; recorded, never dropped.',
  columns: {
    id: col('id', 'id'),
    ...rawLogColumns,
    contract: col('contract', 'string'),
    topic0: col('topic0', 'bytes', { nullable: true }),
    data: col('data', 'bytes'),
    error: col('error', 'string'),
  },
  relations: {},
};

defineEntity(DecodeFailure);
defineRootFields(DecodeFailure, { list: 'decodeFailures', lookup: 'decodeFailure' });

export const Contract: EntitySpec = {
  name: 'Contract',
  table: 'contract',
  small: true,
  description: 'A watched contract: one row per address.',
  columns: {
    id: col('id', 'address', { description: 'the address' }),
    name: col('name', 'string', { description: 'contract family (OPEN, WOPEN, GOPEN, OpenLedgerGovernor, ..., OFT)' }),
    treasury: col('treasury', 'address', { nullable: true, description: 'the treasury the contract last announced (TreasurySet), if any' }),
    eventCount: col('event_count', 'int'),
  },
  relations: {},
};

export const EventCount: EntitySpec = {
  name: 'EventCount',
  table: 'event_count',
  small: true,
  description: 'Events seen per contract family and event name.',
  columns: {
    id: col('id', 'id', { description: '<family>.<event>' }),
    contract: col('contract', 'string'),
    event: col('event', 'string'),
    count: col('count', 'int'),
    lastBlock: col('last_block', 'int'),
  },
  relations: {},
};

export const QuarantinedLog: EntitySpec = {
  name: 'QuarantinedLog',
  table: 'quarantined_log',
  description: 'A decoded log that could not be stored (a missing reference, a duplicate id, a value the database refuses, ...): recorded with the reason and the raw log, never dropped.',
  columns: {
    id: col('id', 'id'),
    ...rawLogColumns,
    contract: col('contract', 'string', { description: 'contract family' }),
    event: col('event', 'string', { indexed: true }),
    topics: col('topics', 'stringList', { description: "the log's topics (0x-hex)" }),
    data: col('data', 'bytes'),
    reason: col('reason', 'string', { description: 'why it was not stored' }),
  },
  relations: {},
};

export const RoleMembership: EntitySpec = {
  name: 'RoleMembership',
  table: 'role_membership',
  small: true,
  description: 'Who holds a role on a contract (RoleGranted / RoleRevoked).',
  columns: {
    id: col('id', 'id', { description: '<contract address>-<role>-<account>' }),
    contract: col('contract', 'string', { description: 'contract family' }),
    contractAddress: col('contract_address', 'address'),
    role: col('role', 'bytes', { description: 'the role (bytes32)' }),
    roleName: col('role_name', 'string', { nullable: true, description: 'known role name (DEFAULT_ADMIN_ROLE, ARBITER_ROLE, ...) or null' }),
    account: col('account', 'address', { indexed: true }),
    active: col('active', 'bool'),
    updatedAtBlock: col('updated_at_block', 'int'),
    updatedTxHash: col('updated_tx_hash', 'bytes'),
  },
  relations: {},
};

export const ParameterChange: EntitySpec = {
  name: 'ParameterChange',
  table: 'parameter_change',
  description: 'A settings event (fees, parameters, treasury, role admin, ownership, governor settings, timelock delay, ...).',
  columns: {
    id: col('id', 'id'),
    contract: col('contract', 'string', { description: 'contract family' }),
    contractAddress: col('contract_address', 'address', { indexed: true }),
    event: col('event', 'string', { indexed: true }),
    args: col('args', 'json', { description: 'decoded event arguments (integers as decimal strings)' }),
    ...logColumns(true),
  },
  relations: {},
};

defineEntity(Contract);
defineEntity(EventCount);
defineEntity(QuarantinedLog);
defineEntity(RoleMembership);
defineEntity(ParameterChange);
defineRootFields(Contract, { list: 'contracts', lookup: 'contract' });
defineRootFields(EventCount, { list: 'eventCounts', lookup: 'eventCount' });
defineRootFields(QuarantinedLog, { list: 'quarantinedLogs', lookup: 'quarantinedLog' });
defineRootFields(RoleMembership, { list: 'roleMemberships', lookup: 'roleMembership' });
defineRootFields(ParameterChange, { list: 'parameterChanges', lookup: 'parameterChange' });
defineNestedConnection(Account, 'roleMemberships', RoleMembership, 'account', 'roles it holds or held (active says which)');
