import { compareShares } from '../../../verifier/attribution/index.ts';
import { eventsOf } from '../../client.ts';
import type { PostedInference, World } from '../world.ts';

export interface OpenedChallenges {
  /** On a falsified record: governance upholds it. */
  upheld?: bigint;
  /** On an honest record: governance rejects it. */
  rejected?: bigint;
  /** Left open until its deadline passes. */
  expiring?: bigint;
}

async function open(w: World, inf: PostedInference): Promise<bigint> {
  const evidence = await w.store.putJson({
    kind: 'openledger-squid/challenge-evidence',
    inferenceId: inf.id,
    posted: inf.posted,
    recomputed: inf.honest,
    comparison: compareShares(inf.posted, inf.honest),
  });
  const res = await w.client.send(w.actors.challenger, 'ChallengeManager', 'openChallenge', [inf.id, evidence.hash, evidence.uri], {
    value: w.client.deployment.params.challengeBond,
  });
  const id = eventsOf(res, 'ChallengeManager', 'ChallengeOpened')[0]!.challengeId as bigint;
  w.challenges.push({ id, inferenceId: inf.id });
  return id;
}

async function respond(w: World, challengeId: bigint, inf: PostedInference): Promise<void> {
  const response = await w.store.putJson({ kind: 'openledger-squid/challenge-response', inferenceId: inf.id, claim: 'shares were computed per the manifest' });
  await w.client.send(inf.attributor, 'ChallengeManager', 'respond', [challengeId, response.hash, response.uri]);
}

/**
 * The watchdog challenges a falsified record (the attributor responds), an
 * honest one (a mistaken challenge), and a second falsified one that nobody
 * resolves in time.
 */
export async function openChallenges(w: World): Promise<OpenedChallenges> {
  const falsified = w.inferences.filter((i) => i.falsification);
  const honest = w.inferences.filter((i) => !i.falsification);
  const out: OpenedChallenges = {};
  if (falsified[0]) {
    out.upheld = await open(w, falsified[0]);
    await respond(w, out.upheld, falsified[0]);
  }
  if (honest[0]) {
    out.rejected = await open(w, honest[0]);
    await respond(w, out.rejected, honest[0]);
  }
  const third = falsified[1] ?? honest[1];
  if (third) out.expiring = await open(w, third);
  w.log('challenges opened', { count: w.challenges.length });
  return out;
}

/** After the deadline: anyone expires the challenge nobody resolved. */
export async function expireChallenge(w: World, challengeId: bigint | undefined): Promise<void> {
  if (challengeId === undefined) return;
  await w.client.send(w.actors.deployer, 'ChallengeManager', 'expire', [challengeId]);
  w.challenges.find((c) => c.id === challengeId)!.outcome = 'expired';
}

/**
 * Challenge payouts are pull payments (contracts/README.md, Challenges): the challenger withdraws
 * what resolutions and expiries credited it, and the deployer triggers the treasury's withdrawal.
 */
export async function withdrawPayouts(w: World): Promise<number> {
  const owed = (account: string) => w.client.read<bigint>('ChallengeManager', 'owed', [account]);
  let withdrawals = 0;
  if ((await owed(w.actors.challenger)) > 0n) {
    await w.client.send(w.actors.challenger, 'ChallengeManager', 'withdraw');
    withdrawals++;
  }
  const { treasury } = w.client.deployment;
  if ((await owed(treasury)) > 0n) {
    await w.client.send(w.actors.deployer, 'ChallengeManager', 'withdrawFor', [treasury]);
    withdrawals++;
  }
  return withdrawals;
}
