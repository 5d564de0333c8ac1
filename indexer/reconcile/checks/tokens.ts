// Accounts (OPEN, WOPEN and GOPEN balances, GOPEN votes and delegate, credits, claimable rewards)
// and token supplies.
import { against, ZERO_ADDRESS, type Check, type Expectation } from '../types.ts';

export const tokenChecks: Check = async (ctx) => {
  const expectations: Expectation[] = [];
  const [open, wopen, gopen, credits, engine] = (['OPEN', 'WOPEN', 'GOPEN', 'CreditManager', 'AttributionEngine'] as const).map((f) => ctx.address(f));
  const accounts = await ctx.rows(`SELECT id, open_balance, wopen_balance, gopen_balance, voting_power, delegate,
    credit_balance, rewards_earned, rewards_claimed FROM account ORDER BY id`);
  for (const a of accounts) {
    const id = a.id as string;
    if (open) expectations.push(against('Account', id, { contract: 'OPEN', address: open, fn: 'balanceOf', args: [id] })('openBalance', a.open_balance));
    if (wopen) expectations.push(against('Account', id, { contract: 'WOPEN', address: wopen, fn: 'balanceOf', args: [id] })('wopenBalance', a.wopen_balance));
    if (gopen) {
      expectations.push(against('Account', id, { contract: 'GOPEN', address: gopen, fn: 'balanceOf', args: [id] })('gopenBalance', a.gopen_balance));
      expectations.push(against('Account', id, { contract: 'GOPEN', address: gopen, fn: 'getVotes', args: [id] })('votingPower', a.voting_power));
      expectations.push(against('Account', id, { contract: 'GOPEN', address: gopen, fn: 'delegates', args: [id] })('delegate', a.delegate ?? ZERO_ADDRESS));
    }
    if (credits) expectations.push(against('Account', id, { contract: 'CreditManager', address: credits, fn: 'credits', args: [id] })('creditBalance', a.credit_balance));
    if (engine) {
      const claimable = BigInt(a.rewards_earned) - BigInt(a.rewards_claimed);
      expectations.push(against('Account', id, { contract: 'AttributionEngine', address: engine, fn: 'rewards', args: [id] })('rewardsEarned - rewardsClaimed', claimable));
    }
  }
  const tokens = await ctx.rows('SELECT id, total_supply FROM token ORDER BY id');
  let compared = 0;
  for (const t of tokens) {
    const family = t.id as 'OPEN' | 'WOPEN' | 'GOPEN';
    const address = ctx.address(family);
    if (!address) continue;
    expectations.push(against('Token', family, { contract: family, address, fn: 'totalSupply', args: [] })('totalSupply', t.total_supply));
    compared += 1;
  }
  // rows compared: accounts only when a family that reads them is watched whole
  const accountsCompared = [open, wopen, gopen, credits, engine].some(Boolean) ? accounts.length : 0;
  return { objects: accountsCompared + compared, expectations };
};
