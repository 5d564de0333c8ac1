// OpenLedgerGovernor proposals and votes, and OpenLedgerTimelock operations. A queued proposal is
// linked to the timelock operation its `queue` transaction scheduled.
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { existing, firstRejection, fresh, needs, scratchKey, withLog } from './common.ts';
import { userText, userTexts, type UserText } from './userText.ts';
import { on, type Handler } from './types.ts';

const SCHEDULED_IN_TX = 'timelock-scheduled';

const proposal = (b: Batch, id: bigint, log: LogMeta) => existing(b.proposals, id, log);

function vote(b: Batch, log: LogMeta, voter: string, proposalId: bigint, support: number, weight: bigint, reason: UserText, params?: string) {
  const p = proposal(b, proposalId, log);
  if (!p) return;
  if (support === 0) p.againstVotes += weight;
  else if (support === 1) p.forVotes += weight;
  else p.abstainVotes += weight;
  p.voteCount += 1;
  b.insert(withLog(new M.Vote({
    id: `${p.id}-${voter}`, proposal: p, voter, support, weight, reason: reason.text, reasonRaw: reason.raw, params: params ?? null,
  }), log));
}

const timelockOp = (b: Batch, id: string, log: LogMeta) => existing(b.timelockOps, id, log);

const wantProposal = ({ args }: { args: { proposalId: bigint } }, b: Batch) => b.proposals.want(args.proposalId.toString());
const needProposal = ({ args }: { args: { proposalId: bigint } }, b: Batch) => needs(b.proposals, args.proposalId);
const needOperation = ({ args }: { args: { id: string } }, b: Batch) => needs(b.timelockOps, args.id);

export const governanceHandlers: Handler[] = [
  on('OpenLedgerGovernor', 'ProposalCreated', {
    load: wantProposal,
    check: ({ args }, b) => fresh(b.proposals, args.proposalId),
    handle: (e, b) => {
      const { args, log } = e;
      const description = userText(e, 'description');
      const signatures = userTexts(e, 'signatures');
      b.proposals.add(new M.Proposal({
        id: args.proposalId.toString(), proposer: args.proposer, targets: args.targets,
        values: args.values.map(String), signatures: signatures.texts, signaturesRaw: signatures.raw, calldatas: args.calldatas,
        voteStart: args.voteStart, voteEnd: args.voteEnd, description: description.text, descriptionRaw: description.raw,
        status: M.ProposalStatus.CREATED, forVotes: 0n, againstVotes: 0n, abstainVotes: 0n, voteCount: 0,
        etaSeconds: null, timelockOperation: null,
        createdAtBlock: log.block.height, createdAt: new Date(log.block.timestamp), createdTxHash: log.txHash,
        queuedAtBlock: null, executedAtBlock: null, canceledAtBlock: null,
      }));
    },
  }),
  on('OpenLedgerGovernor', 'ProposalQueued', {
    load: wantProposal,
    check: needProposal,
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
    load: wantProposal,
    check: needProposal,
    handle: ({ args, log }, b) => {
      const p = proposal(b, args.proposalId, log);
      if (!p) return;
      p.status = M.ProposalStatus.EXECUTED;
      p.executedAtBlock = log.block.height;
    },
  }),
  on('OpenLedgerGovernor', 'ProposalCanceled', {
    load: wantProposal,
    check: needProposal,
    handle: ({ args, log }, b) => {
      const p = proposal(b, args.proposalId, log);
      if (!p) return;
      p.status = M.ProposalStatus.CANCELED;
      p.canceledAtBlock = log.block.height;
    },
  }),
  // a second vote of one voter on one proposal fails the write (the vote id is theirs): the batch's
  // fallback quarantines the log
  on('OpenLedgerGovernor', 'VoteCast', {
    load: wantProposal,
    check: needProposal,
    handle: (e, b) => vote(b, e.log, e.args.voter, e.args.proposalId, e.args.support, e.args.weight, userText(e, 'reason')),
  }),
  on('OpenLedgerGovernor', 'VoteCastWithParams', {
    load: wantProposal,
    check: needProposal,
    handle: (e, b) =>
      vote(b, e.log, e.args.voter, e.args.proposalId, e.args.support, e.args.weight, userText(e, 'reason'), e.args.params),
  }),

  on('OpenLedgerTimelock', 'CallScheduled', {
    load: ({ args }, b) => (b.timelockOps.want(args.id), b.timelockCalls.want(`${args.id}-${args.index}`)),
    handle: ({ args, log }, b) => {
      const fresh = () =>
        new M.TimelockOperation({
          id: args.id, status: M.TimelockOperationStatus.SCHEDULED, callCount: 0n, executedCallCount: 0,
          predecessor: args.predecessor, delay: args.delay, salt: null,
          readyAt: BigInt(Math.floor(log.block.timestamp / 1000)) + args.delay,
          scheduledAtBlock: log.block.height, scheduledAt: new Date(log.block.timestamp), scheduledTxHash: log.txHash,
          executedAtBlock: null, cancelledAtBlock: null,
        });
      let op = b.timelockOps.upsert(args.id, fresh);
      // a cancelled operation may be scheduled again under the same id: start it over
      if (op.scheduledTxHash !== log.txHash) op = b.timelockOps.add(fresh());
      if (args.index + 1n > op.callCount) op.callCount = args.index + 1n;
      b.timelockCalls.add(new M.TimelockCall({
        id: `${args.id}-${args.index}`, operation: op, index: args.index, target: args.target,
        value: args.value, data: args.data, executed: false, executedAtBlock: null,
      }));
      b.scratch.set(scratchKey(SCHEDULED_IN_TX, log), args.id);
    },
  }),
  on('OpenLedgerTimelock', 'CallSalt', {
    load: ({ args }, b) => b.timelockOps.want(args.id),
    check: needOperation,
    handle: ({ args, log }, b) => {
      const op = timelockOp(b, args.id, log);
      if (op) op.salt = args.salt;
    },
  }),
  on('OpenLedgerTimelock', 'CallExecuted', {
    load: ({ args }, b) => (b.timelockOps.want(args.id), b.timelockCalls.want(`${args.id}-${args.index}`)),
    check: ({ args }, b) => firstRejection(() => needs(b.timelockOps, args.id), () => needs(b.timelockCalls, `${args.id}-${args.index}`)),
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
    check: needOperation,
    handle: ({ args, log }, b) => {
      const op = timelockOp(b, args.id, log);
      if (!op) return;
      op.status = M.TimelockOperationStatus.CANCELLED;
      op.cancelledAtBlock = log.block.height;
    },
  }),
];
