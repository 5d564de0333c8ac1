// Hourly and daily rollups (UTC buckets): handlers add deltas in memory; at the end of the batch
// the rows already stored are read in one query per rollup type and the deltas merged into them.
import type { EntityClass, Store } from '@subsquid/typeorm-store';
import { In } from 'typeorm';
import { RollupPeriod } from '../../db/model/index.ts';
import type { WithId } from './entityMap.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface Bucket {
  period: RollupPeriod;
  start: Date;
}

/** The hour and the day (UTC) that contain `timestampMs`. */
export function bucketsOf(timestampMs: number): Bucket[] {
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

export class Rollups<R extends WithId> {
  private readonly deltas = new Map<string, R>();

  constructor(private readonly spec: RollupSpec<R>) {}

  /** Applies `update` to the batch's delta row of both buckets of `timestampMs`. */
  add(key: string, timestampMs: number, update: (row: R) => void): void {
    for (const bucket of bucketsOf(timestampMs)) {
      const id = rollupId(key, bucket);
      let row = this.deltas.get(id);
      if (!row) {
        row = this.spec.create(key, bucket);
        this.deltas.set(id, row);
      }
      update(row);
    }
  }

  /** The delta rows merged with the stored ones (additive fields summed, the rest from the batch). */
  async collect(store: Store): Promise<R[]> {
    const rows = [...this.deltas.values()];
    const ids = rows.map((r) => r.id);
    const stored = new Map<string, R>();
    for (let i = 0; i < ids.length; i += 20_000) {
      for (const r of await store.find(this.spec.cls, { where: { id: In(ids.slice(i, i + 20_000)) } as never })) {
        stored.set(r.id, r);
      }
    }
    for (const row of rows) {
      const old = stored.get(row.id);
      if (!old) continue;
      const target = row as Record<string, unknown>;
      const source = old as Record<string, unknown>;
      for (const field of this.spec.additive) {
        const a = target[field];
        const b = source[field];
        target[field] = typeof a === 'bigint' ? a + (b as bigint) : (a as number) + (b as number);
      }
    }
    return rows;
  }
}
