// Challenge handlers on an in-memory batch: a challenge opened, answered and upheld, with the pull
// payments its resolution credits (linked to it: same transaction) and a later withdrawal; another
// expires; a challenge of an unknown inference is quarantined.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as M from '../../db/model/index.ts';
import { hash32 } from '../../test/support/hash32.ts';
import { addressOf, runInMemory } from '../../test/support/inMemoryBatch.ts';

const CHALLENGER = '0x00000000000000000000000000000000000a11ce';
const ATTRIBUTOR = '0x0000000000000000000000000000000000000a77';
const ARBITER = '0x000000000000000000000000000000000000a4b1';

const open = (challengeId: bigint, inferenceId: bigint) => ({
  family: 'ChallengeManager' as const, event: 'ChallengeOpened', args: {
    challengeId, inferenceId, challenger: CHALLENGER, attributor: ATTRIBUTOR, bond: 100n, evidenceHash: hash32(1), evidenceURI: 'blob://e', deadline: 9999n,
  },
});

test('opened, responded, upheld with its payouts, expired, withdrawn', async () => {
  const seed = [new M.Inference({ id: '5', challengeCount: 0, upheld: false }), new M.Inference({ id: '6', challengeCount: 0, upheld: false })];
  const { batch, rejected } = await runInMemory([
    [open(1n, 5n), open(2n, 6n), open(3n, 404n)],
    [
      { family: 'ChallengeManager', event: 'ChallengeResponded', args: { challengeId: 1n, inferenceId: 5n, attributor: ATTRIBUTOR, responseHash: hash32(2), responseURI: 'blob://r' } },
      { family: 'ChallengeManager', event: 'ChallengeExpired', args: { challengeId: 2n, inferenceId: 6n, bondReturned: 100n } },
    ],
    [
      // one transaction: the resolution and the payment it credits
      { family: 'ChallengeManager', event: 'ChallengeResolved', args: { challengeId: 1n, inferenceId: 5n, arbiter: ARBITER, upheld: true, slashedAmount: 50n, challengerReward: 25n, treasuryAmount: 25n } },
      { family: 'ChallengeManager', event: 'PaymentCredited', args: { account: CHALLENGER, amount: 125n, owed: 125n } },
    ],
    [
      { family: 'ChallengeManager', event: 'PaymentWithdrawn', args: { account: CHALLENGER, amount: 125n } },
    ],
  ], seed);
  assert.deepEqual([...rejected.values()], ['Inference 404 does not exist']);
  const c1 = batch.challenges.get('1')!;
  assert.deepEqual([c1.status, c1.responseURI, c1.arbiter, c1.slashedAmount, c1.bondReturned, c1.resolvedAtBlock],
    [M.ChallengeStatus.UPHELD, 'blob://r', ARBITER, 50n, 100n, 102]);
  const c2 = batch.challenges.get('2')!;
  assert.deepEqual([c2.status, c2.bondReturned, c2.expiredAtBlock], [M.ChallengeStatus.EXPIRED, 100n, 101]);
  assert.equal(batch.inferences.get('5')!.upheld, true);
  assert.equal(batch.inferences.get('6')!.upheld, false);
  assert.equal(batch.inferences.get('5')!.challengeCount, 1);
  const a = batch.attributors.get(ATTRIBUTOR)!;
  assert.deepEqual([a.challengesReceived, a.challengesLost, a.challengesWon, a.challengesExpired], [2, 1, 0, 1]);
  const payments = batch.staged(M.PaymentEvent).map((p) => [p.kind, p.amount, p.owedAfter, p.challenge?.id ?? null]);
  assert.deepEqual(payments, [[M.PaymentEventKind.CREDITED, 125n, 125n, '1'], [M.PaymentEventKind.WITHDRAWN, 125n, 0n, null]]);
  const owed = batch.staged(M.OwedPayment);
  assert.deepEqual(owed.map((o) => [o.id, o.owed]), [[`${addressOf('ChallengeManager')}-${CHALLENGER}`, 0n]]);
});
