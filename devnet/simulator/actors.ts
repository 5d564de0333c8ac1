import type { Address } from 'viem';

/** Dev accounts anvil starts with for the simulator. */
export const ACCOUNT_COUNT = 20;

/** Who does what in the simulated protocol: anvil's dev accounts by role. */
export interface Actors {
  deployer: Address;
  datanetOwners: [Address, Address];
  contributors: [Address, Address, Address, Address, Address];
  /** Submits a junk contribution that a dishonest attributor pays. */
  sybil: Address;
  modelOwner: Address;
  users: [Address, Address, Address];
  honestAttributor: Address;
  dishonestAttributor: Address;
  challenger: Address;
  voters: [Address, Address, Address];
  stakers: [Address, Address];
}

export function assignActors(accounts: readonly Address[]): Actors {
  if (accounts.length < ACCOUNT_COUNT) {
    throw new Error(`simulator: expected at least ${ACCOUNT_COUNT} dev accounts, got ${accounts.length}`);
  }
  const a = (i: number) => accounts[i]!;
  return {
    deployer: a(0),
    datanetOwners: [a(1), a(2)],
    contributors: [a(3), a(4), a(5), a(6), a(7)],
    sybil: a(19),
    modelOwner: a(8),
    users: [a(9), a(10), a(11)],
    honestAttributor: a(12),
    dishonestAttributor: a(13),
    challenger: a(14),
    voters: [a(15), a(16), a(17)],
    stakers: [a(17), a(18)],
  };
}
