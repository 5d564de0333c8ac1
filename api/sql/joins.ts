// Many-to-one relations a request selects, joined into the statement that loads their rows (one
// LEFT JOIN each on the relation's key) instead of one more statement for them: an inference page
// selecting `model { name }` reads the inferences and their models in one statement, and only the
// model's columns the request selects. One level: a joined row's own relations load by id as
// before (through DataLoader).
import { ident, tableIdent, type EntitySpec, type Row } from './entity.ts';
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

/** json_build_object takes at most 100 arguments: past 50 fields the object is built in parts. */
const PAIRS_PER_CALL = 50;

/**
 * The related row of `j` under table alias `a` as one JSON object (null when there is none): the
 * target's selected fields by name, BigInt columns as text (selectList's JSON rule). Postgres builds
 * it, so no code walks the joined columns of each row.
 */
function relatedObject(j: Join, a: string): string {
  const pairs = Object.entries(j.target.columns)
    .filter(([f]) => !j.fields || j.fields.has(f))
    .map(([f, c]) => `'${f}', ${a}.${ident(c.column)}${c.kind === 'bigint' ? '::text' : ''}`)
    .concat(Object.entries(j.target.relations).filter(([f]) => !j.fields || j.fields.has(f)).map(([f, r]) => `'${f}', ${a}.${ident(r.column)}`));
  const parts: string[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_CALL) parts.push(pairs.slice(i, i + PAIRS_PER_CALL).join(', '));
  const object = parts.length === 1 ? `json_build_object(${parts[0]})` : `(${parts.map((p) => `jsonb_build_object(${p})`).join(' || ')})`;
  return `CASE WHEN ${a}."id" IS NULL THEN NULL ELSE ${object} END`;
}

/**
 * The joins' select items (`"@model"`: the related row as a JSON object) and FROM clauses, on the
 * rows of table alias `from`; `tag` keeps the aliases of a nested statement's joins apart.
 */
export function joinSql(joins: readonly Join[], from: string, tag = ''): { select: string; join: string } {
  return {
    select: joins.map((j) => `, ${relatedObject(j, alias(j, tag))} AS ${ident(`@${j.field}`)}`).join(''),
    join: joins.map((j) => ` LEFT JOIN ${tableIdent(j.target.table)} ${alias(j, tag)} ON ${alias(j, tag)}."id" = ${from}.${ident(j.column)}`).join(''),
  };
}

/** The related row a join put on `row` (null: none), or undefined when it was not joined. */
export const joinedRow = (row: Row, field: string): Row | null | undefined => row[`@${field}`] as Row | null | undefined;
