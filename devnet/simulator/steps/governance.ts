import { encodeFunctionData, stringToHex, toHex, type Address, type Hex } from 'viem';
import { abiOf, type ContractName } from '../../../contracts/artifacts.ts';
import { eventsOf } from '../../client.ts';
import type { World } from '../world.ts';
import type { OpenedChallenges } from './challenges.ts';

export interface Call {
  contract: ContractName;
  functionName: string;
  args: readonly unknown[];
}

const FOR = 1;
const AGAINST = 0;
const ABSTAIN = 2;

function encode(w: World, calls: Call[]): [Address[], bigint[], Hex[]] {
  return [
    calls.map((c) => w.client.addr(c.contract)),
    calls.map(() => 0n),
    calls.map((c) => encodeFunctionData({ abi: abiOf(c.contract), functionName: c.functionName, args: c.args } as never)),
  ];
}

async function propose(w: World, proposer: Address, calls: Call[], description: string): Promise<bigint> {
  const res = await w.client.send(proposer, 'OpenLedgerGovernor', 'propose', [...encode(w, calls), description]);
  return eventsOf(res, 'OpenLedgerGovernor', 'ProposalCreated')[0]!.proposalId as bigint;
}

/** Waits out the voting period, queues the proposal, waits out the timelock delay, executes it. */
async function queueAndExecute(w: World, id: bigint): Promise<void> {
  const { send, advance, mine } = w.client;
  const p = w.client.deployment.params;
  const proposer = w.actors.voters[0];
  await advance(p.votingPeriod + 1);
  await mine();
  await send(proposer, 'OpenLedgerGovernor', 'queue', [id]);
  await advance(p.timelockMinDelay + 1);
  await mine();
  await send(proposer, 'OpenLedgerGovernor', 'execute', [id]);
}

/** A proposal by the first voter, voted for by two, queued and executed on the timelock. */
export async function passProposal(w: World, calls: Call[], description: string): Promise<bigint> {
  const [v0, v1] = w.actors.voters;
  const id = await propose(w, v0, calls, description);
  await w.client.advance(w.client.deployment.params.votingDelay + 1);
  await w.client.mine();
  await w.client.send(v0, 'OpenLedgerGovernor', 'castVote', [id, FOR]);
  await w.client.send(v1, 'OpenLedgerGovernor', 'castVote', [id, FOR]);
  await queueAndExecute(w, id);
  return id;
}

/**
 * A proposal through its whole life on the timelock: created, voted (for, with
 * params, and against with a reason), queued after the voting period, executed
 * after the timelock delay. It resolves the challenges (the timelock is the
 * arbiter) and allows a new method version. A second proposal is cancelled.
 */
export async function governChallenges(w: World, challenges: OpenedChallenges): Promise<void> {
  const { send, advance, mine } = w.client;
  const p = w.client.deployment.params;
  const [v0, v1, v2] = w.actors.voters;
  const calls: Call[] = [{ contract: 'ModelFactory', functionName: 'setAttributionMethod', args: [stringToHex('tracin-mlp/2', { size: 32 }), true] }];
  if (challenges.upheld !== undefined) calls.push({ contract: 'ChallengeManager', functionName: 'resolve', args: [challenges.upheld, true] });
  if (challenges.rejected !== undefined) calls.push({ contract: 'ChallengeManager', functionName: 'resolve', args: [challenges.rejected, false] });
  const id = await propose(w, v0, calls, `Resolve disputed attribution records (seed ${w.options.seed})`);

  const cancelled = await propose(w, v1, [{ contract: 'AttributionEngine', functionName: 'setFeeSplit', args: [1500, 2000] }], 'Raise the protocol fee to 15%');
  await send(v1, 'OpenLedgerGovernor', 'cancel', [cancelled]);

  await advance(p.votingDelay + 1);
  await mine();
  await send(v0, 'OpenLedgerGovernor', 'castVote', [id, FOR]);
  await send(v1, 'OpenLedgerGovernor', 'castVoteWithReasonAndParams', [id, ABSTAIN, 'no view on the evidence', toHex('abstain')]);
  await send(v2, 'OpenLedgerGovernor', 'castVoteWithReason', [id, AGAINST, 'challenges should wait for a second verifier']);
  await queueAndExecute(w, id);
  for (const c of w.challenges) {
    if (c.id === challenges.upheld) c.outcome = 'upheld';
    if (c.id === challenges.rejected) c.outcome = 'rejected';
  }
  w.log('proposal executed', { proposal: id.toString(), calls: calls.length });
}
