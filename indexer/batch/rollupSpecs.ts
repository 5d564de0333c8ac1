// The four rollup tables: per contribution, contributor, datanet (influence, attributions, rewards)
// and per model (inferences and the fee split). Rows are keyed "<key>-<period>-<bucket seconds>".
import * as M from '../../db/model/index.ts';
import { rollupId, type Bucket, type RollupSpec } from './rollups.ts';

const attributionTotals = { influence: 0n, attributions: 0, rewards: 0n, cumulativeInfluence: 0n, cumulativeRewards: 0n, updatedAtBlock: 0 };
const ATTRIBUTION_ADDITIVE = ['influence', 'attributions', 'rewards'] as const;

export const contributionRollups: RollupSpec<M.ContributionRollup> = {
  cls: M.ContributionRollup,
  additive: ATTRIBUTION_ADDITIVE,
  create: (key: string, b: Bucket) =>
    new M.ContributionRollup({ id: rollupId(key, b), contribution: new M.Contribution({ id: key }), period: b.period, bucketStart: b.start, ...attributionTotals }),
};

export const contributorRollups: RollupSpec<M.ContributorRollup> = {
  cls: M.ContributorRollup,
  additive: ATTRIBUTION_ADDITIVE,
  create: (key: string, b: Bucket) =>
    new M.ContributorRollup({ id: rollupId(key, b), contributor: new M.Contributor({ id: key }), period: b.period, bucketStart: b.start, ...attributionTotals }),
};

export const datanetRollups: RollupSpec<M.DatanetRollup> = {
  cls: M.DatanetRollup,
  additive: ATTRIBUTION_ADDITIVE,
  create: (key: string, b: Bucket) =>
    new M.DatanetRollup({ id: rollupId(key, b), datanet: new M.Datanet({ id: key }), period: b.period, bucketStart: b.start, ...attributionTotals }),
};

export const modelRollups: RollupSpec<M.ModelRollup> = {
  cls: M.ModelRollup,
  additive: ['inferences', 'fees', 'protocolAmount', 'modelOwnerAmount', 'contributorAmount'],
  create: (key: string, b: Bucket) =>
    new M.ModelRollup({
      id: rollupId(key, b), model: new M.Model({ id: key }), period: b.period, bucketStart: b.start,
      inferences: 0, fees: 0n, protocolAmount: 0n, modelOwnerAmount: 0n, contributorAmount: 0n,
      cumulativeInferences: 0, cumulativeFees: 0n, updatedAtBlock: 0,
    }),
};
