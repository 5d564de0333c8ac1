// Contributors ranked by the rewards they earned in a window (hours, UTC): whole days inside the
// window read the DAY rollups, the hours at its edges the HOUR rollups. Without a model, from the
// contributor rollups (or, within a datanet, its contributions' rollups); with a model, from the
// attribution rows of the model's inferences in the window (index on the inference's time).
import type { Queryable } from '../sql/page.ts';
import { Params } from '../sql/entity.ts';
import { hourWindow, wholeDays } from './buckets.ts';

export interface LeaderboardEntry {
  rank: number;
  contributor: string;
  rewards: string;
  influence: string;
  attributions: number;
}

export interface LeaderboardArgs {
  datanet?: string | null;
  model?: string | null;
  from: string;
  to: string;
  first: number;
}

/** The rollup rows of [start, end): DAY rows for whole days, HOUR rows for the edges. */
function rollupRange(p: Params, start: Date, end: Date, alias: string): string {
  const { dayStart, dayEnd } = wholeDays(start, end);
  const hours = (a: Date, b: Date) => `(${alias}.period = 'HOUR' AND ${alias}.bucket_start >= ${p.add(a)} AND ${alias}.bucket_start < ${p.add(b)})`;
  if (dayStart.getTime() === dayEnd.getTime()) return hours(start, end);
  const days = `(${alias}.period = 'DAY' AND ${alias}.bucket_start >= ${p.add(dayStart)} AND ${alias}.bucket_start < ${p.add(dayEnd)})`;
  return `(${days} OR ${hours(start, dayStart)} OR ${hours(dayEnd, end)})`;
}

export async function rewardsLeaderboard(db: Queryable, args: LeaderboardArgs): Promise<{ start: Date; end: Date; entries: LeaderboardEntry[] }> {
  const { start, end } = hourWindow(args.from, args.to);
  const p = new Params();
  let sql: string;
  if (args.model != null) {
    const datanet = args.datanet != null ? `AND a.datanet_id = ${p.add(args.datanet)}` : '';
    sql = `SELECT a.contributor AS contributor, sum(a.reward) AS rewards, sum(a.share) AS influence, count(*) AS attributions
             FROM inference i JOIN inference_attribution a ON a.inference_id = i.id
            WHERE i.model_id = ${p.add(args.model)} AND i."timestamp" >= ${p.add(start)} AND i."timestamp" < ${p.add(end)} ${datanet}
            GROUP BY a.contributor`;
  } else if (args.datanet != null) {
    sql = `SELECT c.contributor AS contributor, sum(r.rewards) AS rewards, sum(r.influence) AS influence, sum(r.attributions) AS attributions
             FROM contribution c JOIN contribution_rollup r ON r.contribution_id = c.id
            WHERE c.datanet_id = ${p.add(args.datanet)} AND ${rollupRange(p, start, end, 'r')}
            GROUP BY c.contributor`;
  } else {
    sql = `SELECT r.contributor_id AS contributor, sum(r.rewards) AS rewards, sum(r.influence) AS influence, sum(r.attributions) AS attributions
             FROM contributor_rollup r WHERE ${rollupRange(p, start, end, 'r')}
            GROUP BY r.contributor_id`;
  }
  const { rows } = await db.query(`${sql} ORDER BY rewards DESC, contributor ASC LIMIT ${p.add(args.first)}`, p.values);
  const entries = rows.map((r, i) => ({
    rank: i + 1,
    contributor: String(r.contributor),
    rewards: String(r.rewards),
    influence: String(r.influence),
    attributions: Number(r.attributions),
  }));
  return { start, end, entries };
}
