// Per-batch in-memory copies of stateful entities: ids are collected first (want), loaded with one
// query per entity type (load), read and changed by the handlers (get / update / add), and written
// back once: rows known to be new (looked up and absent) by COPY, the others by one upsert. Nothing
// survives the batch. Loaded foreign keys are `{ id }` stubs of the related class.
import type { EntityClass } from '@subsquid/typeorm-store';
import { readByIds } from './rows.ts';
import type { StoreAccess } from './storeAccess.ts';
import type { WithId } from './withId.ts';

export class EntityMap<E extends WithId> {
  private readonly entities = new Map<string, E>();
  private readonly wanted = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly missing = new Set<string>();
  /** added while known to be absent from the database */
  private readonly created = new Set<string>();

  constructor(readonly cls: EntityClass<E>) {}

  /** Asks for `id` to be loaded by the next `load`. */
  want(id: string | undefined | null): void {
    if (id != null && !this.entities.has(id) && !this.missing.has(id)) this.wanted.add(id);
  }

  /**
   * The batch's own events create `id` (a fresh id the contract assigned, e.g. an inference): it is
   * known to be absent, so it is not looked up, and later events of the batch find it once added.
   */
  creating(id: string): void {
    if (this.entities.has(id)) return;
    this.wanted.delete(id);
    this.missing.add(id);
  }

  /** Loads every wanted id in one query (chunked); returns the entities found. */
  load(db: StoreAccess): Promise<E[]> {
    return this.take((ids) => readByIds(db, this.cls, ids));
  }

  /**
   * `load` from rows held in memory instead of the database (handler unit tests): of `rows`, those
   * of this class with a wanted id are found, every other wanted id is missing, as after a query.
   */
  loadFrom(rows: readonly WithId[]): Promise<E[]> {
    return this.take(async (ids) => {
      const wanted = new Set(ids);
      return rows.filter((r): r is E => r instanceof this.cls && wanted.has(r.id));
    });
  }

  private async take(read: (ids: string[]) => Promise<E[]>): Promise<E[]> {
    const ids = [...this.wanted];
    this.wanted.clear();
    if (ids.length === 0) return [];
    const found = await read(ids);
    for (const row of found) this.entities.set(row.id, row);
    for (const id of ids) if (!this.entities.has(id)) this.missing.add(id);
    return found;
  }

  get(id: string): E | undefined {
    return this.entities.get(id);
  }

  /** The entity, marked to be written back. */
  update(id: string): E | undefined {
    const e = this.entities.get(id);
    if (e) this.dirty.add(id);
    return e;
  }

  /** A new entity (or a replacement), to be written. */
  add(entity: E): E {
    this.entities.set(entity.id, entity);
    if (this.missing.delete(entity.id)) this.created.add(entity.id);
    this.dirty.add(entity.id);
    return entity;
  }

  /**
   * The existing entity, or `create()`'s, marked to be written back. The id must have been looked
   * up (wanted and loaded): creating a row the database may already hold would overwrite it.
   */
  upsert(id: string, create: () => E): E {
    const found = this.update(id);
    if (found) return found;
    if (!this.missing.has(id)) {
      throw new Error(`${this.cls.name} ${id} was not loaded: the handler's load() must want it`);
    }
    return this.add(create());
  }

  /** Whether `id` was added while known to be absent from the database (a row this batch creates). */
  isNew(id: string): boolean {
    return this.created.has(id);
  }

  /** Every entity present (loaded or added). */
  all(): IterableIterator<E> {
    return this.entities.values();
  }

  /** The changed entities: `inserts` known to be new, `upserts` that may exist. */
  changed(): { inserts: E[]; upserts: E[] } {
    const inserts: E[] = [];
    const upserts: E[] = [];
    for (const id of this.dirty) (this.created.has(id) ? inserts : upserts).push(this.entities.get(id)!);
    return { inserts, upserts };
  }
}
