// CreditManager: purchases (the public CreditPurchased) and spending by inference fees.
import * as M from '../../db/model/index.ts';
import { account, withLog } from './common.ts';
import { on, type Handler } from './types.ts';

export const creditHandlers: Handler[] = [
  on('CreditManager', 'CreditPurchased', {
    load: ({ args }, b) => b.accounts.want(args.user),
    handle: ({ args, log }, b) => {
      account(b, args.user, log).creditBalance += args.creditAmount;
      b.insert(withLog(new M.CreditPurchase({ user: args.user, amountPaid: args.amountPaid, creditAmount: args.creditAmount }), log));
    },
  }),
  on('CreditManager', 'CreditsSpent', {
    load: ({ args }, b) => b.accounts.want(args.user),
    handle: ({ args, log }, b) => {
      account(b, args.user, log).creditBalance = args.balance;
      b.insert(withLog(new M.CreditSpend({
        user: args.user, spender: args.spender, creditAmount: args.creditAmount,
        amountPaid: args.amountPaid, balanceAfter: args.balance,
      }), log));
    },
  }),
];
