// Solady Ownable / OwnableRoles (Staking, Bank, SigDispersal): contract owners and role bitmaps.
import { col, type EntitySpec } from '../sql/entity.ts';
import { defineEntity, defineNestedConnection, defineRootFields } from './entityTypes.ts';
import { Account } from './tokens.ts';

export const ContractOwner: EntitySpec = {
  name: 'ContractOwner',
  table: 'contract_owner',
  small: true,
  description: "A contract's owner (OwnershipTransferred); every ownership and role event is also a ParameterChange.",
  columns: {
    id: col('id', 'address', { description: 'the contract address' }),
    contract: col('contract', 'string', { description: 'the contract family (Staking, Bank, SigDispersal, ...)' }),
    owner: col('owner', 'address', { description: 'the zero address after renounceOwnership' }),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
};

export const RoleBits: EntitySpec = {
  name: 'RoleBits',
  table: 'role_bits',
  small: true,
  description: "An account's role bitmap on a contract (RolesUpdated carries the whole bitmap).",
  columns: {
    id: col('id', 'id', { description: '<contract address>-<account>' }),
    contract: col('contract', 'string', { description: 'the contract family' }),
    contractAddress: col('contract_address', 'address'),
    account: col('account', 'address', { indexed: true }),
    roles: col('roles', 'bigint', { description: 'the bitmap (uint256): bit i set when the account holds role 2^i' }),
    updatedAtBlock: col('updated_at_block', 'int'),
  },
  relations: {},
};

defineEntity(ContractOwner);
defineEntity(RoleBits);
defineRootFields(ContractOwner, { list: 'contractOwners', lookup: 'contractOwner' });
defineRootFields(RoleBits, { list: 'roleBits', lookup: 'roleBitsById' });
defineNestedConnection(Account, 'roleBits', RoleBits, 'account', 'its role bitmaps on OwnableRoles contracts');
