// FeeSplit: completes the inference with its split and distributes the contributor pool exactly as
// the AttributionEngine does (contracts/README.md): pool = fee - protocol - owner (= contributorAmount
// + dust), reward_i = floor(pool * share_i / 1e9), dust to the treasury. Each attributed contribution
// gets one InferenceAttribution row, and the running totals, histories and rollups of the
// contribution, its contributor, its datanet and the model move with it.
import * as M from '../../db/model/index.ts';
import type { Batch } from '../batch/context.ts';
import type { LogMeta } from '../decode.ts';
import { account, blockDate, existing, handlerLog, missing, needs } from './common.ts';
import { contributor } from './datanets.ts';
import { on, type Handler } from './types.ts';

export const SHARE_DENOMINATOR = 1_000_000_000n;

/** floor(pool * share / 1e9) per share (parts per billion, as numbers or decimal strings), in order. */
function contributionRewards(pool: bigint, shares: readonly (number | string | bigint)[]): bigint[] {
  return shares.map((s) => (pool * BigInt(s)) / SHARE_DENOMINATOR);
}

type AttributionRollup = M.ContributionRollup | M.ContributorRollup | M.DatanetRollup;

/** Adds one attribution to the hour and day rows of a rollup; `totals` are the running totals after it. */
function bump(rows: AttributionRollup[], influence: bigint, reward: bigint, totals: { influence: bigint; rewardsEarned: bigint }, height: number) {
  for (const r of rows) {
    r.influence += influence;
    r.attributions += 1;
    r.rewards += reward;
    r.cumulativeInfluence = totals.influence;
    r.cumulativeRewards = totals.rewardsEarned;
    r.updatedAtBlock = height;
  }
}

function attribute(b: Batch, inf: M.Inference, m: M.Model, contributionId: string, share: bigint, reward: bigint, log: LogMeta) {
  const c = existing(b.contributions, contributionId, log);
  const d = c && existing(b.datanets, c.datanet.id, log);
  if (!c || !d) return;
  const influence = share;
  c.influence += influence;
  c.attributionCount += 1;
  c.rewardsEarned += reward;
  b.contributionHistory.mark(c);
  const who = contributor(b, c.contributor, log);
  who.influence += influence;
  who.attributionCount += 1;
  who.rewardsEarned += reward;
  d.influence += influence;
  d.attributionCount += 1;
  d.rewardsEarned += reward;
  if (reward > 0n) account(b, c.contributor, log).rewardsEarned += reward;
  b.insert(new M.InferenceAttribution({
    id: `${inf.id}-${c.id}`, inference: inf, contribution: c, datanet: d, model: m, contributor: c.contributor,
    share, reward, blockNumber: log.block.height, timestamp: blockDate(log),
  }));
  const ts = log.block.timestamp;
  const height = log.block.height;
  bump(b.contributionRollups.rows(c.id, ts), influence, reward, c, height);
  bump(b.contributorRollups.rows(who.id, ts), influence, reward, who, height);
  bump(b.datanetRollups.rows(d.id, ts), influence, reward, d, height);
}

export const rewardHandlers: Handler[] = [
  on('AttributionEngine', 'FeeSplit', {
    load: ({ args }, b) => {
      b.inferences.want(args.inferenceId.toString());
      b.models.want(args.modelId.toString());
      b.accounts.want(args.modelOwner);
    },
    check: ({ args }, b) => {
      const inf = b.inferences.get(args.inferenceId.toString());
      if (!inf) return needs(b.inferences, args.inferenceId);
      if (inf.modelOwner !== null && inf.modelOwner !== undefined) return `Inference ${inf.id} was split already`;
      const model = needs(b.models, args.modelId);
      if (model) return model;
      for (const id of inf.contributionIds) {
        const c = b.contributions.get(id);
        if (!c) return needs(b.contributions, id);
        if (!b.datanets.get(c.datanet.id)) return needs(b.datanets, c.datanet.id);
      }
      return undefined;
    },
    handle: ({ args, log }, b) => {
      const inf = existing(b.inferences, args.inferenceId, log);
      const m = existing(b.models, args.modelId, log);
      if (!inf || !m) return;
      inf.modelOwner = args.modelOwner;
      inf.protocolAmount = args.protocolAmount;
      inf.modelOwnerAmount = args.modelOwnerAmount;
      inf.contributorAmount = args.contributorAmount;
      inf.dust = args.dust;
      const rewards = contributionRewards(args.contributorAmount + args.dust, inf.shares);
      const total = rewards.reduce((x, y) => x + y, 0n);
      if (total !== args.contributorAmount) {
        handlerLog.error({ inference: inf.id, computed: String(total), emitted: String(args.contributorAmount) }, 'reward arithmetic mismatch');
      }
      for (let i = 0; i < inf.contributionIds.length; i++) {
        attribute(b, inf, m, inf.contributionIds[i]!, BigInt(inf.shares[i]!), rewards[i]!, log);
      }
      m.contributorRewardsTotal += args.contributorAmount;
      for (const r of b.modelRollups.rows(m.id, log.block.timestamp)) {
        r.inferences += 1;
        r.fees += args.fee;
        r.protocolAmount += args.protocolAmount;
        r.modelOwnerAmount += args.modelOwnerAmount;
        r.contributorAmount += args.contributorAmount;
        r.cumulativeInferences = m.inferenceCount;
        r.cumulativeFees = m.feesTotal;
        r.updatedAtBlock = log.block.height;
      }
      account(b, args.modelOwner, log).rewardsEarned += args.modelOwnerAmount;
      const treasury = b.contracts.get(log.address)?.treasury;
      if (treasury) account(b, treasury, log).rewardsEarned += args.protocolAmount;
      else missing('AttributionEngine treasury', log.address, log);
    },
  }),
];
