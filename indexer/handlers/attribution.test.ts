// Attribution handlers on an in-memory batch: an attributor's bond through stake, unstake request,
// unstake and slash (totals and history), an inference record, a reward claim; a record naming an
// unknown contribution or lists of different lengths quarantined.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as M from '../../db/model/index.ts';
import { hash32 } from '../../test/support/hash32.ts';
import { runInMemory } from '../../test/support/inMemoryBatch.ts';

const ATTRIBUTOR = '0x0000000000000000000000000000000000000a77';
const USER = '0x0000000000000000000000000000000000005e12';

test('bond events keep the attributor totals; one history row per block it changed in', async () => {
  const { batch } = await runInMemory([
    [
      { family: 'AttributionEngine', event: 'AttributorStaked', args: { attributor: ATTRIBUTOR, amount: 100n, activeStake: 100n } },
      { family: 'AttributionEngine', event: 'AttributorStaked', args: { attributor: ATTRIBUTOR, amount: 50n, activeStake: 150n } },
    ],
    [{ family: 'AttributionEngine', event: 'AttributorUnstakeRequested', args: { attributor: ATTRIBUTOR, amount: 40n, activeStake: 110n, unlockAt: 5000n } }],
    [
      { family: 'AttributionEngine', event: 'AttributorSlashed', args: { attributor: ATTRIBUTOR, challengeId: 3n, amount: 30n, activeStake: 90n, pendingStake: 30n } },
      { family: 'AttributionEngine', event: 'AttributorUnstaked', args: { attributor: ATTRIBUTOR, amount: 30n } },
    ],
  ]);
  const a = batch.attributors.get(ATTRIBUTOR)!;
  assert.deepEqual([a.activeStake, a.pendingStake, a.unlockAt, a.totalStaked, a.totalUnstaked, a.totalSlashed, a.slashCount],
    [90n, 0n, 0n, 150n, 30n, 30n, 1]);
  assert.deepEqual(batch.staged(M.AttributorBondEvent).map((e) => [e.kind, e.amount, e.activeStakeAfter, e.pendingStakeAfter]), [
    [M.AttributorBondEventKind.STAKED, 100n, 100n, 0n],
    [M.AttributorBondEventKind.STAKED, 50n, 150n, 0n],
    [M.AttributorBondEventKind.UNSTAKE_REQUESTED, 40n, 110n, 40n],
    [M.AttributorBondEventKind.SLASHED, 30n, 90n, 30n],
    [M.AttributorBondEventKind.UNSTAKED, 30n, 90n, 0n],
  ]);
  assert.deepEqual(batch.staged(M.AttributorHistory).map((h) => [h.validFromBlock, h.validToBlock, h.activeStake, h.pendingStake]),
    [[100, 101, 150n, 0n], [101, 102, 110n, 40n], [102, null, 90n, 0n]]);
});

test('an inference record and a claim; records naming an unknown contribution or uneven lists are rejected', async () => {
  const seed = [
    new M.Model({ id: '1', inferenceCount: 4, feesTotal: 400n }),
    new M.ModelVersion({ id: '1-2', version: 2n }),
    new M.Contribution({ id: '1' }), new M.Contribution({ id: '2' }),
  ];
  const record = (inferenceId: bigint, contributionIds: bigint[], shares: number[]) => ({
    family: 'AttributionEngine' as const, event: 'InferenceAttributed', args: {
      inferenceId, modelId: 1n, attributor: ATTRIBUTOR, modelVersion: 2n, user: USER, inputHash: hash32(1), inputURI: 'blob://in',
      outputHash: hash32(2), fee: 70n, contributionIds, shares,
    },
  });
  const { batch, rejected } = await runInMemory([[
    record(10n, [1n, 2n], [400_000_000, 600_000_000]),
    record(11n, [1n, 7n], [500_000_000, 500_000_000]),
    record(12n, [1n], [500_000_000, 500_000_000]),
    { family: 'AttributionEngine', event: 'RewardsClaimed', args: { account: USER, amount: 9n } },
  ]], seed);
  const inf = batch.inferences.get('10')!;
  assert.deepEqual([inf.model.id, inf.modelVersion.id, inf.fee, inf.contributionIds, inf.shares, inf.modelOwner],
    ['1', '1-2', 70n, ['1', '2'], ['400000000', '600000000'], null]);
  const m = batch.models.get('1')!;
  assert.deepEqual([m.inferenceCount, m.feesTotal], [5, 470n]);
  const a = batch.attributors.get(ATTRIBUTOR)!;
  assert.deepEqual([a.recordCount, a.feesAttributed], [1, 70n]);
  assert.deepEqual([...rejected.values()], ['Contribution 7 does not exist', '1 contribution ids but 2 shares']);
  assert.equal(batch.accounts.get(USER)!.rewardsClaimed, 9n);
  assert.deepEqual(batch.staged(M.RewardClaim).map((c) => c.amount), [9n]);
});
