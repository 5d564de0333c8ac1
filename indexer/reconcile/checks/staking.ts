// Staking (OpenLedger's public contract) and what the Bank must cover: every stake by its status
// (ACTIVE: `stakes(id)`; COOLING_DOWN: `unstakeRequests(id)`; UNSTAKED: neither holds it any more;
// COMMITTED: `stakeCommitments(id)`), every config (`configs(id)`), the count (`nextStakeId`, ids
// from 0), and solvency: each bank's token balance covers the indexed value of the stakes of its
// configs not yet paid out (the contract pays stakes and their interest from the bank).
import { against, unixSeconds, type Check, type Expectation } from '../types.ts';

export const stakingChecks: Check = async (ctx) => {
  const address = ctx.address('Staking');
  if (!address) return { objects: 0, expectations: [] };
  const expectations: Expectation[] = [];
  const call = (fn: string, args: readonly unknown[]) => ({ contract: 'Staking' as const, address, fn, args });
  const stakes = await ctx.rows(
    'SELECT id, recipient, config_id, status, value, principal, start_time, requested_at, last_update, commitment FROM stake ORDER BY id::numeric',
  );
  for (const s of stakes) {
    const id = BigInt(s.id);
    if (s.status === 'ACTIVE') {
      const e = against('Stake', s.id, call('stakes', [id]));
      expectations.push(
        e('recipient', s.recipient, (r) => r[0]), e('config', s.config_id, (r) => r[1]), e('lastUpdate', unixSeconds(s.last_update), (r) => r[2]),
        e('value', s.value, (r) => r[3]), e('startTime', s.start_time, (r) => r[4]), e('principal', s.principal, (r) => r[5]),
      );
    } else if (s.status === 'COOLING_DOWN') {
      const e = against('Stake', s.id, call('unstakeRequests', [id]));
      expectations.push(
        e('requestedAt', s.requested_at, (r) => r[0]), e('recipient', s.recipient, (r) => r[1].recipient),
        e('config', s.config_id, (r) => r[1].configId), e('value', s.value, (r) => r[1].amount), e('principal', s.principal, (r) => r[1].principal),
      );
    } else if (s.status === 'UNSTAKED') {
      expectations.push(
        against('Stake', s.id, call('stakes', [id]))('no longer staked', true, (r) => r[3] === 0n),
        against('Stake', s.id, call('unstakeRequests', [id]))('no unstake request', true, (r) => r[0] === 0n),
      );
    } else {
      expectations.push(against('Stake', s.id, call('stakeCommitments', [id]))('commitment', s.commitment));
    }
  }
  const configs = await ctx.rows('SELECT * FROM staking_config ORDER BY id::numeric');
  const fields = ['bank', 'manager', 'token', 'interest_rate', 'stake_duration', 'cooldown_duration', 'max_stake', 'min_stake', 'is_active', 'is_topup_enabled', 'is_public'];
  for (const c of configs) {
    const e = against('StakingConfig', c.id, call('configs', [BigInt(c.id)]));
    fields.forEach((f, i) => expectations.push(e(f, c[f], (r) => r[i])));
  }
  expectations.push({ entity: 'Count', id: 'Staking.nextStakeId', field: 'Stake', indexed: stakes.length, call: call('nextStakeId', []) });
  // solvency: per bank and token, the indexed value of its stakes not yet paid out
  const owed = await ctx.rows<{ bank: string; token: string; owed: string }>(
    `SELECT c.bank, c.token, sum(s.value)::text AS owed FROM stake s JOIN staking_config c ON c.id = s.config_id
     WHERE s.status IN ('ACTIVE', 'COOLING_DOWN') GROUP BY c.bank, c.token ORDER BY c.bank, c.token`,
  );
  for (const o of owed) {
    const e = against('Bank', o.bank, { contract: 'OPEN', address: o.token, fn: 'balanceOf', args: [o.bank] });
    expectations.push(e(`covers ${o.owed} of indexed stakes in ${o.token}`, true, (balance: bigint) => balance >= BigInt(o.owed)));
  }
  return { objects: stakes.length + configs.length, expectations };
};
