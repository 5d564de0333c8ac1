// Influence over time (attributions, influence in parts per billion, rewards, running totals) of a
// contribution, a contributor or a datanet, from their rollups; and a contributor's split by datanet
// (from its contributions' rollups) or by model (from its attribution rows: no rollup keeps models
// per contributor).
import type { Queryable } from '../sql/page.ts';
import { big, fillBuckets, INTERVAL_MS, type BucketWindow } from './buckets.ts';
import { rollupWindow } from './rollupWindow.ts';

export interface InfluenceBucket {
  bucketStart: Date;
  /** decimal strings */
  attributions: string;
  influence: string;
  rewards: string;
  cumulativeInfluence: string;
  cumulativeRewards: string;
}

export type InfluenceSplit = 'NONE' | 'DATANET' | 'MODEL';

export interface InfluenceSeries {
  by: InfluenceSplit;
  /** the datanet's or the model's id */
  id: string;
  buckets: InfluenceBucket[];
}

const ADDITIVE = ['attributions', 'influence', 'rewards'] as const;
const RUNNING = { cumulativeInfluence: 'influence', cumulativeRewards: 'rewards' } as const;

/** The rollup per kind of subject (trusted names, never from a request); a contribution or datanet must exist, an address always answers. */
const ROLLUPS = {
  contribution: { table: 'contribution_rollup', key: 'contribution_id', subject: 'contribution' },
  contributor: { table: 'contributor_rollup', key: 'contributor_id' },
  datanet: { table: 'datanet_rollup', key: 'datanet_id', subject: 'datanet' },
} as const;

export type InfluenceSubject = keyof typeof ROLLUPS;

/**
 * The buckets of one subject from its rollup (rollupWindow.ts: one statement); null for a
 * contribution or datanet that is not indexed (an address without activity has zeros).
 */
export async function rollupInfluence(db: Queryable, subject: InfluenceSubject, id: string, w: BucketWindow): Promise<InfluenceBucket[] | null> {
  return rollupWindow(db, {
    ...ROLLUPS[subject],
    columns: { attributions: 'attributions', influence: 'influence', rewards: 'rewards' },
    running: { cumulativeInfluence: ['cumulative_influence', 'influence'], cumulativeRewards: ['cumulative_rewards', 'rewards'] },
  }, id, w);
}

/**
 * A contributor's series per datanet: its contributions (index on contributor) joined with their
 * rollup rows in the window (the unique index per contribution), and per contribution its last
 * rollup row before the window (one backward probe each) for the running totals carried in.
 */
async function byDatanet(db: Queryable, address: string, w: BucketWindow) {
  const [window, before] = await Promise.all([
    db.query(
      `SELECT c.datanet_id AS key, r.bucket_start AS bucket, sum(r.influence) AS influence,
              sum(r.attributions) AS attributions, sum(r.rewards) AS rewards
         FROM contribution c
         JOIN contribution_rollup r ON r.contribution_id = c.id AND r.period = $2 AND r.bucket_start >= $3 AND r.bucket_start < $4
        WHERE c.contributor = $1
        GROUP BY 1, 2`,
      [address, w.interval, w.start, w.end],
    ),
    db.query(
      `SELECT c.datanet_id AS key, sum(p.cumulative_influence) AS influence, sum(p.cumulative_rewards) AS rewards
         FROM contribution c
         CROSS JOIN LATERAL (
           SELECT cumulative_influence, cumulative_rewards FROM contribution_rollup r
            WHERE r.contribution_id = c.id AND r.period = $2 AND r.bucket_start < $3
            ORDER BY r.bucket_start DESC LIMIT 1) p
        WHERE c.contributor = $1
        GROUP BY 1`,
      [address, w.interval, w.start],
    ),
  ]);
  return { window: window.rows, before: before.rows };
}

/**
 * The statement of the split by model ($1 contributor, $2 window start, $3 window end, $4 bucket
 * seconds): one range of the index (contributor, timestamp) on the attribution rows, from the
 * contributor's first row to the end of the window. Rows before the window give the running totals
 * carried in (no rollup keeps models per contributor), the others are grouped by bucket.
 * api/analytics.test.ts checks the plan uses that index.
 */
export const MODEL_SPLIT_SQL = `SELECT a.model_id AS key,
            CASE WHEN a."timestamp" < $2 THEN NULL
                 ELSE to_timestamp(floor(extract(epoch FROM a."timestamp") / $4::int) * $4::int) END AS bucket,
            sum(a.share) AS influence, count(*) AS attributions, sum(a.reward) AS rewards
       FROM inference_attribution a
      WHERE a.contributor = $1 AND a."timestamp" < $3
      GROUP BY 1, 2`;

/** A contributor's series per model (MODEL_SPLIT_SQL): its cost is the contributor's rows up to `to`, never another's. */
async function byModel(db: Queryable, address: string, w: BucketWindow) {
  const seconds = INTERVAL_MS[w.interval] / 1000;
  const { rows } = await db.query(MODEL_SPLIT_SQL, [address, w.start, w.end, seconds]);
  return { window: rows.filter((r) => r.bucket !== null), before: rows.filter((r) => r.bucket === null) };
}

/**
 * A contributor's buckets split by datanet or model: one series per datanet (model) it had
 * attributions in before the end of the window, the `limit` with the most rewards in the window
 * first (ties: most rewards in all, then id).
 */
export async function contributorSplit(db: Queryable, address: string, by: Exclude<InfluenceSplit, 'NONE'>, w: BucketWindow, limit: number): Promise<InfluenceSeries[]> {
  const { window, before } = by === 'DATANET' ? await byDatanet(db, address, w) : await byModel(db, address, w);
  const keys = new Set<string>([...window, ...before].map((r) => String(r.key)));
  const series = [...keys].map((id) => {
    const carry = before.find((r) => String(r.key) === id);
    const buckets = fillBuckets(w, window.filter((r) => String(r.key) === id), ADDITIVE, RUNNING, {
      cumulativeInfluence: big(carry?.influence),
      cumulativeRewards: big(carry?.rewards),
    });
    const inWindow = buckets.reduce((s, b) => s + BigInt(b.rewards), 0n);
    const all = buckets.length ? BigInt(buckets[buckets.length - 1]!.cumulativeRewards) : 0n;
    return { by, id, buckets, inWindow, all };
  });
  series.sort((a, b) => (a.inWindow !== b.inWindow ? (b.inWindow > a.inWindow ? 1 : -1) : a.all !== b.all ? (b.all > a.all ? 1 : -1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return series.slice(0, limit).map(({ by: k, id, buckets }) => ({ by: k, id, buckets }));
}
