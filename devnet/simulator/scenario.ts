import { OPEN, type World } from './world.ts';
import { bulkActivity } from './steps/bulk.ts';
import { expireChallenge, openChallenges, withdrawPayouts } from './steps/challenges.ts';
import { buildDatanets, contributeMore } from './steps/datanets.ts';
import { governChallenges } from './steps/governance.ts';
import { bondAttributors, buyCredits, runInferences } from './steps/inferences.ts';
import { publishModels } from './steps/models.ts';
import { claimRewards, finishUnbonding, startUnbonding } from './steps/rewards.ts';
import { airdrops, closeCooledStakes, openStakes } from './steps/staking.ts';
import { distributeTokens, tokenTraffic } from './steps/tokens.ts';
import { fundWatchdog, resolveOpenChallenges } from './steps/watchdog.ts';

const DAY = 86_400;

/** Runs `step`, logging its name and duration. */
async function phase(w: World, name: string, step: () => Promise<unknown>): Promise<void> {
  const t = Date.now();
  await step();
  w.log('phase done', { phase: name, ms: Date.now() - t });
}

/**
 * The protocol's story once through: tokens and stakes, datanets and models,
 * paid inferences attributed honestly and not, challenges settled by
 * governance or left to expire, claims, and then the bulk rounds of `--scale`.
 */
export async function runScenario(w: World): Promise<void> {
  const p = w.client.deployment.params;
  await phase(w, 'tokens', () => distributeTokens(w));
  await phase(w, 'staking', () => openStakes(w));
  await phase(w, 'airdrops', () => airdrops(w));
  await phase(w, 'datanets', () => buildDatanets(w));
  await phase(w, 'models', () => publishModels(w));
  await phase(w, 'credits', async () => {
    await buyCredits(w, 100n * OPEN);
    await bondAttributors(w);
  });
  await phase(w, 'inferences', async () => {
    await runInferences(w, 12);
    await runInferences(w, 1);
  });
  let challenges: Awaited<ReturnType<typeof openChallenges>> = {};
  await phase(w, 'challenges', async () => {
    // With an external watchdog (--watchdog), challenges are its job: its key is funded instead.
    if (w.options.watchdog) await fundWatchdog(w);
    else challenges = await openChallenges(w);
  });
  await phase(w, 'governance', () => governChallenges(w, challenges));
  await phase(w, 'claims', async () => {
    await claimRewards(w);
    await withdrawPayouts(w);
    await startUnbonding(w);
  });
  await phase(w, 'time passes', async () => {
    await w.client.advance(Number(p.challengeResolutionPeriod) + DAY);
    await w.client.mine();
    await expireChallenge(w, challenges.expiring);
    await withdrawPayouts(w);
    await closeCooledStakes(w);
    await w.client.advance(p.attributorUnbondingPeriod + 1);
    await w.client.mine();
    await finishUnbonding(w);
  });
  await phase(w, 'bulk', () => bulkActivity(w, w.options.scale));
}

/** One round of ongoing activity when the devnet keeps producing. */
export async function continuousRound(w: World, round: number): Promise<void> {
  await runInferences(w, 2);
  await tokenTraffic(w, 3);
  if (round % 5 === 0) await contributeMore(w, w.rng.chance(0.5) ? 'tabular' : 'text');
  if (round % 10 === 0) await claimRewards(w);
  if (round % 20 === 0) await buyCredits(w, 10n * OPEN);
  if (w.options.watchdog && round % 10 === 0) await resolveOpenChallenges(w);
}
