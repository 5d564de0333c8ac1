// AttributionEngine and ChallengeManager: attributor bonds (and the last record time that bounds
// unbonding, and the open challenges that block it), inference records (attributor, time, upheld),
// challenges (status, parties, bond, deadline, response), and the counters.
import { against, countOf, unixSeconds, type Check, type Expectation } from '../types.ts';

const CHALLENGE_STATUS = ['NONE', 'OPEN', 'UPHELD', 'REJECTED', 'EXPIRED'];

export const attributionChecks: Check = async (ctx) => {
  const engine = ctx.address('AttributionEngine');
  const challengesAt = ctx.address('ChallengeManager');
  const x: Expectation[] = [];
  let objects = 0;
  if (engine) {
    const attributors = await ctx.rows(`SELECT a.id, a.active_stake, a.pending_stake, a.unlock_at, a.last_record_at,
      (SELECT count(*) FROM challenge c WHERE c.attributor = a.id AND c.status = 'OPEN')::int AS open_challenges
      FROM attributor a ORDER BY a.id`);
    for (const a of attributors) {
      const e = against('Attributor', a.id, { contract: 'AttributionEngine', address: engine, fn: 'bonds', args: [a.id] });
      // unlockAt means something only while stake is pending: the engine keeps a stale one after
      // unstake(), the indexer shows 0 (schema: "0 when none"); compare both as 0 then
      const unlockAt = BigInt(a.pending_stake) === 0n ? 0n : a.unlock_at;
      x.push(e('activeStake', a.active_stake, (r) => r[0]), e('pendingStake', a.pending_stake, (r) => r[1]),
        e('unlockAt', unlockAt, (r) => (r[1] === 0n ? 0n : r[2])), e('lastRecordAt', a.last_record_at, (r) => r[3]));
      if (challengesAt) {
        x.push(against('Attributor', a.id, { contract: 'ChallengeManager', address: challengesAt, fn: 'openChallengeCount', args: [a.id] })('open challenges', a.open_challenges));
      }
    }
    const inferences = await ctx.rows('SELECT id, attributor_id, timestamp, upheld FROM inference ORDER BY id::numeric');
    for (const i of inferences) {
      const e = against('Inference', i.id, { contract: 'AttributionEngine', address: engine, fn: 'inferenceInfo', args: [BigInt(i.id)] });
      x.push(e('attributor', i.attributor_id, (r) => r[0]), e('timestamp', unixSeconds(i.timestamp), (r) => r[1]));
      if (challengesAt) {
        x.push(against('Inference', i.id, { contract: 'ChallengeManager', address: challengesAt, fn: 'inferenceUpheld', args: [BigInt(i.id)] })('upheld', i.upheld));
      }
    }
    x.push(countOf('AttributionEngine', engine, 'inferenceCount', 'Inference', inferences.length));
    objects += attributors.length + inferences.length;
  }
  if (challengesAt) {
    const challenges = await ctx.rows(`SELECT id, inference_id, challenger, attributor, bond, deadline, status, responded_at_block
      FROM challenge ORDER BY id::numeric`);
    for (const c of challenges) {
      const e = against('Challenge', c.id, { contract: 'ChallengeManager', address: challengesAt, fn: 'challenges', args: [BigInt(c.id)] });
      x.push(e('inference', c.inference_id, (r) => r[0]), e('challenger', c.challenger, (r) => r[1]), e('deadline', c.deadline, (r) => r[2]),
        e('attributor', c.attributor, (r) => r[3]), e('status', c.status, (r) => CHALLENGE_STATUS[r[4]]),
        e('responded', c.responded_at_block !== null, (r) => r[5]), e('bond', c.bond, (r) => r[6]));
    }
    x.push(countOf('ChallengeManager', challengesAt, 'challengeCount', 'Challenge', challenges.length));
    objects += challenges.length;
  }
  return { objects, expectations: x };
};
