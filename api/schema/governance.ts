// OpenLedgerGovernor proposals and votes, and OpenLedgerTimelock operations with their calls.
import { col, logColumns, rawCol, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineEnum, defineNestedConnection, defineRootFields } from './entityTypes.ts';

defineEnum('ProposalStatus', ['CREATED', 'QUEUED', 'EXECUTED', 'CANCELED'], 'Event-driven status; Active, Defeated and Succeeded follow from voteStart/voteEnd and the votes.');
defineEnum('TimelockOperationStatus', ['SCHEDULED', 'EXECUTED', 'CANCELLED']);

export const TimelockOperation: EntitySpec = {
  name: 'TimelockOperation',
  table: 'timelock_operation',
  columns: {
    id: col('id', 'id', { description: 'operation id (bytes32)' }),
    status: col('status', 'enum', { enumName: 'TimelockOperationStatus' }),
    callCount: col('call_count', 'bigint', { description: 'highest call index scheduled + 1' }),
    executedCallCount: col('executed_call_count', 'int'),
    predecessor: col('predecessor', 'bytes'),
    delay: col('delay', 'bigint', { description: 'seconds' }),
    salt: col('salt', 'bytes', { nullable: true }),
    readyAt: col('ready_at', 'bigint', { description: 'unix seconds from which it may execute' }),
    scheduledAtBlock: col('scheduled_at_block', 'int', { indexed: true }),
    scheduledAt: col('scheduled_at', 'datetime'),
    scheduledTxHash: col('scheduled_tx_hash', 'bytes'),
    executedAtBlock: col('executed_at_block', 'int', { nullable: true }),
    cancelledAtBlock: col('cancelled_at_block', 'int', { nullable: true }),
  },
  relations: {},
};

export const TimelockCall: EntitySpec = {
  name: 'TimelockCall',
  table: 'timelock_call',
  columns: {
    id: col('id', 'id', { description: '<operation id>-<index>' }),
    index: col('index', 'bigint'),
    target: col('target', 'address'),
    value: col('value', 'bigint'),
    data: col('data', 'bytes'),
    executed: col('executed', 'bool'),
    executedAtBlock: col('executed_at_block', 'int', { nullable: true }),
  },
  relations: { operation: { target: () => TimelockOperation, column: 'operation_id' } },
};

export const Proposal: EntitySpec = {
  name: 'Proposal',
  table: 'proposal',
  columns: {
    id: col('id', 'id', { description: 'proposal id (decimal)' }),
    proposer: col('proposer', 'address', { indexed: true }),
    targets: col('targets', 'stringList'),
    values: col('values', 'stringList', { description: 'wei per call, decimal strings' }),
    signatures: col('signatures', 'stringList'),
    signaturesRaw: col('signatures_raw', 'stringList', { nullable: true, description: "the signatures' exact bytes (0x-hex, one per signature) when one of them was altered to be stored, else null" }),
    calldatas: col('calldatas', 'stringList'),
    voteStart: col('vote_start', 'bigint', { description: 'GOPEN clock (unix seconds)' }),
    voteEnd: col('vote_end', 'bigint'),
    description: col('description', 'string'),
    descriptionRaw: rawCol('description_raw', 'description'),
    status: col('status', 'enum', { enumName: 'ProposalStatus' }),
    forVotes: col('for_votes', 'bigint'),
    againstVotes: col('against_votes', 'bigint'),
    abstainVotes: col('abstain_votes', 'bigint'),
    voteCount: col('vote_count', 'int'),
    etaSeconds: col('eta_seconds', 'bigint', { nullable: true, description: 'unix seconds when the queued operation becomes executable' }),
    createdAtBlock: col('created_at_block', 'int', { indexed: true }),
    createdAt: col('created_at', 'datetime'),
    createdTxHash: col('created_tx_hash', 'bytes'),
    queuedAtBlock: col('queued_at_block', 'int', { nullable: true }),
    executedAtBlock: col('executed_at_block', 'int', { nullable: true }),
    canceledAtBlock: col('canceled_at_block', 'int', { nullable: true }),
  },
  relations: { timelockOperation: { target: () => TimelockOperation, column: 'timelock_operation_id', nullable: true } },
};

export const Vote: EntitySpec = {
  name: 'Vote',
  table: 'vote',
  columns: {
    id: col('id', 'id', { description: '<proposal id>-<voter>' }),
    voter: col('voter', 'address', { indexed: true }),
    support: col('support', 'int', { description: '0 against, 1 for, 2 abstain' }),
    weight: col('weight', 'bigint'),
    reason: col('reason', 'string'),
    reasonRaw: rawCol('reason_raw', 'reason'),
    params: col('params', 'bytes', { nullable: true, description: 'VoteCastWithParams only' }),
    ...logColumns(false),
  },
  relations: { proposal: { target: () => Proposal, column: 'proposal_id' } },
};

defineEntity(TimelockOperation);
defineEntity(TimelockCall);
defineEntity(Proposal);
defineEntity(Vote);
defineRootFields(Proposal, { list: 'proposals', lookup: 'proposal' });
defineRootFields(Vote, { list: 'votes', lookup: 'vote' });
defineRootFields(TimelockOperation, { list: 'timelockOperations', lookup: 'timelockOperation' });
defineNestedConnection(Proposal, 'votes', Vote, 'proposal_id', "the proposal's votes");
defineNestedConnection(TimelockOperation, 'calls', TimelockCall, 'operation_id', "the operation's calls");
defineRootFields(TimelockCall, { list: 'timelockCalls', lookup: 'timelockCall' });
