import { OPEN, type World } from '../world.ts';

/**
 * OPEN, WOPEN and GOPEN activity: the deployer hands out OPEN, holders approve
 * and spend allowances, one burns; users wrap and unwrap native OPEN; voters
 * lock OPEN in GOPEN and delegate, so a proposal can later pass.
 */
export async function distributeTokens(w: World): Promise<void> {
  const { send } = w.client;
  const { deployer, users, voters, contributors } = w.actors;
  const holders = [...users, ...voters, ...contributors];
  for (const h of holders) await send(deployer, 'OPEN', 'transfer', [h, BigInt(w.rng.int(1_000, 50_000)) * OPEN]);
  await send(users[0], 'OPEN', 'approve', [users[1], 500n * OPEN]);
  await send(users[1], 'OPEN', 'transferFrom', [users[0], users[2], 200n * OPEN]);
  await send(users[2], 'OPEN', 'burn', [50n * OPEN]);

  for (const u of users) await send(u, 'WOPEN', 'deposit', [], { value: BigInt(w.rng.int(10, 100)) * OPEN });
  await send(users[0], 'WOPEN', 'transfer', [users[1], 5n * OPEN]);
  await send(users[1], 'WOPEN', 'approve', [users[2], 3n * OPEN]);
  await send(users[2], 'WOPEN', 'transferFrom', [users[1], users[0], 3n * OPEN]);
  await send(users[0], 'WOPEN', 'withdraw', [2n * OPEN]);

  for (const v of voters) await send(v, 'GOPEN', 'deposit', [], { value: BigInt(w.rng.int(1_000, 5_000)) * OPEN });
  await send(voters[0], 'GOPEN', 'delegate', [voters[0]]);
  await send(voters[1], 'GOPEN', 'delegate', [voters[1]]);
  await send(voters[2], 'GOPEN', 'delegate', [voters[0]]);
  await send(voters[2], 'GOPEN', 'transfer', [voters[1], 100n * OPEN]);
  await send(voters[2], 'GOPEN', 'approve', [voters[0], 10n * OPEN]);
  await send(voters[1], 'GOPEN', 'withdraw', [50n * OPEN]);
  w.log('tokens distributed', { holders: holders.length });
}

/** A little token traffic for a round of continuous activity. */
export async function tokenTraffic(w: World, transfers: number): Promise<void> {
  const { users, contributors } = w.actors;
  const people = [...users, ...contributors];
  for (let i = 0; i < transfers; i++) {
    const from = w.rng.pick(people);
    let to = w.rng.pick(people);
    if (to === from) to = w.actors.deployer;
    await w.client.send(from, 'OPEN', 'transfer', [to, BigInt(w.rng.int(1, 20)) * OPEN]);
  }
}
