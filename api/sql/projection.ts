// The fields of an entity a request needs from its rows, so that a statement selects those columns
// only (an explorer's page of 20 inferences asking 8 of their 24 columns reads and decodes 8):
// the selected columns and relation keys, `id`, the key a nested connection needs of its parent,
// and what a field declared elsewhere needs (`declareFieldNeeds`). A selected field it cannot
// account for selects every column (never a missing one).
import { toManyOf, type EntitySpec } from './entity.ts';

/** Field names to select (`id` always among them); undefined: every column. */
export type Projection = ReadonlySet<string> | undefined;

const needs = new Map<EntitySpec, Map<string, readonly string[]>>();

/** Declares that `field` of `spec`, resolved by code outside the entity's spec, reads `fields` of the row. */
export function declareFieldNeeds(spec: EntitySpec, field: string, fields: readonly string[]): void {
  let byField = needs.get(spec);
  if (!byField) needs.set(spec, (byField = new Map()));
  byField.set(field, fields);
}

/** The projection of `spec` for a selection of the field names `names`. */
export function projectionOf(spec: EntitySpec, names: Iterable<string>): Projection {
  const out = new Set<string>(['id']);
  const toMany = toManyOf(spec);
  for (const name of names) {
    if (name === '__typename') continue;
    if (spec.columns[name] || spec.relations[name]) {
      out.add(name);
      continue;
    }
    // a relation to an entity the schema does not define is exposed as `<relation>Id`
    if (name.endsWith('Id') && spec.relations[name.slice(0, -2)]) {
      out.add(name.slice(0, -2));
      continue;
    }
    const many = toMany.get(name);
    const extra = many ? [many.parentField] : needs.get(spec)?.get(name);
    if (!extra) return undefined;
    for (const f of extra) out.add(f);
  }
  return out;
}

/** `projection` with `fields` added (every column stays every column). */
export const withFields = (projection: Projection, fields: readonly string[]): Projection =>
  projection && new Set([...projection, ...fields]);

/** A name for a projection (part of a DataLoader's key: loads selecting other columns are other loads). */
export const projectionKey = (projection: Projection): string => (projection ? [...projection].sort().join(',') : '*');
