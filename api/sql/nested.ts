// The SQL of a read (rowRead.ts) on a table alias: its columns, its joins, and each nested
// connection as a correlated subquery that returns the parent row's page (LIMIT n + 1 off the
// child's index, like a page of its own) as one JSON array; then the JSON rows made into rows as a
// statement of their own would have returned them.
import { ident, selectList, type EntitySpec, type Params, type Row } from './entity.ts';
import { fromItem } from './asOf.ts';
import { joinSql } from './joins.ts';
import { pageFields, pagedFrom, plan, type Plan } from './keyset.ts';
import { nestedRowsKey, type NestedRead, type RowRead } from './rowRead.ts';

/** The column of `spec` holding its field `field` (a column or a relation's key). */
function columnOf(spec: EntitySpec, field: string): string {
  return spec.columns[field]?.column ?? spec.relations[field]?.column ?? field;
}

/** One nested connection's subquery on the rows of `parent` (alias `parentAlias`), at nesting `depth` (from 1). */
function nestedSql(parent: EntitySpec, parentAlias: string, n: NestedRead, params: Params, depth: number): string {
  const child = n.relation.child;
  const alias = `t${depth}`;
  const p = plan(child, n.args, alias, params);
  const body = readSql(child, n.read, alias, params, p, depth);
  const order = p.keys.map((k) => `x.${ident(k.field)} ${k.desc !== p.backward ? 'DESC' : 'ASC'}`).join(', ');
  return (
    `(SELECT coalesce(json_agg(x ORDER BY ${order}), '[]'::json) FROM (SELECT ${body.select} ` +
    `FROM ${pagedFrom(fromItem(child, n.args.block?.number, alias, params), alias, p, body.join, `${alias}.${ident(n.relation.column)} = ${parentAlias}.${ident(columnOf(parent, n.relation.parentField))}`)}` +
    `) x) AS ${ident(nestedRowsKey(n.key))}`
  );
}

/**
 * The select list and joins of `read` on `spec`'s rows under `alias` (the sort keys of `page` added
 * to its columns), nested connections included; below the top (`depth` > 0) the rows travel as JSON.
 */
export function readSql(spec: EntitySpec, read: RowRead, alias: string, params: Params, page?: Plan, depth = 0): { select: string; join: string } {
  const fields = page ? pageFields(read.fields, page) : read.fields;
  const j = joinSql(read.joins, alias, depth > 0 ? String(depth) : '');
  const nested = read.nested.map((n) => `, ${nestedSql(spec, alias, n, params, depth + 1)}`).join('');
  return { select: `${selectList(spec, alias, '', fields, depth > 0)}${j.select}${nested}`, join: j.join };
}

const DATETIME = (spec: EntitySpec, read: RowRead) =>
  Object.entries(spec.columns).filter(([f, c]) => c.kind === 'datetime' && (!read.fields || read.fields.has(f))).map(([f]) => f);

/** Rows of a nested page as JSON carried them, made like the rows of a statement: times as Dates. */
function fromJson(rows: Row[], spec: EntitySpec, read: RowRead): Row[] {
  const times = DATETIME(spec, read);
  for (const row of rows) for (const f of times) if (typeof row[f] === 'string') row[f] = new Date(row[f] as string);
  finishNested(rows, read);
  return rows;
}

/** Makes the nested pages of `rows` (read with `read`) into rows like a statement's. */
export function finishNested(rows: Row[], read: RowRead): void {
  for (const n of read.nested) {
    const key = nestedRowsKey(n.key);
    for (const row of rows) row[key] = fromJson((row[key] as Row[] | null) ?? [], n.relation.child, n.read);
  }
}
