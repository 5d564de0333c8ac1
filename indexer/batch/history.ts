// Block-range history: one row per entity per block in which it changed, valid over the half-open
// range [validFromBlock, validToBlock). The row opened last is the entity's current state
// (validToBlock null); a change in block N closes it at N and opens a new one from N.
import type { EntityClass } from '@subsquid/typeorm-store';
import type { WithId } from './withId.ts';
import { readByKeys } from './rows.ts';
import type { StoreAccess } from './storeAccess.ts';
import { tableCodec } from './tableCodec.ts';

export interface HistoryRow extends WithId {
  validFromBlock: number;
  validToBlock?: number | null;
}

/** "<entity id>-<validFromBlock>" (entity ids hold no "-": addresses and decimal numbers). */
export const historyId = (entityId: string, block: number): string => `${entityId}-${block}`;

export class History<E extends WithId, H extends HistoryRow> {
  private readonly marked = new Map<string, E>();
  /** the row this batch opened last, per entity */
  private readonly open = new Map<string, H>();
  /** entity -> block at which the row open in the database closes */
  private readonly closeInDb = new Map<string, { block: number; entity: E }>();
  private readonly rows: H[] = [];

  constructor(
    readonly cls: EntityClass<H>,
    /** the history row's relation to its entity */
    private readonly relation: keyof H & string,
    /** a row holding the entity's current state from `block` on (validToBlock null) */
    private readonly snapshot: (entity: E, block: number) => H,
    /** whether the entity is one this batch creates: the database holds no history row of it to close */
    private readonly isNew: (id: string) => boolean = () => false,
  ) {}

  /** The entity changed in the block being handled. */
  mark(entity: E): void {
    this.marked.set(entity.id, entity);
  }

  /** Called after the last event of every block: snapshots the entities changed in it. */
  endBlock(height: number): void {
    for (const entity of this.marked.values()) {
      const prev = this.open.get(entity.id);
      if (prev) prev.validToBlock = height;
      else if (!this.isNew(entity.id)) this.closeInDb.set(entity.id, { block: height, entity });
      const row = this.snapshot(entity, height);
      this.open.set(entity.id, row);
      this.rows.push(row);
    }
    this.marked.clear();
  }

  /** The rows this batch opened so far (each entity's state after each block it changed in). */
  opened(): readonly H[] {
    return this.rows;
  }

  /**
   * The rows to write: `inserts` (the rows this batch opened: their ids hold a block of this batch,
   * so they are new) and `upserts` (the database rows this batch closes, read in one query). A
   * database row opened in the very block this batch starts from (written earlier in the same
   * transaction: the hostile-data fallback writes a batch in several parts) is not closed but
   * replaced by this batch's row of that block, which has its id.
   */
  async collect(db: StoreAccess): Promise<{ inserts: H[]; upserts: H[] }> {
    if (this.marked.size > 0) throw new Error(`${this.cls.name}: endBlock was not called for the last block`);
    const closing: H[] = [];
    const replaced = new Set<string>();
    const ids = [...this.closeInDb.keys()];
    if (ids.length === 0) return { inserts: this.rows, upserts: closing };
    const fk = tableCodec(db.em, this.cls).columns.find((c) => c.prop === this.relation)!.name;
    for (const row of await readByKeys(db, this.cls, fk, ids, 'valid_to_block IS NULL')) {
      const fields = row as Record<string, unknown>;
      const close = this.closeInDb.get((fields[this.relation] as WithId).id)!;
      if (row.validFromBlock === close.block) {
        replaced.add(row.id);
        continue;
      }
      row.validToBlock = close.block;
      fields[this.relation] = close.entity;
      closing.push(row);
    }
    if (replaced.size === 0) return { inserts: this.rows, upserts: closing };
    return {
      inserts: this.rows.filter((r) => !replaced.has(r.id)),
      upserts: [...closing, ...this.rows.filter((r) => replaced.has(r.id))],
    };
  }
}
