import type { Address } from 'viem';
import { eventsOf } from '../../client.ts';
import { falsifyShares } from '../falsify.ts';
import { OPEN, type Falsification, type Model, type PostedInference, type PreparedInference, type World } from '../world.ts';
import type { ShareVector } from '../../../verifier/attribution/index.ts';

/** The struct `recordInference(s)` takes. */
export interface InferenceRecord {
  modelId: bigint;
  modelVersion: bigint;
  user: Address;
  inputHash: `0x${string}`;
  inputURI: string;
  outputHash: `0x${string}`;
  contributionIds: bigint[];
  shares: number[];
}

export function toRecord(model: Model, user: Address, p: PreparedInference, shares: ShareVector): InferenceRecord {
  return {
    modelId: model.id,
    modelVersion: BigInt(model.version),
    user,
    inputHash: p.inputHash,
    inputURI: p.inputURI,
    outputHash: p.outputHash,
    contributionIds: shares.contributionIds,
    shares: shares.ppb,
  };
}

/** Both attributors bond more than the minimum stake. */
export async function bondAttributors(w: World): Promise<void> {
  for (const a of [w.actors.honestAttributor, w.actors.dishonestAttributor]) {
    await w.client.send(a, 'AttributionEngine', 'stake', [], { value: 200n * OPEN });
  }
}

/** Users buy inference credits (one purchase is made on another's behalf) and authorise the attributors to spend them. */
export async function buyCredits(w: World, openPerUser: bigint): Promise<void> {
  const [first, ...rest] = w.actors.users;
  await w.client.send(first, 'CreditManager', 'buyCredits', [], { value: openPerUser });
  for (const u of rest) await w.client.send(w.actors.deployer, 'CreditManager', 'buyCreditsFor', [u], { value: openPerUser });
  await authoriseAttributors(w, w.actors.users, [w.actors.honestAttributor, w.actors.dishonestAttributor]);
}

/**
 * Each user lets each attributor charge up to its whole credit balance (`approveAttributor`): no
 * record may charge a user's credits without that user's allowance (contracts/README.md, Credits).
 */
export async function authoriseAttributors(w: World, users: readonly Address[], attributors: readonly Address[]): Promise<void> {
  for (const u of users) {
    const credits = await w.client.read<bigint>('CreditManager', 'credits', [u]);
    for (const a of attributors) await w.client.send(u, 'CreditManager', 'approveAttributor', [a, credits]);
  }
}

/** The sybil's approved contribution in the model's datanet: where falsified mass goes. */
function sybilContribution(w: World, model: Model): bigint {
  const c = model.datanet.contributions.find((x) => x.contributor === w.actors.sybil && x.status === 'approved');
  if (!c) throw new Error(`simulator: datanet ${model.datanet.id} has no approved sybil contribution`);
  return c.id;
}

interface Pending {
  record: InferenceRecord;
  model: Model;
  honest: ShareVector;
  falsification?: Falsification;
}

/** Sends one attributor's records: a lone record by `recordInference`, more by `recordInferences`. */
async function post(w: World, attributor: Address, items: Pending[]): Promise<void> {
  if (items.length === 0) return;
  const res =
    items.length === 1
      ? await w.client.send(attributor, 'AttributionEngine', 'recordInference', [items[0]!.record])
      : await w.client.send(attributor, 'AttributionEngine', 'recordInferences', [items.map((i) => i.record)]);
  const ids = eventsOf(res, 'AttributionEngine', 'InferenceAttributed').map((e) => e.inferenceId as bigint);
  if (ids.length !== items.length) throw new Error(`simulator: expected ${items.length} InferenceAttributed events, got ${ids.length}`);
  items.forEach((it, i) => {
    w.inferences.push({ id: ids[i]!, modelId: it.model.id, attributor, posted: { contributionIds: it.record.contributionIds, ppb: it.record.shares }, honest: it.honest, falsification: it.falsification });
  });
}

/**
 * Runs `perModel` fresh inferences on every model; each is posted by the
 * honest or the dishonest attributor (even odds), and the dishonest one
 * falsifies `options.falsify` of its records.
 */
export async function runInferences(w: World, perModel: number): Promise<void> {
  const byAttributor = new Map<Address, Pending[]>([
    [w.actors.honestAttributor, []],
    [w.actors.dishonestAttributor, []],
  ]);
  for (const model of w.models) {
    const prepared = await model.attributor.infer(perModel, w.rng);
    for (const p of prepared) {
      const dishonest = w.rng.chance(0.5);
      const attributor = dishonest ? w.actors.dishonestAttributor : w.actors.honestAttributor;
      let shares = p.shares;
      let falsification: Falsification | undefined;
      if (dishonest && w.rng.chance(w.options.falsify)) {
        ({ shares, kind: falsification } = falsifyShares(p.shares, w.rng, sybilContribution(w, model)));
      }
      byAttributor.get(attributor)!.push({ record: toRecord(model, w.rng.pick(w.actors.users), p, shares), model, honest: p.shares, falsification });
    }
  }
  for (const [attributor, items] of byAttributor) await post(w, attributor, items);
  w.log('inferences posted', { total: w.inferences.length, falsified: w.inferences.filter((i) => i.falsification).length });
}
