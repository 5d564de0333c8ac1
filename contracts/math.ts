// The integer arithmetic of the contracts, reproduced to the wei (see contracts/README.md).
export const WAD = 10n ** 18n;
export const SHARE_DENOMINATOR = 1_000_000_000n;
export const BPS = 10_000n;
export const MAX_EXPONENT = 20n * WAD;

/** Staking.expWad: e^(x/1e18)*1e18 by the floored Taylor series, x capped at 20e18. */
export function expWad(x: bigint): bigint {
  if (x > MAX_EXPONENT) x = MAX_EXPONENT;
  let sum = WAD;
  let term = WAD;
  for (let i = 1n; term !== 0n; i++) {
    term = (term * x) / (i * WAD);
    sum += term;
  }
  return sum;
}

export const YEAR = 31_536_000n;

/**
 * Staking.calculateAmount: a stake's amount `elapsed` seconds after its last update, at an annual
 * WAD rate, with the seconds capped at the config's stakeDuration (0: no cap).
 */
export function stakeAmount(amount: bigint, interestRate: bigint, elapsed: bigint, stakeDuration: bigint): bigint {
  const t = stakeDuration !== 0n && elapsed > stakeDuration ? stakeDuration : elapsed;
  return (amount * expWad((((t * WAD) / YEAR) * interestRate) / WAD)) / WAD;
}

export interface FeeSplit {
  /** Protocol amount including the dust (what the treasury is credited). */
  protocol: bigint;
  modelOwner: bigint;
  /** Per contribution, in the record's order. */
  contributors: bigint[];
  /** Sum of `contributors`. */
  contributorTotal: bigint;
  dust: bigint;
}

/** AttributionEngine._split: the fee split of one inference. */
export function splitFee(fee: bigint, protocolBps: bigint, modelOwnerBps: bigint, shares: readonly bigint[]): FeeSplit {
  const protocol = (fee * protocolBps) / BPS;
  const modelOwner = (fee * modelOwnerBps) / BPS;
  const pool = fee - protocol - modelOwner;
  const contributors = shares.map((s) => (pool * s) / SHARE_DENOMINATOR);
  const contributorTotal = contributors.reduce((a, b) => a + b, 0n);
  const dust = pool - contributorTotal;
  return { protocol: protocol + dust, modelOwner, contributors, contributorTotal, dust };
}
