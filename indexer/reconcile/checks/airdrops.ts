// SigDispersal airdrops and Solady-style ownership: every claim (`claimed(batch, account)` is its
// block number), every batch (`batchEnabled`, `batchFee`), the token and vault, each contract's
// owner (`owner()`) and each account's role bits (`rolesOf`).
import type { ContractName } from '../../../contracts/artifacts.ts';
import { against, type Check, type Expectation } from '../types.ts';

export const airdropChecks: Check = async (ctx) => {
  const expectations: Expectation[] = [];
  // only contracts this network watches in full (coverage.ts hides the others from ctx.address)
  const watched = (family: string, address: string) => ctx.address(family as ContractName) === address;
  const claims = (await ctx.rows(
    'SELECT c.id, b.contract_address, b.root, c.account, c.block_number FROM airdrop_claim c JOIN airdrop_batch b ON b.id = c.batch_id ORDER BY c.id',
  )).filter((c) => watched('SigDispersal', c.contract_address));
  for (const c of claims) {
    const e = against('AirdropClaim', c.id, { contract: 'SigDispersal', address: c.contract_address, fn: 'claimed', args: [c.root, c.account] });
    expectations.push(e('blockNumber', c.block_number));
  }
  const batches = (await ctx.rows('SELECT id, contract_address, root, enabled, fee FROM airdrop_batch ORDER BY id'))
    .filter((b) => watched('SigDispersal', b.contract_address));
  for (const b of batches) {
    const at = (fn: string) => against('AirdropBatch', b.id, { contract: 'SigDispersal', address: b.contract_address, fn, args: [b.root] });
    expectations.push(at('batchEnabled')('enabled', b.enabled), at('batchFee')('fee', b.fee));
  }
  const settings = (await ctx.rows('SELECT id, token, vault FROM airdrop_settings ORDER BY id')).filter((x) => watched('SigDispersal', x.id));
  for (const s of settings) {
    const at = (fn: string) => against('AirdropSettings', s.id, { contract: 'SigDispersal', address: s.id, fn, args: [] });
    if (s.token !== null) expectations.push(at('token')('token', s.token));
    if (s.vault !== null) expectations.push(at('vault')('vault', s.vault));
  }
  const owners = (await ctx.rows("SELECT id, contract, owner FROM contract_owner WHERE contract IN ('Staking', 'Bank', 'SigDispersal') ORDER BY id"))
    .filter((o) => watched(o.contract, o.id));
  for (const o of owners) {
    expectations.push(against('ContractOwner', o.id, { contract: o.contract as ContractName, address: o.id, fn: 'owner', args: [] })('owner', o.owner));
  }
  const roles = (await ctx.rows("SELECT id, contract, contract_address, account, roles FROM role_bits WHERE contract IN ('Staking', 'Bank', 'SigDispersal') ORDER BY id"))
    .filter((r) => watched(r.contract, r.contract_address));
  for (const r of roles) {
    const e = against('RoleBits', r.id, { contract: r.contract as ContractName, address: r.contract_address, fn: 'rolesOf', args: [r.account] });
    expectations.push(e('roles', r.roles));
  }
  return { objects: claims.length + batches.length + settings.length + owners.length + roles.length, expectations };
};
