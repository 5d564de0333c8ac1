// Per-batch in-memory copies of stateful entities: ids are collected first (want), loaded with one
// query per entity type (load), read and changed by the handlers (get / update / add), and the
// changed ones written back in one upsert (changed). Nothing survives the batch.
import type { EntityClass, Store } from '@subsquid/typeorm-store';
import { In, type FindOptionsRelations } from 'typeorm';

export interface WithId {
  id: string;
}

/** Postgres caps bind parameters at 65535; stay well below. */
const LOAD_CHUNK = 20_000;

export class EntityMap<E extends WithId> {
  private readonly entities = new Map<string, E>();
  private readonly wanted = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly missing = new Set<string>();

  constructor(
    readonly cls: EntityClass<E>,
    private readonly relations?: FindOptionsRelations<E>,
  ) {}

  /** Asks for `id` to be loaded by the next `load`. */
  want(id: string | undefined | null): void {
    if (id != null && !this.entities.has(id) && !this.missing.has(id)) this.wanted.add(id);
  }

  /** Loads every wanted id in one query (chunked); returns the entities found. */
  async load(store: Store): Promise<E[]> {
    const ids = [...this.wanted];
    this.wanted.clear();
    const found: E[] = [];
    for (let i = 0; i < ids.length; i += LOAD_CHUNK) {
      const chunk = ids.slice(i, i + LOAD_CHUNK);
      const rows = await store.find(this.cls, {
        where: { id: In(chunk) } as never,
        ...(this.relations ? { relations: this.relations } : {}),
      });
      for (const row of rows) {
        this.entities.set(row.id, row);
        found.push(row);
      }
    }
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
    this.missing.delete(entity.id);
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

  has(id: string): boolean {
    return this.entities.has(id);
  }

  /** Every entity present (loaded or added). */
  all(): IterableIterator<E> {
    return this.entities.values();
  }

  changed(): E[] {
    return [...this.dirty].map((id) => this.entities.get(id)!);
  }
}
