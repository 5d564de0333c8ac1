// Many-to-one relations a request selects, joined into the statement that loads their rows (one
// LEFT JOIN each on the relation's key) instead of one more statement for them: an inference page
// selecting `model { name }` reads the inferences and their models in one statement, and only the
// model's columns the request selects. One level: a joined row's own relations load by id as
// before (through DataLoader).
import { ident, selectList, tableIdent, type EntitySpec, type Row } from './entity.ts';
import { projectionKey, type Projection } from './projection.ts';

export interface Join {
  /** the relation's field */
  field: string;
  /** this table's column holding the target's id */
  column: string;
  target: EntitySpec;
  /** the target's fields the request selects (undefined: all) */
  fields?: Projection;
}

/** A name for the joins (part of a DataLoader's key: loads with other joins are other loads). */
export const joinsKey = (joins: readonly Join[]): string => joins.map((j) => `${j.field}(${projectionKey(j.fields)})`).join(',');

const alias = (j: Join, tag: string) => ident(`j${tag}_${j.field}`);
const prefix = (j: Join) => `@${j.field}.`;

/**
 * The joins' select items (`"@model.name"`, ...) and FROM clauses, on the rows of table alias
 * `from`; `tag` keeps the aliases of a nested statement's joins apart, `json` as selectList's.
 */
export function joinSql(joins: readonly Join[], from: string, tag = '', json = false): { select: string; join: string } {
  return {
    select: joins.map((j) => `, ${selectList(j.target, alias(j, tag), prefix(j), j.fields, json)}`).join(''),
    join: joins.map((j) => ` LEFT JOIN ${tableIdent(j.target.table)} ${alias(j, tag)} ON ${alias(j, tag)}."id" = ${from}.${ident(j.column)}`).join(''),
  };
}

/** Puts each row's joined columns together as `row["@<field>"]`: the related row, or null when there is none. */
export function nestJoined(rows: Row[], joins: readonly Join[]): void {
  for (const j of joins) {
    const p = prefix(j);
    const names = [...Object.keys(j.target.columns), ...Object.keys(j.target.relations)].filter((n) => !j.fields || j.fields.has(n));
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
