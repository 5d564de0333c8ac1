// OPEN, WOPEN and GOPEN: balances (with history), supply and holders, transfers, approvals,
// wrapping of native OPEN, GOPEN delegation and voting power (with history).
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { account, withLog, ZERO_ADDRESS } from './common.ts';
import { on, type Handler } from './types.ts';

type Kind = 'OPEN' | 'WOPEN' | 'GOPEN';
const BALANCE = { OPEN: 'openBalance', WOPEN: 'wopenBalance', GOPEN: 'gopenBalance' } as const;

function token(b: Batch, kind: Kind, log: LogMeta): M.Token {
  return b.tokens.upsert(kind, () => new M.Token({ id: kind, address: log.address, totalSupply: 0n, holderCount: 0, transferCount: 0 }));
}

/** Adds `delta` to an account's balance of `kind`, keeping the holder count. */
function credit(b: Batch, kind: Kind, address: string, delta: bigint, log: LogMeta): void {
  const a = account(b, address, log);
  const t = token(b, kind, log);
  const before = a[BALANCE[kind]];
  const after = before + delta;
  a[BALANCE[kind]] = after;
  if (before === 0n && after !== 0n) t.holderCount += 1;
  if (before !== 0n && after === 0n) t.holderCount -= 1;
  b.accountHistory.mark(a);
}

/** A transfer; the zero address mints and burns. */
function transfer(b: Batch, kind: Kind, from: string, to: string, value: bigint, log: LogMeta): void {
  const t = token(b, kind, log);
  if (from === ZERO_ADDRESS) t.totalSupply += value;
  else credit(b, kind, from, -value, log);
  if (to === ZERO_ADDRESS) t.totalSupply -= value;
  else credit(b, kind, to, value, log);
  t.transferCount += 1;
  b.insert(withLog(new M.TokenTransfer({ token: M.TokenKind[kind], from, to, value }), log));
}

function approval(b: Batch, kind: Kind, owner: string, spender: string, value: bigint, log: LogMeta): void {
  b.put(new M.TokenApproval({
    id: `${kind}-${owner}-${spender}`, token: M.TokenKind[kind], owner, spender, value,
    blockNumber: log.block.height, txHash: log.txHash,
  }));
}

function wrap(b: Batch, kind: Kind, wrapKind: M.WrapKind, address: string, amount: bigint, log: LogMeta): void {
  b.insert(withLog(new M.TokenWrap({ token: M.TokenKind[kind], kind: wrapKind, account: address, amount }), log));
}

/** The accounts of a transfer: the zero address mints and burns, it has no balance of its own. */
const wantAccounts = (b: Batch, ...addresses: string[]) => {
  for (const a of addresses) if (a !== ZERO_ADDRESS) b.accounts.want(a);
};

export const tokenHandlers: Handler[] = [
  on('OPEN', 'Transfer', {
    load: ({ args }, b) => (wantAccounts(b, args.from, args.to), b.tokens.want('OPEN')),
    handle: ({ args, log }, b) => transfer(b, 'OPEN', args.from, args.to, args.value, log),
  }),
  on('OPEN', 'Approval', {
    handle: ({ args, log }, b) => approval(b, 'OPEN', args.owner, args.spender, args.value, log),
  }),

  on('WOPEN', 'Transfer', {
    load: ({ args }, b) => (wantAccounts(b, args.src, args.dst), b.tokens.want('WOPEN')),
    handle: ({ args, log }, b) => transfer(b, 'WOPEN', args.src, args.dst, args.wad, log),
  }),
  on('WOPEN', 'Approval', {
    handle: ({ args, log }, b) => approval(b, 'WOPEN', args.src, args.guy, args.wad, log),
  }),
  // WETH9 style: wrapping emits no Transfer, so Deposit and Withdrawal move balance and supply.
  on('WOPEN', 'Deposit', {
    load: ({ args }, b) => (b.accounts.want(args.dst), b.tokens.want('WOPEN')),
    handle: ({ args, log }, b) => {
      credit(b, 'WOPEN', args.dst, args.wad, log);
      token(b, 'WOPEN', log).totalSupply += args.wad;
      wrap(b, 'WOPEN', M.WrapKind.DEPOSIT, args.dst, args.wad, log);
    },
  }),
  on('WOPEN', 'Withdrawal', {
    load: ({ args }, b) => (b.accounts.want(args.src), b.tokens.want('WOPEN')),
    handle: ({ args, log }, b) => {
      credit(b, 'WOPEN', args.src, -args.wad, log);
      token(b, 'WOPEN', log).totalSupply -= args.wad;
      wrap(b, 'WOPEN', M.WrapKind.WITHDRAWAL, args.src, args.wad, log);
    },
  }),

  // GOPEN mints and burns through Transfer; Deposit and Withdrawal are recorded only.
  on('GOPEN', 'Transfer', {
    load: ({ args }, b) => (wantAccounts(b, args.from, args.to), b.tokens.want('GOPEN')),
    handle: ({ args, log }, b) => transfer(b, 'GOPEN', args.from, args.to, args.value, log),
  }),
  on('GOPEN', 'Approval', {
    handle: ({ args, log }, b) => approval(b, 'GOPEN', args.owner, args.spender, args.value, log),
  }),
  on('GOPEN', 'Deposit', {
    handle: ({ args, log }, b) => wrap(b, 'GOPEN', M.WrapKind.DEPOSIT, args.sender, args.amt, log),
  }),
  on('GOPEN', 'Withdrawal', {
    handle: ({ args, log }, b) => wrap(b, 'GOPEN', M.WrapKind.WITHDRAWAL, args.sender, args.amt, log),
  }),
  on('GOPEN', 'DelegateChanged', {
    load: ({ args }, b) => b.accounts.want(args.delegator),
    handle: ({ args, log }, b) => {
      const a = account(b, args.delegator, log);
      a.delegate = args.toDelegate;
      b.accountHistory.mark(a);
      b.insert(withLog(new M.DelegateChange({
        delegator: args.delegator, fromDelegate: args.fromDelegate, toDelegate: args.toDelegate,
      }), log));
    },
  }),
  on('GOPEN', 'DelegateVotesChanged', {
    load: ({ args }, b) => b.accounts.want(args.delegate),
    handle: ({ args, log }, b) => {
      const a = account(b, args.delegate, log);
      a.votingPower = args.newVotes;
      b.accountHistory.mark(a);
    },
  }),
];
