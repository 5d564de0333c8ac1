// The protocol at a glance: totals (from the running totals the indexer keeps on the small tables:
// models, datanets, attributors; counts of the others) and the 24 hours before a time.
import type { Queryable } from '../sql/page.ts';

export interface ProtocolTotals {
  inferences: string;
  fees: string;
  contributorRewards: string;
  attributions: string;
  influence: string;
  rewardsClaimed: string;
  contributions: string;
  contributors: string;
  datanets: string;
  models: string;
  challenges: string;
  challengesOpen: string;
  staked: string;
  attributorBonds: string;
  slashed: string;
}

export interface ProtocolWindow {
  from: Date;
  to: Date;
  inferences: string;
  fees: string;
  protocolAmount: string;
  modelOwnerAmount: string;
  contributorAmount: string;
  attributions: string;
  influence: string;
  rewardsClaimed: string;
  contributions: string;
  datanets: string;
  models: string;
  challenges: string;
  staked: string;
}

const DAY_MS = 86_400_000;

/** Totals now. Each is one statement; the sums of models, datanets and attributors read small tables. */
export async function protocolTotals(db: Queryable): Promise<ProtocolTotals> {
  const { rows } = await db.query(
    `SELECT
       (SELECT coalesce(sum(inference_count), 0) FROM model) AS inferences,
       (SELECT coalesce(sum(fees_total), 0) FROM model) AS fees,
       (SELECT coalesce(sum(contributor_rewards_total), 0) FROM model) AS "contributorRewards",
       (SELECT coalesce(sum(attribution_count), 0) FROM datanet) AS attributions,
       (SELECT coalesce(sum(influence), 0) FROM datanet) AS influence,
       (SELECT coalesce(sum(contribution_count), 0) FROM datanet) AS contributions,
       (SELECT count(*) FROM datanet) AS datanets,
       (SELECT count(*) FROM model) AS models,
       (SELECT count(*) FROM contributor) AS contributors,
       (SELECT coalesce(sum(amount), 0) FROM reward_claim) AS "rewardsClaimed",
       (SELECT count(*) FROM challenge) AS challenges,
       (SELECT count(*) FROM challenge WHERE status = 'OPEN') AS "challengesOpen",
       (SELECT coalesce(sum(value), 0) FROM stake WHERE status IN ('ACTIVE', 'COOLING_DOWN')) AS staked,
       (SELECT coalesce(sum(active_stake + pending_stake), 0) FROM attributor) AS "attributorBonds",
       (SELECT coalesce(sum(total_slashed), 0) FROM attributor) AS slashed`,
    [],
  );
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, String(v)])) as unknown as ProtocolTotals;
}

/**
 * The statement of `protocolWindow` ($1 = at - 24 h, $2 = at): each part is one bounded range scan of
 * an index on the table's time (inference.timestamp, then the attribution rows by inference id;
 * reward_claim.timestamp, contribution.submitted_at, datanet.created_at, model.created_at,
 * challenge.opened_at, stake_action.timestamp). api/analytics.test.ts checks the plan uses them.
 */
export const PROTOCOL_WINDOW_SQL = `WITH i AS (SELECT id, fee, protocol_amount, model_owner_amount, contributor_amount FROM inference WHERE "timestamp" >= $1 AND "timestamp" < $2)
     SELECT
       (SELECT count(*) FROM i) AS inferences,
       (SELECT coalesce(sum(fee), 0) FROM i) AS fees,
       (SELECT coalesce(sum(protocol_amount), 0) FROM i) AS "protocolAmount",
       (SELECT coalesce(sum(model_owner_amount), 0) FROM i) AS "modelOwnerAmount",
       (SELECT coalesce(sum(contributor_amount), 0) FROM i) AS "contributorAmount",
       (SELECT count(*) FROM i JOIN inference_attribution a ON a.inference_id = i.id) AS attributions,
       (SELECT coalesce(sum(a.share), 0) FROM i JOIN inference_attribution a ON a.inference_id = i.id) AS influence,
       (SELECT coalesce(sum(amount), 0) FROM reward_claim WHERE "timestamp" >= $1 AND "timestamp" < $2) AS "rewardsClaimed",
       (SELECT count(*) FROM contribution WHERE submitted_at >= $1 AND submitted_at < $2) AS contributions,
       (SELECT count(*) FROM datanet WHERE created_at >= $1 AND created_at < $2) AS datanets,
       (SELECT count(*) FROM model WHERE created_at >= $1 AND created_at < $2) AS models,
       (SELECT count(*) FROM challenge WHERE opened_at >= $1 AND opened_at < $2) AS challenges,
       (SELECT coalesce(sum(amount), 0) FROM stake_action
         WHERE kind IN ('STAKED', 'TOPPED_UP', 'COMMITTED') AND "timestamp" >= $1 AND "timestamp" < $2) AS staked`;

/**
 * What happened in [at - 24 h, at): inferences, fees and their split, attributions, reward claims,
 * new contributions, datanets, models, challenges and stakes; each read from an index on its time
 * (PROTOCOL_WINDOW_SQL), so its cost is the day's rows, not the history's.
 */
export async function protocolWindow(db: Queryable, at: Date): Promise<ProtocolWindow> {
  const from = new Date(at.getTime() - DAY_MS);
  const { rows } = await db.query(PROTOCOL_WINDOW_SQL, [from, at]);
  const values = Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, String(v)]));
  return { ...values, from, to: at } as unknown as ProtocolWindow;
}
