// The fee split on an in-memory batch: an inference attributed to three contributions, then its
// FeeSplit. The split is computed here from the contract's rule (contracts/README.md, "fee split"),
// not with the indexer's helpers, and the rewards each contribution, contributor, datanet, model
// owner and the treasury end up with are checked against it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as M from '../../db/model/index.ts';
import { hash32 } from '../../test/support/hash32.ts';
import { addressOf, runInMemory } from '../../test/support/inMemoryBatch.ts';
import type { WithId } from '../batch/withId.ts';

const OWNER = '0x00000000000000000000000000000000000a11ce';
const TREASURY = '0x0000000000000000000000000000000000007ea5';
const ATTRIBUTOR = '0x0000000000000000000000000000000000000a77';
const USER = '0x0000000000000000000000000000000000005e12';
const CONTRIBUTORS = ['0x00000000000000000000000000000000000000c1', '0x00000000000000000000000000000000000000c2', '0x00000000000000000000000000000000000000c1'];

function seed(): WithId[] {
  const datanet = new M.Datanet({ id: '1', owner: OWNER, influence: 0n, attributionCount: 0, rewardsEarned: 0n });
  const model = new M.Model({ id: '1', owner: OWNER, inferenceCount: 0, feesTotal: 0n, contributorRewardsTotal: 0n, versionCount: 1n });
  const contributions = CONTRIBUTORS.map((who, i) => new M.Contribution({
    id: String(i + 1), datanet: new M.Datanet({ id: '1' }), contributor: who, status: M.ContributionStatus.APPROVED,
    influence: 0n, attributionCount: 0, rewardsEarned: 0n,
  }));
  return [
    new M.Contract({ id: addressOf('AttributionEngine'), name: 'AttributionEngine', treasury: TREASURY, eventCount: 1 }),
    datanet, model, new M.ModelVersion({ id: '1-1', model: new M.Model({ id: '1' }), version: 1n }), ...contributions,
  ];
}

test('FeeSplit: protocol, owner and contributor parts, floor per share, dust to the treasury', async () => {
  const fee = 1_000_003n;
  const shares = [333_333_333, 333_333_333, 333_333_334];
  // the contract's rule, written out
  const protocol = (fee * 1000n) / 10000n;
  const owner = (fee * 2000n) / 10000n;
  const pool = fee - protocol - owner;
  const rewards = shares.map((s) => (pool * BigInt(s)) / 1_000_000_000n);
  const paid = rewards[0]! + rewards[1]! + rewards[2]!;
  const dust = pool - paid;
  assert.ok(dust > 0n, 'the example leaves dust');

  const { batch, rejected } = await runInMemory([[
    { family: 'AttributionEngine', event: 'InferenceAttributed', args: {
      inferenceId: 5n, modelId: 1n, attributor: ATTRIBUTOR, modelVersion: 1n, user: USER, inputHash: hash32(1), inputURI: 'blob://in',
      outputHash: hash32(2), fee, contributionIds: [1n, 2n, 3n], shares,
    } },
    { family: 'AttributionEngine', event: 'FeeSplit', args: {
      inferenceId: 5n, modelId: 1n, modelOwner: OWNER, fee, protocolAmount: protocol + dust, modelOwnerAmount: owner, contributorAmount: paid, dust,
    } },
  ]], seed());
  assert.equal(rejected.size, 0);
  const inf = batch.inferences.get('5')!;
  assert.deepEqual([inf.protocolAmount, inf.modelOwnerAmount, inf.contributorAmount, inf.dust, inf.modelOwner], [protocol + dust, owner, paid, dust, OWNER]);
  assert.deepEqual(batch.staged(M.InferenceAttribution).map((a) => [a.contribution.id, a.share, a.reward]),
    [['1', 333_333_333n, rewards[0]], ['2', 333_333_333n, rewards[1]], ['3', 333_333_334n, rewards[2]]]);
  for (let i = 0; i < 3; i++) assert.equal(batch.contributions.get(String(i + 1))!.rewardsEarned, rewards[i]);
  const [c1, c2] = [CONTRIBUTORS[0]!, CONTRIBUTORS[1]!];
  assert.equal(batch.contributors.get(c1)!.rewardsEarned, rewards[0]! + rewards[2]!, 'contributor 1 holds contributions 1 and 3');
  assert.equal(batch.accounts.get(c1)!.rewardsEarned, rewards[0]! + rewards[2]!);
  assert.equal(batch.accounts.get(c2)!.rewardsEarned, rewards[1]);
  assert.equal(batch.accounts.get(OWNER)!.rewardsEarned, owner);
  assert.equal(batch.accounts.get(TREASURY)!.rewardsEarned, protocol + dust);
  const d = batch.datanets.get('1')!;
  assert.deepEqual([d.rewardsEarned, d.influence, d.attributionCount], [paid, 1_000_000_000n, 3]);
  const m = batch.models.get('1')!;
  assert.deepEqual([m.contributorRewardsTotal, m.feesTotal, m.inferenceCount], [paid, fee, 1]);
});

test('FeeSplit of an unknown inference, or one split already, is rejected', async () => {
  const split = (inferenceId: bigint) => ({ family: 'AttributionEngine' as const, event: 'FeeSplit', args: {
    inferenceId, modelId: 1n, modelOwner: OWNER, fee: 10n, protocolAmount: 1n, modelOwnerAmount: 2n, contributorAmount: 7n, dust: 0n,
  } });
  const splitAlready = new M.Inference({ id: '6', model: new M.Model({ id: '1' }), modelOwner: OWNER, contributionIds: [], shares: [] });
  const { rejected } = await runInMemory([[split(9n), split(6n)]], [...seed(), splitAlready]);
  assert.deepEqual([...rejected.values()], ['Inference 9 does not exist', 'Inference 6 was split already']);
});
