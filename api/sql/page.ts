// Reads of an entity's rows: a page (keyset.ts), a page per parent for a nested connection, rows
// by id, and counts; each one statement, reading what the request selects (rowRead.ts): the
// columns, the many-to-one relations joined in and nested connections as JSON (nested.ts).
import { ident, Params, type EntitySpec, type Row } from './entity.ts';
import { fromItem } from './asOf.ts';
import { pagedFrom, plan, toPage, type Page, type PageArgs } from './keyset.ts';
import { finishNested, readSql } from './nested.ts';
import { ALL_COLUMNS, type RowRead } from './rowRead.ts';
import { compileWhere } from './where.ts';

export { DEFAULT_PAGE, MAX_PAGE, type Page, type PageArgs } from './keyset.ts';

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: Row[] }>;
}

/**
 * `db`, except that for an entity whose table may not exist yet (`optional`: the verifier's, before
 * a verifier first ran on the database) a missing table or schema reads as no rows.
 */
function queryOf(db: Queryable, spec: EntitySpec): Queryable {
  if (!spec.optional) return db;
  return {
    query: async (sql, params) => {
      try {
        return await db.query(sql, params);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === '42P01' || code === '3F000') return { rows: [] };
        throw e;
      }
    },
  };
}

/** One page of `spec`'s rows, read as `read` says (every column, nothing joined or nested by default). */
export async function loadPage(db: Queryable, spec: EntitySpec, args: PageArgs, read: RowRead = ALL_COLUMNS): Promise<Page> {
  const params = new Params();
  const p = plan(spec, args, 't0', params);
  const from = fromItem(spec, args.block?.number, 't0', params);
  const r = readSql(spec, read, 't0', params, p);
  const sql = `SELECT ${r.select} FROM ${pagedFrom(from, 't0', p, r.join)}`;
  const { rows } = await queryOf(db, spec).query(sql, params.values);
  finishNested(rows, read);
  return toPage(p, args, rows);
}

/**
 * One page per parent of the rows of `spec` whose `column` is one of `parents` (a nested
 * connection, e.g. each inference's attributions), in one statement; pages in the order of `parents`.
 * Each parent's page is its own `LIMIT n + 1` subquery (a lateral join over the parent ids), so a
 * parent with a million children reads a page of them off the index, not all of them.
 */
export async function loadPages(db: Queryable, spec: EntitySpec, column: string, parents: readonly string[], args: PageArgs, read: RowRead = ALL_COLUMNS): Promise<Page[]> {
  const params = new Params();
  const parentIds = params.add(parents);
  const p = plan(spec, args, 't0', params);
  const outer = p.keys.map((k) => `s.${ident(k.field)} ${k.desc !== p.backward ? 'DESC' : 'ASC'}`).join(', ');
  const r = readSql(spec, read, 't0', params, p);
  const sql =
    `SELECT s.* FROM unnest(${parentIds}::text[]) WITH ORDINALITY AS parents("id", "ord") CROSS JOIN LATERAL ` +
    `(SELECT ${r.select}, t0.${ident(column)} AS "__parent" FROM ${pagedFrom(fromItem(spec, args.block?.number, 't0', params), 't0', p, r.join, `t0.${ident(column)} = parents."id"`)}) s ` +
    `ORDER BY parents."ord", ${outer}`;
  const { rows } = await queryOf(db, spec).query(sql, params.values);
  finishNested(rows, read);
  const byParent = new Map<string, Row[]>();
  for (const row of rows) {
    const parent = String(row.__parent);
    delete row.__parent;
    const rows = byParent.get(parent);
    if (rows) rows.push(row);
    else byParent.set(parent, [row]);
  }
  return parents.map((id) => toPage(p, args, byParent.get(id) ?? []));
}

/** How many rows of `spec` match `where` (per parent when `parents` is given). */
export async function countRows(
  db: Queryable,
  spec: EntitySpec,
  where: PageArgs['where'],
  parents?: { column: string; ids: readonly string[] },
  block?: number | null,
): Promise<number[]> {
  const params = new Params();
  const cond = compileWhere(spec, where, 't0', params);
  const from = fromItem(spec, block, 't0', params);
  if (!parents) {
    const { rows } = await queryOf(db, spec).query(`SELECT count(*)::int AS n FROM ${from} WHERE ${cond}`, params.values);
    return [Number(rows[0]?.n ?? 0)];
  }
  const ids = params.add(parents.ids);
  const col = `t0.${ident(parents.column)}`;
  const { rows } = await queryOf(db, spec).query(
    `SELECT ${col} AS parent, count(*)::int AS n FROM ${from} WHERE ${col} = ANY(${ids}) AND ${cond} GROUP BY ${col}`,
    params.values,
  );
  const counts = new Map(rows.map((r) => [String(r.parent), Number(r.n)]));
  return parents.ids.map((id) => counts.get(id) ?? 0);
}

/**
 * The rows of `spec` with the given ids (as of `block` when given; read as `read` says), in the
 * order of `ids` (null where none).
 */
export async function loadByIds(db: Queryable, spec: EntitySpec, ids: readonly string[], block?: number | null, read: RowRead = ALL_COLUMNS): Promise<(Row | null)[]> {
  const params = new Params();
  const list = params.add(ids);
  const from = fromItem(spec, block, 't0', params);
  const r = readSql(spec, read, 't0', params);
  const { rows } = await queryOf(db, spec).query(`SELECT ${r.select} FROM ${from}${r.join} WHERE t0."id" = ANY(${list})`, params.values);
  finishNested(rows, read);
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  return ids.map((id) => byId.get(id) ?? null);
}
