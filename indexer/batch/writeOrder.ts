// The order in which a batch writes its entity types: every table after the tables its foreign keys
// reference, so that a write never refers to a row not yet written (bulk loads skip the per-row
// checks, bulkLoad.ts, but the constraints stay). Derived from the foreign keys the table codecs
// read from TypeORM's metadata, so a new entity or relation in the schema needs no list kept by hand.
import type { EntityClass } from '@subsquid/typeorm-store';
import type { EntityManager } from 'typeorm';
import { tableCodec } from './tableCodec.ts';
import type { WithId } from './withId.ts';

/** The entity classes a class's foreign keys reference. */
export type ParentsOf = (cls: EntityClass<WithId>) => readonly EntityClass<WithId>[];

/**
 * A topological order of `classes`: parents before children. Classes with no order between them
 * keep their order in `classes` (by name when the caller sorts them), so the order is stable. A
 * circle of foreign keys (none in the schema) is an error naming it.
 */
export function topologicalOrder(classes: readonly EntityClass<WithId>[], parentsOf: ParentsOf): EntityClass<WithId>[] {
  const order: EntityClass<WithId>[] = [];
  const done = new Set<EntityClass<WithId>>();
  const visiting: EntityClass<WithId>[] = [];
  const visit = (cls: EntityClass<WithId>): void => {
    if (done.has(cls)) return;
    if (visiting.includes(cls)) {
      const circle = [...visiting.slice(visiting.indexOf(cls)), cls].map((c) => c.name).join(' -> ');
      throw new Error(`writeOrder: foreign keys form a circle: ${circle}`);
    }
    visiting.push(cls);
    for (const parent of parentsOf(cls)) if (parent !== cls) visit(parent);
    visiting.pop();
    done.add(cls);
    order.push(cls);
  };
  for (const cls of classes) visit(cls);
  return order;
}

const orders = new WeakMap<object, EntityClass<WithId>[]>();

/** Every entity class of `em`'s connection, parents before children (computed once per connection). */
export function writeOrder(em: EntityManager): EntityClass<WithId>[] {
  const cached = orders.get(em.connection);
  if (cached) return cached;
  const classes = em.connection.entityMetadatas
    .map((m) => m.target)
    .filter((t): t is EntityClass<WithId> => typeof t === 'function')
    .sort((a, b) => a.name.localeCompare(b.name));
  const order = topologicalOrder(classes, (cls) => tableCodec(em, cls).columns.flatMap((c) => (c.related ? [c.related] : [])));
  orders.set(em.connection, order);
  return order;
}
