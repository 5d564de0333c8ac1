import { eventsOf } from '../../client.ts';
import { OPEN, type World } from '../world.ts';

const YEAR = 31_536_000n;
const DAY = 86_400n;

/** Staking configs, a funded reserve, stakes with a top-up, and one stake that starts cooling down. */
export async function openStakes(w: World): Promise<void> {
  const { send } = w.client;
  const { deployer, stakers } = w.actors;
  const created = await send(deployer, 'Staking', 'createConfig', [OPEN / 10n / YEAR, DAY, OPEN]);
  const configId = eventsOf(created, 'Staking', 'ConfigCreated')[0]!.configId as bigint;
  const second = await send(deployer, 'Staking', 'createConfig', [OPEN / 20n / YEAR, DAY / 2n, OPEN]);
  const configId2 = eventsOf(second, 'Staking', 'ConfigCreated')[0]!.configId as bigint;
  await send(deployer, 'Staking', 'setConfig', [configId2, OPEN / 5n / YEAR, DAY / 2n, OPEN, true]);
  await send(deployer, 'Staking', 'fundRewards', [], { value: 1_000n * OPEN });

  for (const [i, staker] of stakers.entries()) {
    const res = await send(staker, 'Staking', 'stake', [i === 0 ? configId : configId2, staker], { value: BigInt(w.rng.int(10, 100)) * OPEN });
    const id = eventsOf(res, 'Staking', 'Staked')[0]!.stakingId as bigint;
    w.stakes.push({ id, recipient: staker, state: 'active' });
  }
  const first = w.stakes[0]!;
  await w.client.advance(Number(DAY)); // a day of interest, paid from the reserve by the top-up
  await send(first.recipient, 'Staking', 'topUp', [first.id], { value: 5n * OPEN });
  await send(first.recipient, 'Staking', 'requestUnstake', [first.id]);
  first.state = 'cooling';
  w.log('stakes opened', { stakes: w.stakes.length });
}

/** After the cooldown has passed: every cooling stake is paid out. */
export async function closeCooledStakes(w: World): Promise<void> {
  for (const s of w.stakes.filter((x) => x.state === 'cooling')) {
    await w.client.send(s.recipient, 'Staking', 'unstake', [s.id]);
    s.state = 'unstaked';
  }
}
