// Devnet keys that only sign (they hold no funds): the SigDispersal claim signer and the Staking
// manager that signs commitment stakes. Derived from fixed labels, so every devnet run has the same
// addresses; they protect nothing outside a local devnet.
import { encodePacked, keccak256, toHex, type Address, type Hex } from 'viem';
import { privateKeyToAccount, type LocalAccount } from 'viem/accounts';

const devKey = (label: string) => privateKeyToAccount(keccak256(toHex(`openledger-squid devnet ${label}`)));

/** Signs airdrop claims (SigDispersal's `signer`). */
export const AIRDROP_SIGNER = devKey('airdrop signer');
/** Signs commitment stakes (a Staking config's `manager`). */
export const STAKE_MANAGER = devKey('stake manager');

/** The private key of the devnet's external watchdog (`npm start` runs the verifier with it; `--watchdog` funds it). */
export const watchdogKey = (): Hex => keccak256(toHex('openledger-squid devnet watchdog'));
/** Its address. */
export const WATCHDOG = privateKeyToAccount(watchdogKey()).address;

/** The EIP-712 type of a commitment stake (Staking's domain: "Staking", "1", chain id, the contract). */
const STAKE_TYPES = {
  Stake: [
    { name: 'recipient', type: 'address' }, { name: 'configId', type: 'uint256' }, { name: 'amount', type: 'uint256' },
    { name: 'startTime', type: 'uint256' }, { name: 'nonce', type: 'uint256' },
  ],
} as const;

export interface Commitment {
  staking: Address;
  chainId: number;
  recipient: Address;
  configId: bigint;
  amount: bigint;
  startTime: bigint;
  nonce: bigint;
}

/** The manager's commitment for a stake made elsewhere (Staking.commitStake's bytes). */
export function signCommitment(c: Commitment, manager: LocalAccount = STAKE_MANAGER): Promise<Hex> {
  return manager.signTypedData({
    domain: { name: 'Staking', version: '1', chainId: c.chainId, verifyingContract: c.staking },
    types: STAKE_TYPES,
    primaryType: 'Stake',
    message: { recipient: c.recipient, configId: c.configId, amount: c.amount, startTime: c.startTime, nonce: c.nonce },
  });
}

export interface Claim {
  dispersal: Address;
  chainId: number;
  account: Address;
  amount: bigint;
  batch: Hex;
}

/** The signer's authorisation of an airdrop claim (SigDispersal.claim's signature). */
export function signClaim(c: Claim, signer: LocalAccount = AIRDROP_SIGNER): Promise<Hex> {
  const message = keccak256(encodePacked(
    ['address', 'uint256', 'bytes32', 'address', 'uint256'], [c.account, c.amount, c.batch, c.dispersal, BigInt(c.chainId)],
  ));
  return signer.signMessage({ message: { raw: message } });
}
