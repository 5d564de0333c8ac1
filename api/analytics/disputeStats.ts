// Challenges opened in a window (or ever): how they ended, the slashes they caused, per attributor.
import { GraphQLError } from 'graphql';
import type { Queryable } from '../sql/page.ts';
import { Params } from '../sql/entity.ts';

export const CHALLENGE_OUTCOMES = ['OPEN', 'UPHELD', 'REJECTED', 'EXPIRED'] as const;

export interface OutcomeCount {
  status: (typeof CHALLENGE_OUTCOMES)[number];
  count: number;
  bonds: string;
}

export interface AttributorDisputes {
  attributor: string;
  challenges: number;
  open: number;
  upheld: number;
  rejected: number;
  expired: number;
  slashed: string;
}

export interface DisputeStats {
  from: Date | null;
  to: Date | null;
  challenges: number;
  byOutcome: OutcomeCount[];
  slashes: number;
  slashed: string;
  challengerRewards: string;
  attributors: AttributorDisputes[];
}

/** `opened_at` within [from, to) (either bound may be absent). */
function window(p: Params, from: Date | null, to: Date | null): string {
  const parts = ['TRUE'];
  if (from) parts.push(`opened_at >= ${p.add(from)}`);
  if (to) parts.push(`opened_at < ${p.add(to)}`);
  return parts.join(' AND ');
}

export async function disputeStats(db: Queryable, fromArg: string | null | undefined, toArg: string | null | undefined, first: number): Promise<DisputeStats> {
  const from = fromArg ? new Date(fromArg) : null;
  const to = toArg ? new Date(toArg) : null;
  if (from && to && !(from < to)) throw new GraphQLError(`from: expected a time before to, got from ${from.toISOString()} and to ${to.toISOString()}`);
  const p = new Params();
  const where = window(p, from, to);
  const outcomes = db.query(
    `SELECT status, count(*) AS count, coalesce(sum(bond), 0) AS bonds,
            count(*) FILTER (WHERE slashed_amount > 0) AS slashes, coalesce(sum(slashed_amount), 0) AS slashed,
            coalesce(sum(challenger_reward), 0) AS "challengerRewards"
       FROM challenge WHERE ${where} GROUP BY status`,
    p.values,
  );
  const q = new Params();
  const perAttributor = db.query(
    `SELECT attributor, count(*) AS challenges,
            count(*) FILTER (WHERE status = 'OPEN') AS open, count(*) FILTER (WHERE status = 'UPHELD') AS upheld,
            count(*) FILTER (WHERE status = 'REJECTED') AS rejected, count(*) FILTER (WHERE status = 'EXPIRED') AS expired,
            coalesce(sum(slashed_amount), 0) AS slashed
       FROM challenge WHERE ${window(q, from, to)}
      GROUP BY attributor ORDER BY challenges DESC, attributor ASC LIMIT ${q.add(first)}`,
    q.values,
  );
  const [o, a] = await Promise.all([outcomes, perAttributor]);
  const by = new Map(o.rows.map((r) => [String(r.status), r]));
  let slashed = 0n;
  let challengerRewards = 0n;
  let slashes = 0;
  for (const r of o.rows) {
    slashed += BigInt(String(r.slashed));
    challengerRewards += BigInt(String(r.challengerRewards));
    slashes += Number(r.slashes);
  }
  const byOutcome = CHALLENGE_OUTCOMES.map((status) => ({ status, count: Number(by.get(status)?.count ?? 0), bonds: String(by.get(status)?.bonds ?? 0) }));
  return {
    from,
    to,
    challenges: byOutcome.reduce((s, x) => s + x.count, 0),
    byOutcome,
    slashes,
    slashed: String(slashed),
    challengerRewards: String(challengerRewards),
    attributors: a.rows.map((r) => ({
      attributor: String(r.attributor),
      challenges: Number(r.challenges),
      open: Number(r.open),
      upheld: Number(r.upheld),
      rejected: Number(r.rejected),
      expired: Number(r.expired),
      slashed: String(r.slashed),
    })),
  };
}
