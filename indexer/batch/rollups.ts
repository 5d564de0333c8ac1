// Hourly and daily rollups (UTC buckets): handlers add deltas in memory; at the end of the batch
// the rows already stored are read in one query per rollup type and the deltas merged into them.
import type { EntityClass } from '@subsquid/typeorm-store';
import { RollupPeriod } from '../../db/model/index.ts';
import type { WithId } from './withId.ts';
import { readByIds } from './rows.ts';
import type { StoreAccess } from './storeAccess.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface Bucket {
  period: RollupPeriod;
  start: Date;
}

/** The hour and the day (UTC) that contain `timestampMs`. */
function bucketsOf(timestampMs: number): Bucket[] {
  return [
    { period: RollupPeriod.HOUR, start: new Date(timestampMs - (timestampMs % HOUR_MS)) },
    { period: RollupPeriod.DAY, start: new Date(timestampMs - (timestampMs % DAY_MS)) },
  ];
}

export const rollupId = (key: string, b: Bucket): string => `${key}-${b.period}-${b.start.getTime() / 1000}`;

export interface RollupSpec<R extends WithId> {
  cls: EntityClass<R>;
  /** fields summed across batches (Int or BigInt) */
  additive: readonly (keyof R & string)[];
  /** a zeroed row for `key` and `bucket` */
  create(key: string, bucket: Bucket): R;
}

/** The buckets of the last timestamp asked for (every log of a block shares one): id suffixes, rows by key. */
interface BucketCache<R> {
  timestampMs: number;
  buckets: Bucket[];
  suffixes: string[];
  rows: Map<string, R[]>;
}

export class Rollups<R extends WithId> {
  private readonly deltas = new Map<string, R>();
  private cache: BucketCache<R> = { timestampMs: Number.NaN, buckets: [], suffixes: [], rows: new Map() };

  constructor(private readonly spec: RollupSpec<R>) {}

  /** The batch's delta rows of `key` for the hour and the day that contain `timestampMs` (to add to). */
  rows(key: string, timestampMs: number): R[] {
    if (this.cache.timestampMs !== timestampMs) {
      const buckets = bucketsOf(timestampMs);
      this.cache = { timestampMs, buckets, suffixes: buckets.map((b) => rollupId('', b)), rows: new Map() };
    }
    const { buckets, suffixes, rows } = this.cache;
    const cached = rows.get(key);
    if (cached) return cached;
    const out: R[] = [];
    for (let i = 0; i < buckets.length; i++) {
      const id = key + suffixes[i]!;
      let row = this.deltas.get(id);
      if (!row) {
        row = this.spec.create(key, buckets[i]!);
        this.deltas.set(id, row);
      }
      out.push(row);
    }
    rows.set(key, out);
    return out;
  }

  get cls(): EntityClass<R> {
    return this.spec.cls;
  }

  /**
   * The delta rows merged with the stored ones (additive fields summed, the rest from the batch):
   * `inserts` for buckets the database does not hold yet, `upserts` for the others.
   */
  async collect(db: StoreAccess): Promise<{ inserts: R[]; upserts: R[] }> {
    const rows = [...this.deltas.values()];
    const stored = new Map<string, R>();
    for (const r of await readByIds(db, this.spec.cls, rows.map((r) => r.id))) stored.set(r.id, r);
    const inserts: R[] = [];
    const upserts: R[] = [];
    for (const row of rows) {
      const old = stored.get(row.id);
      if (!old) {
        inserts.push(row);
        continue;
      }
      upserts.push(row);
      const target = row as Record<string, unknown>;
      const source = old as Record<string, unknown>;
      for (const field of this.spec.additive) {
        const a = target[field];
        const b = source[field];
        target[field] = typeof a === 'bigint' ? a + (b as bigint) : (a as number) + (b as number);
      }
    }
    return { inserts, upserts };
  }
}
