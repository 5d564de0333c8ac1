// The write order computed from the entity metadata of the real schema (an embedded Postgres): every
// entity class once, and every class after each class its foreign keys reference, the references
// read here from TypeORM's relation metadata (not from the table codec the order is computed with).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../db/dataSource.ts';
import { ENTITIES } from '../../db/model/index.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../db/postgres.ts';
import type { WithId } from './withId.ts';
import { topologicalOrder, writeOrder } from './writeOrder.ts';
import type { EntityClass } from '@subsquid/typeorm-store';

let server: RunningPostgres;
let ds: DataSource;

before(async () => {
  server = await startEmbeddedPostgres({ fast: true });
  ds = new DataSource(dataSourceOptions(server.settings));
  await ds.initialize();
});

after(async () => {
  await ds?.destroy();
  await server?.stop();
});

test('writeOrder: every entity class exactly once, each after every class it references', () => {
  const order = writeOrder(ds.manager);
  assert.equal(new Set(order).size, order.length, 'no class twice');
  assert.deepEqual(new Set(order), new Set(ENTITIES as unknown[]), 'every entity class of db/model');
  let edges = 0;
  for (const meta of ds.entityMetadatas) {
    for (const rel of meta.manyToOneRelations) {
      const parent = rel.inverseEntityMetadata.target;
      if (parent === meta.target) continue;
      edges += 1;
      assert.ok(order.indexOf(parent as EntityClass<WithId>) < order.indexOf(meta.target as EntityClass<WithId>), `${String(rel.inverseEntityMetadata.name)} before ${meta.name}`);
    }
  }
  assert.ok(edges >= 30, `the schema's foreign keys were checked (${edges})`);
});

test('topologicalOrder: parents first, stable otherwise, a circle named', () => {
  class A { id = ''; }
  class B { id = ''; }
  class C { id = ''; }
  const parents = new Map<unknown, EntityClass<WithId>[]>([[A, [C]], [B, []], [C, [B]]]);
  assert.deepEqual(topologicalOrder([A, B, C], (c) => parents.get(c) ?? []), [B, C, A]);
  assert.deepEqual(topologicalOrder([B, A, C], () => []), [B, A, C]);
  parents.set(B, [A]);
  assert.throws(() => topologicalOrder([A, B, C], (c) => parents.get(c) ?? []), { message: 'writeOrder: foreign keys form a circle: A -> C -> B -> A' });
});
