import type { Address } from 'viem';
import { OPEN, type World } from '../world.ts';

/** Everyone with claimable rewards claims them; the treasury's are pushed to it by the deployer. */
export async function claimRewards(w: World): Promise<number> {
  const { read, send, deployment } = w.client;
  const claimants: Address[] = [...w.actors.contributors, w.actors.sybil, w.actors.modelOwner];
  let claims = 0;
  for (const a of claimants) {
    if ((await read<bigint>('AttributionEngine', 'rewards', [a])) > 0n) {
      await send(a, 'AttributionEngine', 'claimRewards');
      claims++;
    }
  }
  if ((await read<bigint>('AttributionEngine', 'rewards', [deployment.treasury])) > 0n) {
    await send(w.actors.deployer, 'AttributionEngine', 'claimRewardsFor', [deployment.treasury]);
    claims++;
  }
  return claims;
}

/** The honest attributor starts unbonding part of its stake. */
export async function startUnbonding(w: World): Promise<void> {
  await w.client.send(w.actors.honestAttributor, 'AttributionEngine', 'requestUnstake', [50n * OPEN]);
}

/** After the unbonding period: the honest attributor withdraws. */
export async function finishUnbonding(w: World): Promise<void> {
  await w.client.send(w.actors.honestAttributor, 'AttributionEngine', 'unstake');
}
