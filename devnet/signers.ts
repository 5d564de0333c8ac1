// Devnet keys that only sign (they hold no funds): the SigDispersal claim signer and the Staking
// manager that signs commitment stakes. Derived from fixed labels, so every devnet run has the same
// addresses; they protect nothing outside a local devnet.
import { keccak256, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const devKey = (label: string) => privateKeyToAccount(keccak256(toHex(`openledger-squid devnet ${label}`)));

/** Signs airdrop claims (SigDispersal's `signer`). */
export const AIRDROP_SIGNER = devKey('airdrop signer');
/** Signs commitment stakes (a Staking config's `manager`). */
export const STAKE_MANAGER = devKey('stake manager');
