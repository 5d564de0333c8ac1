// Time buckets of the analytics fields: UTC hours or days from `from` (floored to its bucket) up to
// `to` (exclusive: a bucket is returned when its start is before `to`), at most MAX_BUCKETS of them.
// Rows of the rollups (or of grouped base tables) land in their bucket; buckets without a row are
// zeros, and running totals start from what was carried in before the first bucket.
import { GraphQLError } from 'graphql';

export type Interval = 'HOUR' | 'DAY';

export const INTERVAL_MS: Record<Interval, number> = { HOUR: 3_600_000, DAY: 86_400_000 };
/** The most buckets one field may answer. */
export const MAX_BUCKETS = 2000;

export interface BucketWindow {
  interval: Interval;
  /** the first bucket's start (`from` floored to the interval, UTC) */
  start: Date;
  /** `to` as given (exclusive) */
  to: Date;
  /** the end of the last bucket (`to` rounded up to the interval) */
  end: Date;
  count: number;
}

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;
const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;

/** The number of buckets `from`..`to` spans (0 when `to` is not after `from`). */
export function bucketCount(interval: Interval, from: string | Date, to: string | Date): number {
  const step = INTERVAL_MS[interval];
  const start = floorTo(new Date(from).getTime(), step);
  const end = new Date(to).getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return 0;
  return Math.ceil((end - start) / step);
}

/** The buckets of `from`..`to`; a GraphQL error when `from` is not before `to` or when they are too many. */
export function bucketWindow(interval: Interval, from: string | Date, to: string | Date): BucketWindow {
  const step = INTERVAL_MS[interval];
  if (!step) throw new GraphQLError(`interval: expected HOUR or DAY, got ${JSON.stringify(interval)}`);
  const fromMs = new Date(from).getTime();
  const toMs = new Date(to).getTime();
  if (!(fromMs < toMs)) {
    throw new GraphQLError(`from: expected a time before to, got from ${new Date(fromMs).toISOString()} and to ${new Date(toMs).toISOString()}`);
  }
  const count = bucketCount(interval, from, to);
  if (count > MAX_BUCKETS) {
    throw new GraphQLError(
      `interval: from ${new Date(fromMs).toISOString()} to ${new Date(toMs).toISOString()} is ${count} ${interval} buckets; at most ${MAX_BUCKETS} (narrow the window${interval === 'HOUR' ? ' or use DAY' : ''})`,
    );
  }
  const start = floorTo(fromMs, step);
  return { interval, start: new Date(start), to: new Date(toMs), end: new Date(start + count * step), count };
}

/** Every bucket start of the window, in order. */
export function bucketStarts(w: BucketWindow): Date[] {
  const step = INTERVAL_MS[w.interval];
  return Array.from({ length: w.count }, (_, i) => new Date(w.start.getTime() + i * step));
}

/** Hour-aligned bounds of a window that is not bucketed (a leaderboard): [floor(from), ceil(to)). */
export function hourWindow(from: string | Date, to: string | Date): { start: Date; end: Date } {
  const w = bucketWindow('HOUR', from, to);
  // at most MAX_BUCKETS days (a leaderboard reads whole days inside the window, hours at its edges)
  bucketWindow('DAY', w.start, w.end);
  return { start: w.start, end: w.end };
}

/** [dayStart, dayEnd): the whole UTC days inside [start, end), or an empty range (dayStart = dayEnd). */
export function wholeDays(start: Date, end: Date): { dayStart: Date; dayEnd: Date } {
  const dayStart = ceilTo(start.getTime(), INTERVAL_MS.DAY);
  const dayEnd = floorTo(end.getTime(), INTERVAL_MS.DAY);
  return dayStart < dayEnd ? { dayStart: new Date(dayStart), dayEnd: new Date(dayEnd) } : { dayStart: start, dayEnd: start };
}

/** A numeric value of a row (pg returns numeric and bigint sums as strings). */
export const big = (v: unknown): bigint => (v === null || v === undefined ? 0n : BigInt(String(v)));

/**
 * One value per bucket from grouped rows (`bucket` holds the bucket start), as decimal strings (what
 * the BigInt scalar prints): `additive` fields are the bucket's own sums ("0" without a row); each
 * `running` field is `carry` plus the sums of its additive field up to and including the bucket
 * (running[field] = additive field it accumulates). Most buckets of a long window are empty, so a
 * running total is printed again only when it changed.
 */
export function fillBuckets<A extends string, R extends string>(
  w: BucketWindow,
  rows: readonly Record<string, unknown>[],
  additive: readonly A[],
  running: Record<R, A>,
  carry: Partial<Record<R, bigint>> = {},
): Array<{ bucketStart: Date } & Record<A | R, string>> {
  const byStart = new Map<number, Record<string, unknown>>();
  for (const r of rows) byStart.set(new Date(r.bucket as string | Date).getTime(), r);
  const runs = (Object.entries(running) as [R, A][]).map(([field, of]) => {
    const total = carry[field] ?? 0n;
    return { field, of, total, text: total.toString() };
  });
  return bucketStarts(w).map((bucketStart) => {
    const row = byStart.get(bucketStart.getTime());
    const out = { bucketStart } as { bucketStart: Date } & Record<A | R, string>;
    for (const f of additive) (out as Record<string, unknown>)[f] = row ? big(row[f]).toString() : '0';
    for (const run of runs) {
      if (row) {
        run.total += big(row[run.of]);
        run.text = run.total.toString();
      }
      (out as Record<string, unknown>)[run.field] = run.text;
    }
    return out;
  });
}
