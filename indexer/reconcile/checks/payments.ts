// Money that one account may take from or owes another: users' credit allowances to attributors
// (CreditManager.allowance) and pull payments owed (ChallengeManager.owed, and their total, which the
// contract's balance must cover together with the open challenges' bonds).
import { against, type Check, type Expectation } from '../types.ts';

export const paymentChecks: Check = async (ctx) => {
  const credits = ctx.address('CreditManager');
  const challenges = ctx.address('ChallengeManager');
  const x: Expectation[] = [];
  let objects = 0;
  if (credits) {
    const allowances = await ctx.rows('SELECT id, "user", attributor, allowance FROM credit_allowance ORDER BY id');
    for (const a of allowances) {
      x.push(against('CreditAllowance', a.id, { contract: 'CreditManager', address: credits, fn: 'allowance', args: [a.user, a.attributor] })('allowance', a.allowance));
    }
    objects += allowances.length;
  }
  if (challenges) {
    const owed = await ctx.rows('SELECT id, account, owed FROM owed_payment WHERE contract = $1 ORDER BY id', [challenges]);
    let total = 0n;
    for (const o of owed) {
      total += BigInt(o.owed);
      x.push(against('OwedPayment', o.id, { contract: 'ChallengeManager', address: challenges, fn: 'owed', args: [o.account] })('owed', o.owed));
    }
    x.push(against('OwedPayment', challenges, { contract: 'ChallengeManager', address: challenges, fn: 'totalOwed', args: [] })('sum(owed)', total));
    objects += owed.length;
  }
  return { objects, expectations: x };
};
