// Governance handlers on an in-memory batch: a proposal's life, its votes tallied by support, the
// timelock operation its queue transaction scheduled, and a vote on an unknown proposal quarantined.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as M from '../../db/model/index.ts';
import { runInMemory } from '../../test/support/inMemoryBatch.ts';

const A = '0x00000000000000000000000000000000000a11ce';
const B = '0x0000000000000000000000000000000000000b0b';
const C = '0x00000000000000000000000000000000000ca201';
const OP = `0x${'0c'.repeat(32)}`;
const ZERO32 = `0x${'00'.repeat(32)}`;

test('created, voted, queued with its timelock operation, executed; a vote on an unknown proposal is rejected', async () => {
  const created = {
    proposalId: 7n, proposer: A, targets: [B], values: [0n], signatures: [''], calldatas: ['0x1234'],
    voteStart: 10n, voteEnd: 20n, description: 'raise the fee',
  };
  const votes = [[A, 1, 30n], [B, 0, 12n], [C, 2, 5n], [C, 1, 1n]] as const;
  const { batch, rejected, events } = await runInMemory([
    [{ family: 'OpenLedgerGovernor', event: 'ProposalCreated', args: created }],
    [
      ...votes.slice(0, 3).map(([voter, support, weight]) => ({ family: 'OpenLedgerGovernor' as const, event: 'VoteCast', args: { voter, proposalId: 7n, support, weight, reason: 'why not' } })),
      { family: 'OpenLedgerGovernor', event: 'VoteCast', args: { voter: A, proposalId: 8n, support: 1, weight: 1n, reason: '' } },
    ],
    [
      { family: 'OpenLedgerTimelock', event: 'CallScheduled', args: { id: OP, index: 0n, target: B, value: 0n, data: '0x1234', predecessor: ZERO32, delay: 60n } },
      { family: 'OpenLedgerGovernor', event: 'ProposalQueued', args: { proposalId: 7n, etaSeconds: 999n } },
    ],
    [
      { family: 'OpenLedgerTimelock', event: 'CallExecuted', args: { id: OP, index: 0n, target: B, value: 0n, data: '0x1234' } },
      { family: 'OpenLedgerGovernor', event: 'ProposalExecuted', args: { proposalId: 7n } },
    ],
  ]);
  const p = batch.proposals.get('7')!;
  const tally = (support: number) => votes.slice(0, 3).filter(([, s]) => s === support).reduce((x, [, , w]) => x + w, 0n);
  assert.deepEqual([p.forVotes, p.againstVotes, p.abstainVotes, p.voteCount], [tally(1), tally(0), tally(2), 3]);
  assert.equal(p.status, M.ProposalStatus.EXECUTED);
  assert.deepEqual([p.queuedAtBlock, p.executedAtBlock, p.etaSeconds], [102, 103, 999n]);
  assert.equal(p.timelockOperation?.id, OP, 'linked to the operation scheduled in its queue transaction');
  const op = batch.timelockOps.get(OP)!;
  assert.equal(op.status, M.TimelockOperationStatus.EXECUTED);
  assert.equal(op.readyAt, BigInt(events[5]!.log.block.timestamp / 1000) + 60n);
  assert.deepEqual([...rejected.values()], ['Proposal 8 does not exist']);
  assert.equal(rejected.keys().next().value, events[4]!.log.id);
});
