// One subject's rollup as the buckets of a window, read in one statement: whether the subject
// exists, its rollup rows in the window (one range of the rollup's unique index (key, period,
// bucket_start)) and the running totals of its last row before the window (one backward probe of
// that index); one round trip and one pool checkout where three reads took three. The buckets are
// then filled (buckets.ts): zeros where the rollup has no row, running totals carried in.
import { ident } from '../sql/entity.ts';
import type { Queryable } from '../sql/page.ts';
import { big, fillBuckets, type BucketWindow } from './buckets.ts';

export interface RollupWindowSpec<A extends string, R extends string> {
  /** the rollup table (a trusted name, never from a request) */
  table: string;
  /** its column holding the subject's id */
  key: string;
  /** the subject's own table, when an unknown id must be told apart from one without activity */
  subject?: string;
  /** output name -> the rollup's column, summed per bucket */
  columns: Record<A, string>;
  /** output name -> [the rollup's running-total column, the output name it accumulates] */
  running: Record<R, readonly [string, NoInfer<A>]>;
}

const CARRY_PREFIX = 'carry:';

function rollupWindowSql(s: RollupWindowSpec<string, string>): string {
  const carry = Object.entries(s.running).map(([name, [column]]) => `c.${ident(column)} AS ${ident(CARRY_PREFIX + name)}`);
  const columns = Object.entries(s.columns).map(([name, column]) => `${ident(column)} AS ${ident(name)}`);
  const found = s.subject ? `EXISTS (SELECT 1 FROM ${ident(s.subject)} WHERE id = $1)` : 'true';
  return `SELECT e.found, ${carry.join(', ')}, r.*
    FROM (SELECT ${found} AS found) e
    LEFT JOIN LATERAL (SELECT * FROM ${ident(s.table)} WHERE ${ident(s.key)} = $1 AND period = $2 AND bucket_start < $3
                        ORDER BY bucket_start DESC LIMIT 1) c ON e.found
    LEFT JOIN LATERAL (SELECT bucket_start AS bucket, ${columns.join(', ')} FROM ${ident(s.table)}
                        WHERE ${ident(s.key)} = $1 AND period = $2 AND bucket_start >= $3 AND bucket_start < $4) r ON e.found`;
}

/** The buckets of subject `id` over the window `w`, as `spec` names them; null for a `subject` table without the id. */
export async function rollupWindow<A extends string, R extends string>(db: Queryable, spec: RollupWindowSpec<A, R>, id: string, w: BucketWindow) {
  const { rows } = await db.query(rollupWindowSql(spec), [id, w.interval, w.start, w.end]);
  const first = rows[0]!;
  if (!first.found) return null;
  const running = Object.entries(spec.running) as [R, readonly [string, A]][];
  return fillBuckets(
    w,
    rows.filter((r) => r.bucket !== null),
    Object.keys(spec.columns) as A[],
    Object.fromEntries(running.map(([name, [, of]]) => [name, of])) as Record<R, A>,
    // no row before the window: the carried columns are null, and the totals start at zero
    Object.fromEntries(running.map(([name]) => [name, big(first[CARRY_PREFIX + name])])) as Record<R, bigint>,
  );
}
