// "As of block N": an entity's table swapped for its state at N. The FROM item of a statement is
// either the table itself or, given a block, the entity's rows joined to the one history row valid
// at N (valid_from_block <= N < valid_to_block, or still open); the kept fields come from that row,
// the others from the entity. An entity without such a row (created after N) is absent. The history
// row is found by one backward probe of the index (entity id, valid_from_block).
import { GraphQLError } from 'graphql';
import { ident, tableIdent, type EntitySpec, type Params } from './entity.ts';

/** A block number as `block: { number }` takes it: an integer from 0 (GraphQL's Int caps it at 2^31 - 1). */
export function checkBlock(block: number): number {
  if (!Number.isSafeInteger(block) || block < 0) throw new GraphQLError(`block.number: expected a block number from 0, got ${block}`);
  return block;
}

/** The FROM item of `spec` under `alias`: its table, or its state as of `block` (same column names). */
export function fromItem(spec: EntitySpec, block: number | null | undefined, alias: string, params: Params): string {
  if (block == null) return `${tableIdent(spec.table)} ${alias}`;
  const h = spec.history;
  if (!h) throw new GraphQLError(`block: ${spec.name} keeps no history`);
  const n = params.add(checkBlock(block));
  const cols = Object.entries(spec.columns).map(([field, c]) =>
    h.columns[field] ? `h.${ident(h.columns[field])} AS ${ident(c.column)}` : `e.${ident(c.column)}`,
  );
  const rels = Object.values(spec.relations).map((r) => `e.${ident(r.column)}`);
  return (
    `(SELECT ${[...cols, ...rels].join(', ')} FROM ${tableIdent(spec.table)} e ` +
    `CROSS JOIN LATERAL (SELECT * FROM ${ident(h.table)} h WHERE h.${ident(h.entityColumn)} = e."id" ` +
    `AND h."valid_from_block" <= ${n} ORDER BY h."valid_from_block" DESC LIMIT 1) h ` +
    `WHERE h."valid_to_block" IS NULL OR h."valid_to_block" > ${n}) ${alias}`
  );
}

/**
 * The entity spec of `spec`'s history rows (`<Name>History`): id, the range, the kept fields and the
 * entity. Listed only under one entity (`Account.history`), newest last by default; the index
 * (entity id, valid_from_block) serves both the list and `validFromBlock` filters and sorts.
 */
export function historyEntity(spec: EntitySpec, relation: string): EntitySpec {
  const h = spec.history!;
  const kept = Object.fromEntries(Object.entries(h.columns).map(([field, column]) => [field, { ...spec.columns[field]!, column, indexed: false }]));
  return {
    name: `${spec.name}History`,
    table: h.table,
    description: `${spec.name}'s kept fields over the block range [validFromBlock, validToBlock): one row per block in which they changed.`,
    columns: {
      id: { column: 'id', kind: 'id', description: `<${relation} id>-<validFromBlock>` },
      validFromBlock: { column: 'valid_from_block', kind: 'int', indexedAfter: h.entityColumn, description: 'the first block this state holds at' },
      validToBlock: { column: 'valid_to_block', kind: 'int', nullable: true, indexed: true, description: 'the block it ceased at (exclusive); null while it is the current state' },
      ...kept,
    },
    relations: { [relation]: { target: () => spec, column: h.entityColumn } },
    defaultOrder: ['validFromBlock_ASC'],
  };
}
