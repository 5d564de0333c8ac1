// Staking: every stake position (getStake: status, value at its last update, rate, unlock time,
// recipient, config) and config (getConfig), the counters, and solvency: the stored values of the
// stakes not yet unstaked sum to totalStaked, and the reward reserve is the contract's
// (the contract holds totalStaked + rewardReserve, so every indexed Stake.value is payable).
import { against, countOf, unixSeconds, type Check, type Expectation } from '../types.ts';

const STAKE_STATUS = ['NONE', 'ACTIVE', 'COOLING_DOWN', 'UNSTAKED'];

export const stakingChecks: Check = async (ctx) => {
  const address = ctx.address('Staking');
  if (!address) return { objects: 0, expectations: [] };
  const expectations: Expectation[] = [];
  const stakes = await ctx.rows('SELECT id, recipient, config_id, status, value, rate_per_second, unlock_at, last_update FROM stake ORDER BY id');
  for (const s of stakes) {
    const e = against('Stake', s.id, { contract: 'Staking', address, fn: 'getStake', args: [BigInt(s.id)] });
    expectations.push(
      e('status', s.status, (r) => STAKE_STATUS[r.status]),
      e('value', s.value, (r) => r.value),
      e('ratePerSecond', s.rate_per_second, (r) => r.ratePerSecond),
      e('unlockAt', s.unlock_at, (r) => r.unlockAt),
      e('recipient', s.recipient, (r) => r.recipient),
      e('config', s.config_id, (r) => r.configId),
    );
    // the contract's lastUpdate is where compounding starts; unstake() leaves it, while the indexer
    // records the time of every action (schema: "block timestamp of the last action")
    if (s.status !== 'UNSTAKED') expectations.push(e('lastUpdate', unixSeconds(s.last_update), (r) => r.lastUpdate));
  }
  const configs = await ctx.rows('SELECT id, rate_per_second, cooldown, min_stake, active FROM staking_config ORDER BY id');
  for (const c of configs) {
    const e = against('StakingConfig', c.id, { contract: 'Staking', address, fn: 'getConfig', args: [BigInt(c.id)] });
    expectations.push(
      e('ratePerSecond', c.rate_per_second, (r) => r.ratePerSecond),
      e('cooldown', c.cooldown, (r) => r.cooldown),
      e('minStake', c.min_stake, (r) => r.minStake),
      e('active', c.active, (r) => r.active),
    );
  }
  expectations.push(countOf('Staking', address, 'stakeCount', 'Stake', stakes.length), countOf('Staking', address, 'configCount', 'StakingConfig', configs.length));
  const unpaid = stakes.filter((s) => s.status !== 'UNSTAKED').reduce((sum, s) => sum + BigInt(s.value), 0n);
  expectations.push(against('Stake', '*', { contract: 'Staking', address, fn: 'totalStaked', args: [] })('sum(value) not UNSTAKED', unpaid));
  const reserves = await ctx.rows('SELECT id, balance FROM staking_reserve WHERE id = $1', [address]);
  const reserve = reserves[0]?.balance ?? 0n;
  expectations.push(against('StakingReserve', address, { contract: 'Staking', address, fn: 'rewardReserve', args: [] })('balance', reserve));
  return { objects: stakes.length + configs.length + reserves.length, expectations };
};
