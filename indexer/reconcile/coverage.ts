// What reconciliation can compare on a network. A family's indexed state equals the chain's only
// when the processor saw every event that changes it, from the contract's deployment on: a network
// that watches a subset of events (OpenLedger mainnet's CreditManager: CreditPurchased only) or
// starts above a deployment (START_BLOCK) would show false mismatches. Such families are skipped,
// and the summary says which, what their checks compare, and why.
import { eventsOf, type Family } from '../families.ts';
import { fromDeployment, type WatchedContract } from '../networks/types.ts';

/** What the checks compare per family (families without an entry have no check). */
export const COMPARES: Partial<Record<Family, string>> = {
  OPEN: 'Account.openBalance (balanceOf), Token OPEN totalSupply',
  WOPEN: 'Account.wopenBalance (balanceOf), Token WOPEN totalSupply',
  GOPEN: 'Account.gopenBalance, votingPower, delegate (balanceOf, getVotes, delegates), Token GOPEN totalSupply',
  OpenLedgerTimelock: 'TimelockOperation status, RoleMembership',
  OpenLedgerGovernor: 'Proposal, Vote, the proposal count',
  Staking: 'Stake, StakingConfig, StakingReserve, their counts, solvency, RoleMembership, treasury',
  CreditManager: 'Account.creditBalance (credits), CreditAllowance (allowance), RoleMembership, treasury',
  DatanetFactory: 'Datanet, Contribution, DatanetVersion, their counts, RoleMembership, treasury',
  ModelFactory: 'Model, ModelVersion, Adapter, AttributionMethod, their counts, RoleMembership',
  AttributionEngine: 'Attributor bonds, Inference, the inference count, Account rewards, RoleMembership, treasury',
  ChallengeManager: 'Challenge, OwedPayment and their total, open challenges per attributor, Inference.upheld, RoleMembership, treasury',
};

/**
 * The events whose effects the checks compare, where that is fewer than all of the family's (an
 * ERC-20's Approval changes nothing reconciled: allowances are not compared).
 */
const DETERMINED_BY: Partial<Record<Family, readonly string[]>> = {
  OPEN: ['Transfer'],
  WOPEN: ['Deposit', 'Transfer', 'Withdrawal'],
  GOPEN: ['DelegateChanged', 'DelegateVotesChanged', 'Deposit', 'Transfer', 'Withdrawal'],
};

/** A note on a skipped family's indexed values, for the reader of the summary. */
const NOTES: Partial<Record<Family, (c: WatchedContract) => string | undefined>> = {
  CreditManager: (c) => (c.events && !c.events.includes('CreditsSpent') && c.events.includes('CreditPurchased')
    ? 'Account.creditBalance counts purchases here (it equals Account.creditsPurchased), not a balance: spends are not watched'
    : undefined),
};

export interface Skipped {
  family: Family;
  address: string;
  /** what the family's checks would compare */
  checks: string;
  reason: string;
}

/** Why `c`'s indexed state may differ from the chain's, or undefined when it can be compared. */
export function incompleteBecause(c: WatchedContract): string | undefined {
  const needed = DETERMINED_BY[c.family] ?? Object.keys(eventsOf(c.family));
  const missing = c.events ? needed.filter((e) => !c.events!.includes(e)) : [];
  if (missing.length > 0) {
    return `watches ${c.events!.join(', ') || 'no event'} only; ${missing.join(', ')} also change${missing.length === 1 ? 's' : ''} what these checks compare`;
  }
  if (!fromDeployment(c)) {
    const from = c.startBlock ?? c.notBefore;
    if (from === undefined) return 'its start block is not known (the processor finds it at start)';
    return c.deployedAt === undefined
      ? `indexed from block ${from}, and its deployment block is not known: what happened before may be missing`
      : `indexed from block ${from}, above its deployment at ${c.deployedAt}: what happened in between is not indexed`;
  }
  return undefined;
}

/** The families compared (first watched address of each) and those skipped, with their reasons. */
export function coverage(contracts: readonly WatchedContract[]): { compared: Map<Family, string>; skipped: Skipped[] } {
  const compared = new Map<Family, string>();
  const skipped: Skipped[] = [];
  const seen = new Set<Family>();
  for (const c of contracts) {
    if (seen.has(c.family)) continue;
    seen.add(c.family);
    const reason = incompleteBecause(c);
    if (reason === undefined) {
      compared.set(c.family, c.address.toLowerCase());
      continue;
    }
    const checks = COMPARES[c.family];
    if (checks === undefined) continue;
    const note = NOTES[c.family]?.(c);
    skipped.push({ family: c.family, address: c.address.toLowerCase(), checks, reason: note ? `${reason}. ${note}` : reason });
  }
  return { compared, skipped };
}
