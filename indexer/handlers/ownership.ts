// Solady-style ownership and role bits (OpenLedger's Staking, Bank and SigDispersal): the current
// owner of a contract and each account's role bitmap. The events themselves are also recorded as
// ParameterChange rows (admin.ts), which keep the history and the handover requests.
import * as M from '../../db/model/index.ts';
import type { DecodedEvent } from '../decode.ts';
import { familiesWith } from './admin.ts';
import { onEach, type Handler } from './types.ts';

export const ownershipHandlers: Handler[] = [
  ...onEach(familiesWith('OwnershipTransferred'), 'OwnershipTransferred', {
    handle: (e, b) => {
      const { family, log, args } = e as DecodedEvent;
      b.put(new M.ContractOwner({ id: log.address, contract: family, owner: String(args.newOwner).toLowerCase(), updatedAtBlock: log.block.height }));
    },
  }),
  ...onEach(familiesWith('RolesUpdated'), 'RolesUpdated', {
    handle: (e, b) => {
      const { family, log, args } = e as DecodedEvent;
      const account = String(args.user).toLowerCase();
      b.put(new M.RoleBits({
        id: `${log.address}-${account}`, contract: family, contractAddress: log.address, account,
        roles: args.roles as bigint, updatedAtBlock: log.block.height,
      }));
    },
  }),
];
