// What one statement reads of an entity's rows for a request, worked out from the selection: the
// columns (projection.ts), the many-to-one relations joined in (joins.ts) and the nested
// connections read in the same statement as JSON (nested.ts), each with its own read, down to
// MAX_NESTED_DEPTH levels. A request's page of inferences with their attributions and challenges
// is one statement.
import { getArgumentValues, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { Params, toManyOf, type EntitySpec, type ToManySpec } from './entity.ts';
import { joinsKey, type Join } from './joins.ts';
import { plan, type PageArgs } from './keyset.ts';
import { projectionKey, projectionOf, type Projection } from './projection.ts';
import { rowNodes, selectionFields } from './selection.ts';

/** Nested connections below this many levels load with a statement of their own (per level). */
export const MAX_NESTED_DEPTH = 3;

/**
 * The longest response key read inline: its column is `@@<key>`, and Postgres cuts a column name
 * at 63 bytes, so two longer aliases with the same beginning would land in one column.
 */
export const MAX_INLINE_KEY = 48;

export interface RowRead {
  /** the fields selected (undefined: every column) */
  fields?: Projection;
  joins: readonly Join[];
  nested: readonly NestedRead[];
}

/** A nested connection read with its parent rows: its page per parent row lands in `row["@@<key>"]`. */
export interface NestedRead {
  /** the field's response key (its alias or name) */
  key: string;
  relation: ToManySpec;
  args: PageArgs;
  read: RowRead;
}

/** Every column, nothing joined or nested. */
export const ALL_COLUMNS: RowRead = { joins: [], nested: [] };

/** A name for a read (part of a DataLoader's key: loads reading other things are other loads). */
export function readKey(read: RowRead): string {
  const nested = read.nested.map((n) => `${n.key}${JSON.stringify(n.args)}{${readKey(n.read)}}`).join(';');
  return `[${projectionKey(read.fields)}]+${joinsKey(read.joins)}${nested ? `;${nested}` : ''}`;
}

/** Where a nested connection's page of rows lands on each parent row. */
export const nestedRowsKey = (key: string): string => `@@${key}`;

function groupByResponseKey(nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
  const groups = new Map<string, FieldNode[]>();
  for (const n of nodes) {
    const key = n.alias?.value ?? n.name.value;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  return groups;
}

/**
 * The read of `spec`'s rows that the field nodes `nodes` select on (a lookup's field, or a
 * connection's `nodes` / `edges { node }`); relations only to entities the schema defines (`defined`).
 * A nested connection whose arguments do not compile (a bad cursor or filter) is left to its own
 * resolver, which reports the error at its own path.
 */
export function readOf(spec: EntitySpec, nodes: readonly FieldNode[], info: GraphQLResolveInfo, defined: (s: EntitySpec) => boolean, depth = 0): RowRead {
  const selected = new Map<string, FieldNode[]>();
  for (const n of nodes) for (const [name, fns] of selectionFields(n.selectionSet, info)) selected.set(name, [...(selected.get(name) ?? []), ...fns]);
  const joins: Join[] = Object.entries(spec.relations)
    .filter(([field, r]) => selected.has(field) && defined(r.target()))
    .map(([field, r]) => {
      const target = r.target();
      const names = new Set<string>();
      for (const n of selected.get(field)!) for (const name of selectionFields(n.selectionSet, info).keys()) names.add(name);
      return { field, column: r.column, target, fields: projectionOf(target, names) };
    });
  const nested: NestedRead[] = [];
  if (depth < MAX_NESTED_DEPTH) {
    const type = info.schema.getType(spec.name) as GraphQLObjectType | undefined;
    for (const [field, relation] of toManyOf(spec)) {
      const fieldNodes = selected.get(field);
      const def = type?.getFields()[field];
      if (!fieldNodes || !def || relation.child.optional) continue;
      for (const [key, group] of groupByResponseKey(fieldNodes)) {
        if (key.length > MAX_INLINE_KEY) continue;
        let args: PageArgs;
        try {
          args = getArgumentValues(def, group[0]!, info.variableValues) as PageArgs;
          plan(relation.child, args, 'x', new Params());
        } catch {
          continue;
        }
        nested.push({ key, relation, args, read: readOf(relation.child, rowNodes(group, info, 'connection'), info, defined, depth + 1) });
      }
    }
  }
  return { fields: projectionOf(spec, selected.keys()), joins, nested };
}

/** The read of the rows the field being resolved selects on (`object`: a lookup; `connection`: its nodes). */
export const selectedRead = (spec: EntitySpec, info: GraphQLResolveInfo, shape: 'object' | 'connection', defined: (s: EntitySpec) => boolean): RowRead =>
  readOf(spec, rowNodes(info.fieldNodes, info, shape), info, defined);
