// OpenLedgerGovernor proposals and votes, and OpenLedgerTimelock operations. A queued proposal is
// linked to the timelock operation its `queue` transaction scheduled.
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { existing, scratchKey, withLog } from './common.ts';
import { on, type Handler } from './types.ts';

const SCHEDULED_IN_TX = 'timelock-scheduled';

const proposal = (b: Batch, id: bigint, log: LogMeta) => existing(b.proposals, id, log);

function vote(b: Batch, log: LogMeta, voter: string, proposalId: bigint, support: number, weight: bigint, reason: string, params?: string) {
  const p = proposal(b, proposalId, log);
  if (!p) return;
  if (support === 0) p.againstVotes += weight;
  else if (support === 1) p.forVotes += weight;
  else p.abstainVotes += weight;
  p.voteCount += 1;
  b.insert(withLog(new M.Vote({ id: `${p.id}-${voter}`, proposal: p, voter, support, weight, reason, params: params ?? null }), log));
}

const timelockOp = (b: Batch, id: string, log: LogMeta) => existing(b.timelockOps, id, log);

export const governanceHandlers: Handler[] = [
  on('OpenLedgerGovernor', 'ProposalCreated', {
    handle: ({ args, log }, b) => {
      b.proposals.add(new M.Proposal({
        id: args.proposalId.toString(), proposer: args.proposer, targets: args.targets,
        values: args.values.map(String), signatures: args.signatures, calldatas: args.calldatas,
        voteStart: args.voteStart, voteEnd: args.voteEnd, description: args.description,
        status: M.ProposalStatus.CREATED, forVotes: 0n, againstVotes: 0n, abstainVotes: 0n, voteCount: 0,
        etaSeconds: null, timelockOperation: null,
        createdAtBlock: log.block.height, createdAt: new Date(log.block.timestamp), createdTxHash: log.txHash,
        queuedAtBlock: null, executedAtBlock: null, canceledAtBlock: null,
      }));
    },
  }),
  on('OpenLedgerGovernor', 'ProposalQueued', {
    load: ({ args }, b) => b.proposals.want(args.proposalId.toString()),
    handle: ({ args, log }, b) => {
      const p = proposal(b, args.proposalId, log);
      if (!p) return;
      p.status = M.ProposalStatus.QUEUED;
      p.etaSeconds = args.etaSeconds;
      p.queuedAtBlock = log.block.height;
      const opId = b.scratch.get(scratchKey(SCHEDULED_IN_TX, log)) as string | undefined;
      if (opId) p.timelockOperation = b.timelockOps.get(opId) ?? null;
    },
  }),
  on('OpenLedgerGovernor', 'ProposalExecuted', {
    load: ({ args }, b) => b.proposals.want(args.proposalId.toString()),
    handle: ({ args, log }, b) => {
      const p = proposal(b, args.proposalId, log);
      if (!p) return;
      p.status = M.ProposalStatus.EXECUTED;
      p.executedAtBlock = log.block.height;
    },
  }),
  on('OpenLedgerGovernor', 'ProposalCanceled', {
    load: ({ args }, b) => b.proposals.want(args.proposalId.toString()),
    handle: ({ args, log }, b) => {
      const p = proposal(b, args.proposalId, log);
      if (!p) return;
      p.status = M.ProposalStatus.CANCELED;
      p.canceledAtBlock = log.block.height;
    },
  }),
  on('OpenLedgerGovernor', 'VoteCast', {
    load: ({ args }, b) => b.proposals.want(args.proposalId.toString()),
    handle: ({ args, log }, b) => vote(b, log, args.voter, args.proposalId, args.support, args.weight, args.reason),
  }),
  on('OpenLedgerGovernor', 'VoteCastWithParams', {
    load: ({ args }, b) => b.proposals.want(args.proposalId.toString()),
    handle: ({ args, log }, b) =>
      vote(b, log, args.voter, args.proposalId, args.support, args.weight, args.reason, args.params),
  }),

  on('OpenLedgerTimelock', 'CallScheduled', {
    load: ({ args }, b) => (b.timelockOps.want(args.id), b.timelockCalls.want(`${args.id}-${args.index}`)),
    handle: ({ args, log }, b) => {
      const fresh = () =>
        new M.TimelockOperation({
          id: args.id, status: M.TimelockOperationStatus.SCHEDULED, callCount: 0, executedCallCount: 0,
          predecessor: args.predecessor, delay: args.delay, salt: null,
          readyAt: BigInt(Math.floor(log.block.timestamp / 1000)) + args.delay,
          scheduledAtBlock: log.block.height, scheduledAt: new Date(log.block.timestamp), scheduledTxHash: log.txHash,
          executedAtBlock: null, cancelledAtBlock: null,
        });
      let op = b.timelockOps.upsert(args.id, fresh);
      // a cancelled operation may be scheduled again under the same id: start it over
      if (op.scheduledTxHash !== log.txHash) op = b.timelockOps.add(fresh());
      op.callCount = Math.max(op.callCount, Number(args.index) + 1);
      b.timelockCalls.add(new M.TimelockCall({
        id: `${args.id}-${args.index}`, operation: op, index: Number(args.index), target: args.target,
        value: args.value, data: args.data, executed: false, executedAtBlock: null,
      }));
      b.scratch.set(scratchKey(SCHEDULED_IN_TX, log), args.id);
    },
  }),
  on('OpenLedgerTimelock', 'CallSalt', {
    load: ({ args }, b) => b.timelockOps.want(args.id),
    handle: ({ args, log }, b) => {
      const op = timelockOp(b, args.id, log);
      if (op) op.salt = args.salt;
    },
  }),
  on('OpenLedgerTimelock', 'CallExecuted', {
    load: ({ args }, b) => (b.timelockOps.want(args.id), b.timelockCalls.want(`${args.id}-${args.index}`)),
    handle: ({ args, log }, b) => {
      const op = timelockOp(b, args.id, log);
      const call = b.timelockCalls.update(`${args.id}-${args.index}`);
      if (!op || !call) return;
      call.executed = true;
      call.executedAtBlock = log.block.height;
      op.executedCallCount += 1;
      if (op.executedCallCount >= op.callCount) {
        op.status = M.TimelockOperationStatus.EXECUTED;
        op.executedAtBlock = log.block.height;
      }
    },
  }),
  on('OpenLedgerTimelock', 'Cancelled', {
    load: ({ args }, b) => b.timelockOps.want(args.id),
    handle: ({ args, log }, b) => {
      const op = timelockOp(b, args.id, log);
      if (!op) return;
      op.status = M.TimelockOperationStatus.CANCELLED;
      op.cancelledAtBlock = log.block.height;
    },
  }),
];
