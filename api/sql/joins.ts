// Many-to-one relations a request selects, joined into the statement that loads their rows (one
// LEFT JOIN each on the relation's key) instead of one more statement for them: an inference page
// selecting `model { name }` reads the inferences and their models in one statement. One level:
// a joined row's own relations load by id as before (through DataLoader).
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { ident, selectList, tableIdent, type EntitySpec, type Row } from './entity.ts';

export interface Join {
  /** the relation's field */
  field: string;
  /** this table's column holding the target's id */
  column: string;
  target: EntitySpec;
}

/** The fields of a selection set by name, fragments followed. */
function fields(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, out: Map<string, FieldNode[]> = new Map()): Map<string, FieldNode[]> {
  for (const s of set?.selections ?? []) {
    if (s.kind === 'Field') out.set(s.name.value, [...(out.get(s.name.value) ?? []), s]);
    else if (s.kind === 'InlineFragment') fields(s.selectionSet, info, out);
    else fields(info.fragments[s.name.value]?.selectionSet, info, out);
  }
  return out;
}

const sub = (nodes: FieldNode[] | undefined, info: GraphQLResolveInfo, name: string): FieldNode[] =>
  (nodes ?? []).flatMap((n) => fields(n.selectionSet, info).get(name) ?? []);

/**
 * The relations of `spec` that the field being resolved selects on its rows: on the object itself
 * (`object`, a lookup) or on a connection's `nodes` and `edges { node }`; only relations to
 * entities the schema defines (`defined`).
 */
export function selectedJoins(spec: EntitySpec, info: GraphQLResolveInfo, shape: 'object' | 'connection', defined: (s: EntitySpec) => boolean): Join[] {
  const top = [...info.fieldNodes];
  const rows = shape === 'object' ? top : [...sub(top, info, 'nodes'), ...sub(sub(top, info, 'edges'), info, 'node')];
  const selected = new Set(rows.flatMap((n) => [...fields(n.selectionSet, info).keys()]));
  return Object.entries(spec.relations)
    .filter(([field, r]) => selected.has(field) && defined(r.target()))
    .map(([field, r]) => ({ field, column: r.column, target: r.target() }));
}

/** A name for the joins (part of a DataLoader's key: loads with other joins are other loads). */
export const joinsKey = (joins: readonly Join[]): string => joins.map((j) => j.field).join(',');

const alias = (j: Join) => ident(`j_${j.field}`);
const prefix = (j: Join) => `@${j.field}.`;

/** The joins' select items (`"@model.name"`, ...) and FROM clauses, on the rows of table alias `from`. */
export function joinSql(joins: readonly Join[], from: string): { select: string; join: string } {
  return {
    select: joins.map((j) => `, ${selectList(j.target, alias(j), prefix(j))}`).join(''),
    join: joins.map((j) => ` LEFT JOIN ${tableIdent(j.target.table)} ${alias(j)} ON ${alias(j)}."id" = ${from}.${ident(j.column)}`).join(''),
  };
}

/** Puts each row's joined columns together as `row["@<field>"]`: the related row, or null when there is none. */
export function nestJoined(rows: Row[], joins: readonly Join[]): void {
  for (const j of joins) {
    const p = prefix(j);
    const names = [...Object.keys(j.target.columns), ...Object.keys(j.target.relations)];
    for (const row of rows) {
      if (row[`${p}id`] == null) {
        row[`@${j.field}`] = null;
        continue;
      }
      const related: Record<string, unknown> = {};
      for (const n of names) related[n] = row[p + n];
      row[`@${j.field}`] = related;
    }
  }
}

/** The related row a join put on `row` (null: none), or undefined when it was not joined. */
export const joinedRow = (row: Row, field: string): Row | null | undefined => row[`@${field}`] as Row | null | undefined;
