import { keccak256, maxUint256, toHex, type Address, type Hex } from 'viem';
import { eventsOf } from '../../client.ts';
import { signClaim, signCommitment, STAKE_MANAGER } from '../../signers.ts';
import { OPEN, type World } from '../world.ts';

const DAY = 86_400n;

/** A Staking config as the Bank sets it (the `bank` field is ignored: Staking records the caller). */
function config(w: World, o: { interestRate: bigint; stakeDuration: bigint; cooldownDuration: bigint; isPublic?: boolean }) {
  return {
    bank: w.client.addr('Bank'), manager: STAKE_MANAGER.address, token: w.client.addr('OPEN'), maxStake: 10_000n * OPEN, minStake: OPEN,
    isActive: true, isTopupEnabled: true, isPublic: true, ...o,
  };
}

/**
 * Staking as OpenLedger runs it: the Bank creates configs (one with a cooldown, one without and with
 * a lock, one for commitments) and changes one; interest is funded into the Bank apart from the
 * stakes; two stakes, a top-up, an unstake request (cooldown) and a payout at once (cooldown 0); a
 * commitment stake signed by the config's manager and opened by its recipient; ownership handovers
 * and role bits.
 */
export async function openStakes(w: World): Promise<void> {
  const { send, addr } = w.client;
  const { deployer, stakers } = w.actors;
  const staking = addr('Staking');
  await send(deployer, 'Bank', 'setConfig', [staking, 1n, config(w, { interestRate: OPEN / 10n, stakeDuration: 0n, cooldownDuration: DAY })]);
  await send(deployer, 'Bank', 'setConfig', [staking, 2n, config(w, { interestRate: OPEN / 20n, stakeDuration: DAY / 2n, cooldownDuration: 0n })]);
  await send(deployer, 'Bank', 'setConfig', [staking, 3n, config(w, { interestRate: OPEN / 5n, stakeDuration: 0n, cooldownDuration: DAY, isPublic: false })]);
  await send(deployer, 'Bank', 'setConfig', [staking, 1n, config(w, { interestRate: OPEN / 8n, stakeDuration: 0n, cooldownDuration: DAY })]);
  // the interest budget, funded apart from the stakes (which the Bank receives as they come)
  await send(deployer, 'OPEN', 'transfer', [addr('Bank'), 1_000n * OPEN]);

  for (const [i, staker] of stakers.entries()) {
    await send(deployer, 'OPEN', 'transfer', [staker, 1_000n * OPEN]);
    await send(staker, 'OPEN', 'approve', [staking, maxUint256]);
    const res = await send(staker, 'Staking', 'stake', [BigInt(i + 1), staker, BigInt(w.rng.int(10, 100)) * OPEN]);
    const id = eventsOf(res, 'Staking', 'Staked')[0]!.stakingId as bigint;
    w.stakes.push({ id, recipient: staker, state: 'active' });
  }
  const [first, second] = [w.stakes[0]!, w.stakes[1]!];
  await w.client.advance(Number(DAY)); // a day of interest; the second stake's half-day lock ends
  await send(first.recipient, 'Staking', 'topUpStake', [first.id, 5n * OPEN]);
  await send(first.recipient, 'Staking', 'requestUnstake', [first.id]);
  first.state = 'cooling';
  await send(second.recipient, 'Staking', 'requestUnstake', [second.id]); // cooldown 0: paid at once
  second.state = 'unstaked';
  await commitmentStake(w);
  await ownership(w);
  w.log('stakes opened', { stakes: w.stakes.length });
}

/** A stake made elsewhere, committed by the manager's signature and opened by its recipient. */
async function commitmentStake(w: World): Promise<void> {
  const { send, addr, publicClient } = w.client;
  const recipient = w.actors.stakers[1];
  const amount = 20n * OPEN;
  const startTime = (await publicClient.getBlock()).timestamp - DAY;
  const chainId = await publicClient.getChainId();
  const commitment = await signCommitment({ staking: addr('Staking'), chainId, recipient, configId: 3n, amount, startTime, nonce: 1n });
  const res = await send(w.actors.deployer, 'Staking', 'commitStake', [commitment]);
  const id = eventsOf(res, 'Staking', 'CommitStake')[0]!.stakingId as bigint;
  await send(recipient, 'Staking', 'requestUnstakeWithCommitment', [id, 3n, startTime, 1n, amount]);
  w.stakes.push({ id, recipient, state: 'cooling' });
}

/** Solady-style ownership: a handover asked and withdrawn, one completed and handed back; role bits. */
async function ownership(w: World): Promise<void> {
  const { send } = w.client;
  const { deployer, stakers } = w.actors;
  await send(stakers[0], 'Bank', 'requestOwnershipHandover');
  await send(stakers[0], 'Bank', 'cancelOwnershipHandover');
  await send(stakers[1], 'SigDispersal', 'requestOwnershipHandover');
  await send(deployer, 'SigDispersal', 'completeOwnershipHandover', [stakers[1]]);
  await send(stakers[1], 'SigDispersal', 'transferOwnership', [deployer]);
  await send(deployer, 'Staking', 'grantRoles', [stakers[0], 6n]);
  await send(deployer, 'Staking', 'revokeRoles', [stakers[0], 2n]);
}

/** After the cooldown has passed: every cooling stake is paid out. */
export async function closeCooledStakes(w: World): Promise<void> {
  for (const s of w.stakes.filter((x) => x.state === 'cooling')) {
    await w.client.send(s.recipient, 'Staking', 'unstake', [s.id]);
    s.state = 'unstaked';
  }
}

/** The batch root of an airdrop round (any bytes32 names a batch). */
export const airdropBatch = (round: number): Hex => keccak256(toHex(`devnet airdrop ${round}`));

/** SigDispersal: token, vault, a batch enabled with a fee, signed claims, and a batch disabled. */
export async function airdrops(w: World): Promise<void> {
  const { send, addr, publicClient } = w.client;
  const { deployer, users } = w.actors;
  const dispersal = addr('SigDispersal');
  const chainId = await publicClient.getChainId();
  await send(deployer, 'SigDispersal', 'setToken', [addr('OPEN')]);
  await send(deployer, 'SigDispersal', 'setVault', [deployer]);
  await send(deployer, 'SigDispersal', 'toggleActive');
  const fee = OPEN / 1000n;
  for (const round of [1, 2]) {
    const batch = airdropBatch(round);
    await send(deployer, 'SigDispersal', 'setBatchEnabled', [batch, true]);
    await send(deployer, 'SigDispersal', 'setBatchFee', [batch, fee]);
    for (const u of users as readonly Address[]) {
      const amount = BigInt(w.rng.int(1, 50)) * OPEN;
      const signature = await signClaim({ dispersal, chainId, account: u, amount, batch });
      await send(u, 'SigDispersal', 'claim', [signature, batch, amount, u], { value: fee });
    }
  }
  await send(deployer, 'SigDispersal', 'setBatchEnabled', [airdropBatch(1), false]);
  w.log('airdrops claimed', { batches: 2 });
}
