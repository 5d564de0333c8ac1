// CreditManager: purchases (the public CreditPurchased), users' allowances to attributors, and
// spending by inference fees within them. Both allowance events carry the allowance afterwards, so
// the CreditAllowance row is whole from each one (no read).
import * as M from '../../db/model/index.ts';
import type { LogMeta } from '../decode.ts';
import type { Batch } from '../batch/context.ts';
import { account, withLog } from './common.ts';
import { on, type Handler } from './types.ts';

function allowance(b: Batch, user: string, attributor: string, value: bigint, log: LogMeta): void {
  b.put(new M.CreditAllowance({ id: `${user}-${attributor}`, user, attributor, allowance: value, updatedAtBlock: log.block.height }));
}

export const creditHandlers: Handler[] = [
  on('CreditManager', 'CreditPurchased', {
    load: ({ args }, b) => b.accounts.want(args.user),
    handle: ({ args, log }, b) => {
      const a = account(b, args.user, log);
      a.creditBalance += args.creditAmount;
      a.creditsPurchased += args.creditAmount;
      b.insert(withLog(new M.CreditPurchase({ user: args.user, amountPaid: args.amountPaid, creditAmount: args.creditAmount }), log));
    },
  }),
  on('CreditManager', 'CreditsSpent', {
    load: ({ args }, b) => b.accounts.want(args.user),
    handle: ({ args, log }, b) => {
      account(b, args.user, log).creditBalance = args.balance;
      b.insert(withLog(new M.CreditSpend({
        user: args.user, spender: args.spender, attributor: args.attributor, creditAmount: args.creditAmount,
        amountPaid: args.amountPaid, balanceAfter: args.balance, allowanceAfter: args.allowance,
      }), log));
      allowance(b, args.user, args.attributor, args.allowance, log);
    },
  }),
  on('CreditManager', 'AttributorApproved', {
    handle: ({ args, log }, b) => allowance(b, args.user, args.attributor, args.allowance, log),
  }),
];
