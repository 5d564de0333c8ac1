// Governor proposals (state, tallies, vote window, proposer, eta), votes (hasVoted), timelock
// operations (state), role memberships (hasRole) and the treasuries the protocol contracts announce.
import { CONTRACT_NAMES, PROTOCOL_CONTRACTS, type ContractName } from '../../../contracts/artifacts.ts';
import { against, countOf, type Check, type Expectation } from '../types.ts';

/** Governor states (OpenZeppelin ProposalState) as the indexer's event-driven status. */
const PROPOSAL_STATUS: Record<number, string> = { 2: 'CANCELED', 5: 'QUEUED', 7: 'EXECUTED' };
const proposalStatus = (state: number) => PROPOSAL_STATUS[state] ?? 'CREATED';
/** Timelock operation states (Unset, Waiting, Ready, Done) as the indexer's status. */
const OPERATION_STATUS = ['CANCELLED', 'SCHEDULED', 'SCHEDULED', 'EXECUTED'];

const isContract = (name: string): name is ContractName => (CONTRACT_NAMES as readonly string[]).includes(name);

export const governanceChecks: Check = async (ctx) => {
  const x: Expectation[] = [];
  let objects = 0;
  const governor = ctx.address('OpenLedgerGovernor');
  if (governor) {
    const call = (fn: string, args: unknown[]) => ({ contract: 'OpenLedgerGovernor' as const, address: governor, fn, args });
    const proposals = await ctx.rows(`SELECT id, proposer, status, for_votes, against_votes, abstain_votes, vote_start, vote_end,
      eta_seconds FROM proposal ORDER BY id`);
    for (const p of proposals) {
      const id = BigInt(p.id);
      x.push(against('Proposal', p.id, call('state', [id]))('status', p.status, (r) => proposalStatus(Number(r))));
      const votes = against('Proposal', p.id, call('proposalVotes', [id]));
      x.push(votes('againstVotes', p.against_votes, (r) => r[0]), votes('forVotes', p.for_votes, (r) => r[1]), votes('abstainVotes', p.abstain_votes, (r) => r[2]));
      x.push(against('Proposal', p.id, call('proposalSnapshot', [id]))('voteStart', p.vote_start));
      x.push(against('Proposal', p.id, call('proposalDeadline', [id]))('voteEnd', p.vote_end));
      x.push(against('Proposal', p.id, call('proposalProposer', [id]))('proposer', p.proposer));
      x.push(against('Proposal', p.id, call('proposalEta', [id]))('etaSeconds', p.eta_seconds ?? 0));
    }
    const votes = await ctx.rows('SELECT id, proposal_id, voter FROM vote ORDER BY id');
    for (const v of votes) x.push(against('Vote', v.id, call('hasVoted', [BigInt(v.proposal_id), v.voter]))('exists', true));
    x.push(countOf('OpenLedgerGovernor', governor, 'proposalCount', 'Proposal', proposals.length));
    objects += proposals.length + votes.length;
  }
  const timelock = ctx.address('OpenLedgerTimelock');
  if (timelock) {
    const ops = await ctx.rows('SELECT id, status FROM timelock_operation ORDER BY id');
    for (const o of ops) {
      const call = { contract: 'OpenLedgerTimelock' as const, address: timelock, fn: 'getOperationState', args: [o.id] };
      x.push(against('TimelockOperation', o.id, call)('status', o.status, (r) => OPERATION_STATUS[Number(r)]));
    }
    objects += ops.length;
  }
  const roles = await ctx.rows('SELECT id, contract, contract_address, role, account, active FROM role_membership ORDER BY id');
  for (const r of roles) {
    if (!isContract(r.contract) || ctx.address(r.contract) !== r.contract_address) continue;
    const call = { contract: r.contract, address: r.contract_address, fn: 'hasRole', args: [r.role, r.account] };
    x.push(against('RoleMembership', r.id, call)('active', r.active));
    objects += 1;
  }
  const contracts = await ctx.rows('SELECT id, name, treasury FROM contract WHERE treasury IS NOT NULL ORDER BY id');
  for (const c of contracts) {
    if (!(PROTOCOL_CONTRACTS as readonly string[]).includes(c.name) || ctx.address(c.name) !== c.id) continue;
    x.push(against('Contract', c.id, { contract: c.name as ContractName, address: c.id, fn: 'treasury', args: [] })('treasury', c.treasury));
    objects += 1;
  }
  return { objects, expectations: x };
};
