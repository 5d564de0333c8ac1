// Token handlers on an in-memory batch: balances, supply, holder counts and history follow the
// transfers, wraps and delegation, each expectation summed here from the events themselves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as M from '../../db/model/index.ts';
import { runInMemory } from '../../test/support/inMemoryBatch.ts';
import { ZERO_ADDRESS } from './common.ts';

const ALICE = '0x00000000000000000000000000000000000a11ce';
const BOB = '0x0000000000000000000000000000000000000b0b';

test('OPEN transfers: mint, transfer and burn move balances, supply and holders; one history row per account per block', async () => {
  const seededBob = new M.Account({ id: BOB, openBalance: 5n, wopenBalance: 0n, gopenBalance: 0n, votingPower: 0n, delegate: null,
    creditBalance: 0n, rewardsEarned: 0n, rewardsClaimed: 0n, firstSeenBlock: 1, updatedAtBlock: 1 });
  const seededToken = new M.Token({ id: 'OPEN', address: '0x01', totalSupply: 5n, holderCount: 1, transferCount: 1 });
  const { batch, rejected } = await runInMemory([
    [{ family: 'OPEN', event: 'Transfer', args: { from: ZERO_ADDRESS, to: ALICE, value: 1000n } }],
    [
      { family: 'OPEN', event: 'Transfer', args: { from: ALICE, to: BOB, value: 300n } },
      { family: 'OPEN', event: 'Transfer', args: { from: BOB, to: ZERO_ADDRESS, value: 305n } },
    ],
  ], [seededBob, seededToken]);
  assert.equal(rejected.size, 0);
  assert.equal(batch.accounts.get(ALICE)!.openBalance, 1000n - 300n);
  assert.equal(batch.accounts.get(BOB)!.openBalance, 5n + 300n - 305n);
  const token = batch.tokens.get('OPEN')!;
  assert.equal(token.totalSupply, 5n + 1000n - 305n);
  assert.equal(token.holderCount, 1, 'alice holds, bob no longer does');
  assert.equal(token.transferCount, 1 + 3);
  assert.deepEqual(batch.staged(M.TokenTransfer).map((t) => [t.from, t.to, t.value]), [[ZERO_ADDRESS, ALICE, 1000n], [ALICE, BOB, 300n], [BOB, ZERO_ADDRESS, 305n]]);
  const history = batch.staged(M.AccountHistory).map((h) => [h.account.id, h.validFromBlock, h.validToBlock, h.openBalance]);
  assert.deepEqual(history, [[ALICE, 100, 101, 1000n], [ALICE, 101, null, 700n], [BOB, 101, null, 0n]]);
});

test('WOPEN deposit and withdrawal move balance and supply; GOPEN delegation sets delegate and voting power', async () => {
  const { batch } = await runInMemory([[
    { family: 'WOPEN', event: 'Deposit', args: { dst: ALICE, wad: 70n } },
    { family: 'WOPEN', event: 'Withdrawal', args: { src: ALICE, wad: 20n } },
    { family: 'GOPEN', event: 'DelegateChanged', args: { delegator: ALICE, fromDelegate: ZERO_ADDRESS, toDelegate: BOB } },
    { family: 'GOPEN', event: 'DelegateVotesChanged', args: { delegate: BOB, previousVotes: 0n, newVotes: 42n } },
  ]]);
  assert.equal(batch.accounts.get(ALICE)!.wopenBalance, 50n);
  assert.equal(batch.tokens.get('WOPEN')!.totalSupply, 50n);
  assert.deepEqual(batch.staged(M.TokenWrap).map((w) => [w.kind, w.amount]), [[M.WrapKind.DEPOSIT, 70n], [M.WrapKind.WITHDRAWAL, 20n]]);
  assert.equal(batch.accounts.get(ALICE)!.delegate, BOB);
  assert.equal(batch.accounts.get(BOB)!.votingPower, 42n);
  assert.equal(batch.staged(M.DelegateChange).length, 1);
});
