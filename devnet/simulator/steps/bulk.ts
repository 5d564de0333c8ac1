import { OPEN, type PreparedInference, type World } from '../world.ts';
import { authoriseAttributors, toRecord } from './inferences.ts';

/** Records per `recordInferences` call in bulk mode: ~90k gas each, under the 100M block gas limit. */
export const BULK_BATCH = 660;
/** Gas given to a bulk batch without estimating it (estimation re-executes the batch many times). */
const BULK_GAS = 95_000_000n;
/** Distinct inferences per model that bulk records reuse: many users asking the same question. */
const POOL = 16;
/** OPEN transfers added to each round's block. */
const TRANSFERS = 10;

/**
 * The scale option: `rounds` rounds of about 2,000 events, each one batch of
 * honest records (CreditsSpent, InferenceAttributed, FeeSplit per record)
 * plus a few token transfers. Records reuse a pool of attributed inferences,
 * so no recomputation is needed and every record stays honest and checkable.
 */
export async function bulkActivity(w: World, rounds: number): Promise<void> {
  if (rounds === 0) return;
  const pools = new Map<bigint, PreparedInference[]>();
  for (const m of w.models) pools.set(m.id, await m.attributor.infer(POOL, w.rng));
  const maxFee = w.models.reduce((a, m) => (m.fee > a ? m.fee : a), 0n);
  // Credits for every bulk record, bought up front per user.
  const perUser = (maxFee * BigInt(BULK_BATCH * rounds)) / BigInt(w.actors.users.length) + OPEN;
  for (const u of w.actors.users) await w.client.send(u, 'CreditManager', 'buyCredits', [], { value: perUser });
  await authoriseAttributors(w, w.actors.users, [w.actors.honestAttributor]);

  // One block per round: anvil's cost per block grows with its state, so blocks are filled rather than multiplied
  // (and the devnet keeps only recent states in memory when --scale is set).
  await w.client.testClient.setAutomine(false);
  const started = Date.now();
  let records = 0;
  for (let r = 0; r < rounds; r++) {
    const batch = Array.from({ length: BULK_BATCH }, () => {
      const model = w.rng.pick(w.models);
      const p = w.rng.pick(pools.get(model.id)!);
      return toRecord(model, w.rng.pick(w.actors.users), p, p.shares);
    });
    const hashes = [await w.client.submit(w.actors.honestAttributor, 'AttributionEngine', 'recordInferences', [batch], { gas: BULK_GAS })];
    for (let t = 0; t < TRANSFERS; t++) {
      hashes.push(await w.client.submit(w.actors.deployer, 'OPEN', 'transfer', [w.rng.pick(w.actors.users), OPEN], { gas: 100_000n }));
    }
    await w.client.mine();
    for (const h of hashes) await w.client.confirm(h, `bulk round ${r + 1}`);
    records += batch.length;
    if ((r + 1) % 25 === 0 || r + 1 === rounds) {
      const seconds = (Date.now() - started) / 1000;
      w.log('bulk progress', { round: r + 1, rounds, records, seconds: Math.round(seconds), recordsPerSecond: Math.round(records / seconds) });
    }
  }
  await w.client.testClient.setAutomine(true);
}
