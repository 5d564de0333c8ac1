// Events every protocol contract shares: roles (RoleGranted / RoleRevoked), treasury, and settings
// (fees, parameters, governor settings, timelock delay, role admins, EIP-712 domain), each recorded
// as a ParameterChange row.
import { keccak256, toHex } from 'viem';
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { DecodedEvent } from '../decode.ts';
import { FAMILY_NAMES, eventsOf, type Family } from '../families.ts';
import { argsJson, withLog } from './common.ts';
import { onEach, type Handler } from './types.ts';

const ROLE_NAMES = new Map<string, string>([
  [`0x${'00'.repeat(32)}`, 'DEFAULT_ADMIN_ROLE'],
  ...['SPENDER_ROLE', 'SLASHER_ROLE', 'ARBITER_ROLE', 'PROPOSER_ROLE', 'CANCELLER_ROLE', 'EXECUTOR_ROLE'].map(
    (name) => [keccak256(toHex(name)), name] as [string, string],
  ),
]);

/** Settings events: recorded as ParameterChange rows. */
const PARAMETER_EVENTS = [
  'ProposalThresholdSet', 'QuorumNumeratorUpdated', 'TimelockChange', 'VotingDelaySet', 'VotingPeriodSet',
  'MinDelayChange', 'CreationFeeSet', 'ModelFeeSet', 'FeeSplitSet', 'AttributorParamsSet', 'ChallengeParamsSet',
  'RoleAdminChanged', 'EIP712DomainChanged', 'TreasurySet',
  // Solady Ownable / OwnableRoles (Staking, Bank, SigDispersal): the history; ownership.ts keeps the current state
  'OwnershipTransferred', 'OwnershipHandoverRequested', 'OwnershipHandoverCanceled', 'RolesUpdated',
] as const;

/** The families that declare `event`. */
export function familiesWith(event: string): Family[] {
  return FAMILY_NAMES.filter((f) => Object.hasOwn(eventsOf(f), event));
}

function parameterChange(e: DecodedEvent, b: Batch): void {
  b.insert(withLog(new M.ParameterChange({
    contract: e.family, contractAddress: e.log.address, event: e.name, args: argsJson(e.args),
  }), e.log));
}

function role(e: DecodedEvent, b: Batch, active: boolean): void {
  const { role: roleId, account } = e.args as { role: string; account: string };
  b.put(new M.RoleMembership({
    id: `${e.log.address}-${roleId}-${account}`, contract: e.family, contractAddress: e.log.address, role: roleId,
    roleName: ROLE_NAMES.get(roleId) ?? null, account, active, updatedAtBlock: e.log.block.height, updatedTxHash: e.log.txHash,
  }));
}

export const adminHandlers: Handler[] = [
  ...onEach(familiesWith('RoleGranted'), 'RoleGranted', { handle: (e, b) => role(e as DecodedEvent, b, true) }),
  ...onEach(familiesWith('RoleRevoked'), 'RoleRevoked', { handle: (e, b) => role(e as DecodedEvent, b, false) }),
  ...onEach(familiesWith('TreasurySet'), 'TreasurySet', {
    load: ({ args }, b) => b.accounts.want(String(args.treasury)),
    handle: ({ args, log }, b) => {
      const c = b.contracts.update(log.address);
      if (c) c.treasury = String(args.treasury);
    },
  }),
  ...PARAMETER_EVENTS.flatMap((event) =>
    onEach(familiesWith(event), event, { handle: (e, b) => parameterChange(e as DecodedEvent, b) }),
  ),
];
