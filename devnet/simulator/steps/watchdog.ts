import { WATCHDOG } from '../../signers.ts';
import { OPEN, type World } from '../world.ts';
import { passProposal, type Call } from './governance.ts';

/** Funds the external watchdog's devnet key (bonds of 10 OPEN each, and gas). */
export async function fundWatchdog(w: World): Promise<void> {
  const { walletClient, publicClient, chain } = w.client;
  const hash = await walletClient.sendTransaction({ account: w.actors.deployer, to: WATCHDOG, value: 1000n * OPEN, chain });
  await publicClient.waitForTransactionReceipt({ hash });
  w.log('watchdog funded', { address: WATCHDOG });
}

/** Challenge ids up to which open challenges were already put to a vote. */
let settledUpTo = 0n;

/**
 * Governance resolves the open challenges (the external watchdog's): upheld when the simulator
 * falsified the record, rejected otherwise. One proposal for all of them.
 */
export async function resolveOpenChallenges(w: World): Promise<number> {
  const count = await w.client.read<bigint>('ChallengeManager', 'challengeCount');
  const calls: Call[] = [];
  for (let id = settledUpTo + 1n; id <= count; id++) {
    const [inferenceId, , , , status] = await w.client.read<readonly [bigint, string, bigint, string, number]>('ChallengeManager', 'challenges', [id]);
    if (status !== 1) continue;
    const falsified = w.inferences.some((i) => i.id === inferenceId && i.falsification);
    calls.push({ contract: 'ChallengeManager', functionName: 'resolve', args: [id, falsified] });
  }
  settledUpTo = count;
  if (calls.length === 0) return 0;
  await passProposal(w, calls, `Resolve ${calls.length} watchdog challenge(s) up to #${count}`);
  w.log('watchdog challenges resolved', { count: calls.length });
  await rebond(w);
  return calls.length;
}

/** A slashed attributor bonds again up to twice the minimum, so that the activity goes on. */
async function rebond(w: World): Promise<void> {
  const min = await w.client.read<bigint>('AttributionEngine', 'minAttributorStake');
  for (const a of [w.actors.honestAttributor, w.actors.dishonestAttributor]) {
    const [active] = await w.client.read<readonly [bigint, ...unknown[]]>('AttributionEngine', 'bonds', [a]);
    if (active < 2n * min) await w.client.send(a, 'AttributionEngine', 'stake', [], { value: 2n * min - active });
  }
}
