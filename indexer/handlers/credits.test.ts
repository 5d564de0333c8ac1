// Credit handlers on an in-memory batch: purchases add to the credit balance, spending sets the
// balance and the allowance the event reports, an approval replaces the allowance row.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as M from '../../db/model/index.ts';
import { runInMemory } from '../../test/support/inMemoryBatch.ts';

const USER = '0x00000000000000000000000000000000000a11ce';
const ATTRIBUTOR = '0x0000000000000000000000000000000000000a77';

test('purchase, approval and spending: balance, allowance and records', async () => {
  const { batch } = await runInMemory([
    [
      { family: 'CreditManager', event: 'CreditPurchased', args: { user: USER, amountPaid: 3n, creditAmount: 300n } },
      { family: 'CreditManager', event: 'CreditPurchased', args: { user: USER, amountPaid: 1n, creditAmount: 100n } },
      { family: 'CreditManager', event: 'AttributorApproved', args: { user: USER, attributor: ATTRIBUTOR, allowance: 250n } },
    ],
    [{ family: 'CreditManager', event: 'CreditsSpent', args: { user: USER, spender: ATTRIBUTOR, attributor: ATTRIBUTOR, creditAmount: 40n, amountPaid: 0n, balance: 360n, allowance: 210n } }],
  ]);
  assert.equal(batch.accounts.get(USER)!.creditBalance, 360n, 'the balance the spend reports (300 + 100 - 40)');
  assert.deepEqual(batch.staged(M.CreditPurchase).map((p) => p.creditAmount), [300n, 100n]);
  const allowances = batch.staged(M.CreditAllowance);
  assert.equal(allowances.length, 1, 'one row per user and attributor');
  assert.equal(allowances[0]!.allowance, 210n);
  assert.equal(allowances[0]!.updatedAtBlock, 101);
  assert.deepEqual(batch.staged(M.CreditSpend).map((s) => [s.balanceAfter, s.allowanceAfter]), [[360n, 210n]]);
});
