// Staking: configs, continuous compounding to the wei, top-ups, cooldown and payouts, and a reward
// reserve kept apart from the stakes (the contract always holds every stored stake value).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Address } from 'viem';
import { compound, expWad, WAD } from '../math.ts';
import { OPEN, eventOf, setup, type Ctx } from './helpers.ts';

const YEAR = 31_536_000n;
const RATE_10 = WAD / 10n / YEAR; // 10% a year, continuously compounded
const RATE_50 = WAD / 2n / YEAR;
const COOLDOWN = 7n * 86_400n;
const ADMIN = `0x${'00'.repeat(32)}`;

let c: Ctx;
let admin: Address;
let alice: Address;
let bob: Address;

before(async () => {
  c = await setup();
  [admin, alice, bob] = c.accounts as [Address, Address, Address];
});
after(() => c?.stop());

/** The contract holds the stored value of every stake not yet paid plus the reward reserve, exactly. */
async function assertSolvent(): Promise<{ totalStaked: bigint; reserve: bigint }> {
  const totalStaked = (await c.read('Staking', 'totalStaked')) as bigint;
  const reserve = (await c.read('Staking', 'rewardReserve')) as bigint;
  let stored = 0n;
  const count = (await c.read('Staking', 'stakeCount')) as bigint;
  for (let id = 1n; id <= count; id++) {
    const st = (await c.read('Staking', 'getStake', [id])) as { status: number; value: bigint };
    if (st.status !== 3) stored += st.value;
  }
  assert.equal(totalStaked, stored, 'totalStaked is the sum of the stored values of unpaid stakes');
  assert.equal(await c.balance(c.addr('Staking')), totalStaked + reserve, 'balance = totalStaked + rewardReserve');
  return { totalStaked, reserve };
}

test('expWad matches e^x closely and the TypeScript mirror exactly', async () => {
  for (const x of [0n, 1n, WAD / 1000n, WAD, 3n * WAD, 20n * WAD, 25n * WAD]) {
    assert.equal(await c.read('Staking', 'expWad', [x]), expWad(x));
  }
  assert.ok(Math.abs(Number(expWad(WAD)) / 1e18 - Math.E) < 1e-15);
  assert.equal(expWad(25n * WAD), expWad(20n * WAD)); // capped
});

test('configs: only the admin creates and sets them', async () => {
  await c.reverts(c.send(alice, 'Staking', 'createConfig', [RATE_10, COOLDOWN, OPEN]), 'AccessControlUnauthorizedAccount', [
    alice,
    ADMIN,
  ]);
  const created = await c.send(admin, 'Staking', 'createConfig', [RATE_10, COOLDOWN, OPEN]);
  assert.deepEqual(eventOf(created, 'Staking', 'ConfigCreated'), { configId: 1n });
  assert.deepEqual(eventOf(created, 'Staking', 'ConfigUpdated'), {
    configId: 1n,
    ratePerSecond: RATE_10,
    cooldown: COOLDOWN,
    minStake: OPEN,
    active: true,
  });
  await c.send(admin, 'Staking', 'createConfig', [RATE_50, 60n, 0n]);
  const set = await c.send(admin, 'Staking', 'setConfig', [2n, RATE_50, 60n, 0n, false]);
  assert.deepEqual(eventOf(set, 'Staking', 'ConfigSet'), { configId: 2n });
  await c.reverts(c.send(alice, 'Staking', 'setConfig', [2n, RATE_50, 60n, 0n, true]), 'AccessControlUnauthorizedAccount');
  await c.reverts(c.send(admin, 'Staking', 'setConfig', [3n, RATE_50, 60n, 0n, true]), 'UnknownConfig', [3n]);
  assert.equal(await c.read('Staking', 'configCount'), 2n);
});

test('stakes compound continuously, top up, cool down and pay out to the wei', async () => {
  await c.reverts(c.send(alice, 'Staking', 'stake', [1n, alice], OPEN - 1n), 'BelowMinStake', [OPEN, OPEN - 1n]);
  await c.reverts(c.send(alice, 'Staking', 'stake', [2n, alice], OPEN), 'ConfigInactive', [2n]);
  await c.reverts(c.send(alice, 'Staking', 'stake', [9n, alice], OPEN), 'UnknownConfig', [9n]);

  await c.reverts(c.send(bob, 'Staking', 'fundRewards', [], 0n), 'ZeroAmount');
  const funded = await c.send(bob, 'Staking', 'fundRewards', [], 5n * OPEN);
  assert.deepEqual(eventOf(funded, 'Staking', 'RewardsFunded'), { from: bob, amount: 5n * OPEN, rewardReserve: 5n * OPEN });
  let reserve = 5n * OPEN;

  // bob pays, alice receives the stake
  const staked = await c.send(bob, 'Staking', 'stake', [1n, alice], 100n * OPEN);
  assert.deepEqual(eventOf(staked, 'Staking', 'Staked'), { stakingId: 1n, recipient: alice, amount: 100n * OPEN });
  assert.deepEqual(eventOf(staked, 'Staking', 'StakeUpdated'), {
    stakingId: 1n,
    configId: 1n,
    status: 1,
    value: 100n * OPEN,
    ratePerSecond: RATE_10,
    unlockAt: 0n,
  });

  await c.advance(86_400n);
  await c.reverts(c.send(bob, 'Staking', 'topUp', [1n], OPEN), 'NotStakeOwner', [1n]);
  await c.advance(86_400n);
  const topped = await c.send(alice, 'Staking', 'topUp', [1n], 10n * OPEN);
  const interest = compound(100n * OPEN, RATE_10, topped.timestamp - staked.timestamp) - 100n * OPEN;
  let value = 100n * OPEN + interest + 10n * OPEN;
  reserve -= interest;
  assert.deepEqual(eventOf(topped, 'Staking', 'RewardsAccrued'), { stakingId: 1n, paid: interest, unpaid: 0n, rewardReserve: reserve });
  assert.deepEqual(eventOf(topped, 'Staking', 'ToppedUp'), { stakingId: 1n, recipient: alice, amount: 10n * OPEN });
  assert.equal(eventOf(topped, 'Staking', 'StakeUpdated').value, value);
  assert.deepEqual(await assertSolvent(), { totalStaked: value, reserve });

  await c.advance(30n * 86_400n);
  await c.mine();
  const now = (await c.publicClient.getBlock()).timestamp;
  assert.equal(await c.read('Staking', 'currentValue', [1n]), compound(value, RATE_10, now - topped.timestamp));

  await c.reverts(c.send(bob, 'Staking', 'requestUnstake', [1n]), 'NotStakeOwner', [1n]);
  await c.advance(1000n);
  const requested = await c.send(alice, 'Staking', 'requestUnstake', [1n]);
  const interest2 = compound(value, RATE_10, requested.timestamp - topped.timestamp) - value;
  value += interest2;
  reserve -= interest2;
  assert.deepEqual(eventOf(requested, 'Staking', 'RewardsAccrued'), { stakingId: 1n, paid: interest2, unpaid: 0n, rewardReserve: reserve });
  const unlockAt = requested.timestamp + COOLDOWN;
  assert.deepEqual(eventOf(requested, 'Staking', 'RequestUnstake'), { stakingId: 1n, recipient: alice });
  assert.deepEqual(eventOf(requested, 'Staking', 'StakeUpdated'), {
    stakingId: 1n,
    configId: 1n,
    status: 2,
    value,
    ratePerSecond: RATE_10,
    unlockAt,
  });
  await c.reverts(c.send(alice, 'Staking', 'requestUnstake', [1n]), 'NotActive', [1n]);
  await c.reverts(c.send(alice, 'Staking', 'topUp', [1n], OPEN), 'NotActive', [1n]);

  // frozen while cooling down; unstaking during the cooldown reverts
  await c.advance(COOLDOWN - 1n);
  await c.reverts(c.send(alice, 'Staking', 'unstake', [1n]), 'CooldownActive', [1n, unlockAt]);
  await c.mine();
  assert.equal(await c.read('Staking', 'currentValue', [1n]), value);

  // past the cooldown, the frozen value is claimable: its interest was paid from the reserve already
  await c.advance(1n);
  await c.mine();
  assert.deepEqual(await c.read('Staking', 'claimable', [1n]), [true, value]);

  await c.reverts(c.send(bob, 'Staking', 'unstake', [1n]), 'NotStakeOwner', [1n]);
  const before = await c.balance(alice);
  const unstaked = await c.send(alice, 'Staking', 'unstake', [1n]);
  assert.deepEqual(eventOf(unstaked, 'Staking', 'Unstaked'), { stakingId: 1n, recipient: alice });
  assert.equal(eventOf(unstaked, 'Staking', 'StakeUpdated').status, 3);
  assert.equal(eventOf(unstaked, 'Staking', 'StakeUpdated').value, value);
  assert.equal(await c.balance(alice), before + value - unstaked.gasCost);
  assert.equal(await c.balance(c.addr('Staking')), 115n * OPEN - value);
  assert.deepEqual(await assertSolvent(), { totalStaked: 0n, reserve });
  assert.equal(await c.read('Staking', 'currentValue', [1n]), 0n);
  await c.reverts(c.send(alice, 'Staking', 'unstake', [1n]), 'NotCoolingDown', [1n]);
  await c.reverts(c.send(alice, 'Staking', 'unstake', [7n]), 'UnknownStake', [7n]);
});

test('a config change applies to new stakes and top-ups only', async () => {
  const s = await c.send(alice, 'Staking', 'stake', [1n, alice], 10n * OPEN);
  await c.send(admin, 'Staking', 'setConfig', [1n, RATE_50, COOLDOWN, OPEN, true]);
  await c.advance(3600n);
  await c.mine();
  const now = (await c.publicClient.getBlock()).timestamp;
  assert.equal(await c.read('Staking', 'currentValue', [2n]), compound(10n * OPEN, RATE_10, now - s.timestamp));
  const t = await c.send(alice, 'Staking', 'topUp', [2n], OPEN);
  assert.equal(eventOf(t, 'Staking', 'StakeUpdated').ratePerSecond, RATE_50);
});

test("rewards come from the reserve only: one staker's interest is never paid from another's principal", async () => {
  // a rate far above what the reserve can pay
  const created = await c.send(admin, 'Staking', 'createConfig', [WAD / YEAR, 60n, OPEN]);
  const configId = eventOf(created, 'Staking', 'ConfigCreated').configId as bigint;
  const a = await c.send(alice, 'Staking', 'stake', [configId, alice], 100n * OPEN);
  const b = await c.send(bob, 'Staking', 'stake', [configId, bob], 100n * OPEN);
  const [idA, idB] = [a, b].map((r) => eventOf(r, 'Staking', 'Staked').stakingId as bigint) as [bigint, bigint];
  const { reserve } = await assertSolvent();
  assert.ok(reserve > 0n && reserve < 50n * OPEN);
  await c.advance(YEAR);
  await c.mine();
  // what an unstake request would freeze now: the interest, capped by the reserve
  assert.equal(await c.read('Staking', 'currentValue', [idA]), 100n * OPEN + reserve);

  const ra = await c.send(alice, 'Staking', 'requestUnstake', [idA]);
  const accruedA = compound(100n * OPEN, WAD / YEAR, ra.timestamp - a.timestamp) - 100n * OPEN;
  assert.deepEqual(eventOf(ra, 'Staking', 'RewardsAccrued'), { stakingId: idA, paid: reserve, unpaid: accruedA - reserve, rewardReserve: 0n });
  assert.equal(eventOf(ra, 'Staking', 'StakeUpdated').value, 100n * OPEN + reserve);
  const rb = await c.send(bob, 'Staking', 'requestUnstake', [idB]);
  const accruedB = compound(100n * OPEN, WAD / YEAR, rb.timestamp - b.timestamp) - 100n * OPEN;
  assert.deepEqual(eventOf(rb, 'Staking', 'RewardsAccrued'), { stakingId: idB, paid: 0n, unpaid: accruedB, rewardReserve: 0n });
  assert.equal(eventOf(rb, 'Staking', 'StakeUpdated').value, 100n * OPEN);
  await assertSolvent();

  // both are paid in full, in either order: every stored value is backed
  await c.advance(61n);
  const pb = await c.send(bob, 'Staking', 'unstake', [idB]);
  assert.equal(eventOf(pb, 'Staking', 'StakeUpdated').value, 100n * OPEN);
  const pa = await c.send(alice, 'Staking', 'unstake', [idA]);
  assert.equal(eventOf(pa, 'Staking', 'StakeUpdated').value, 100n * OPEN + reserve);
  await assertSolvent();
});
