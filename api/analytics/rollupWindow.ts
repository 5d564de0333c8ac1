// One subject's rollup in a window of buckets, in one statement: whether the subject exists, its
// rollup rows in the window (one range of the rollup's unique index (key, period, bucket_start))
// and the running totals of its last row before the window (one backward probe of that index).
// One statement is one round trip and one pool checkout where three reads took three.
import { ident } from '../sql/entity.ts';
import type { Queryable } from '../sql/page.ts';
import type { BucketWindow } from './buckets.ts';

interface RollupWindowSpec {
  /** the rollup table (a trusted name, never from a request) */
  table: string;
  /** its column holding the subject's id */
  key: string;
  /** the subject's own table, when an unknown id must be told apart from one without activity */
  subject?: string;
  /** output name -> the rollup's column, per bucket */
  columns: Record<string, string>;
  /** output name -> the rollup's running-total column, carried in from before the window */
  carry: Record<string, string>;
}

interface RollupWindow {
  /** false only for a `subject` table without the id */
  found: boolean;
  /** the window's rollup rows (`bucket`: the bucket's start, then `columns`), in no order */
  rows: Record<string, unknown>[];
  /** the running totals (`carry`'s names) before the window; absent when nothing came before */
  carry: Record<string, unknown> | undefined;
}

const CARRY_PREFIX = 'carry:';

function rollupWindowSql(s: RollupWindowSpec): string {
  const carry = Object.entries(s.carry).map(([name, column]) => `c.${ident(column)} AS ${ident(CARRY_PREFIX + name)}`);
  const columns = Object.entries(s.columns).map(([name, column]) => `${ident(column)} AS ${ident(name)}`);
  const found = s.subject ? `EXISTS (SELECT 1 FROM ${ident(s.subject)} WHERE id = $1)` : 'true';
  return `SELECT e.found, c.bucket_start IS NOT NULL AS carried, ${carry.join(', ')}, r.*
    FROM (SELECT ${found} AS found) e
    LEFT JOIN LATERAL (SELECT * FROM ${ident(s.table)} WHERE ${ident(s.key)} = $1 AND period = $2 AND bucket_start < $3
                        ORDER BY bucket_start DESC LIMIT 1) c ON e.found
    LEFT JOIN LATERAL (SELECT bucket_start AS bucket, ${columns.join(', ')} FROM ${ident(s.table)}
                        WHERE ${ident(s.key)} = $1 AND period = $2 AND bucket_start >= $3 AND bucket_start < $4) r ON e.found`;
}

/** The rollup of subject `id` over the window `w`, as `spec` names it. */
export async function rollupWindow(db: Queryable, spec: RollupWindowSpec, id: string, w: BucketWindow): Promise<RollupWindow> {
  const { rows } = await db.query(rollupWindowSql(spec), [id, w.interval, w.start, w.end]);
  const first = rows[0]!;
  const carry = first.carried ? Object.fromEntries(Object.keys(spec.carry).map((name) => [name, first[CARRY_PREFIX + name]])) : undefined;
  return { found: Boolean(first.found), rows: rows.filter((r) => r.bucket !== null), carry };
}
