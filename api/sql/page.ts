// Keyset pagination (Relay's first/after/last/before) over an entity's table: the order is the
// requested sort keys then `id`, a cursor holds the row's values of those keys, and a page is one
// indexed range scan (`WHERE (keys) > cursor ORDER BY keys LIMIT n + 1`), never an OFFSET.
// Nested connections of many parents load in one statement (a LIMIT per parent); the many-to-one
// relations a request selects on the rows are joined into their statement (joins.ts).
import { GraphQLError } from 'graphql';
import { ident, Params, selectList, sortable, type EntitySpec, type Row } from './entity.ts';
import { fromItem } from './asOf.ts';
import { joinSql, nestJoined, type Join } from './joins.ts';
import { compileWhere } from './where.ts';

/** The most rows one page may hold (`first` / `last`). */
export const MAX_PAGE = 1000;
/** Rows of a page when neither `first` nor `last` is given. */
export const DEFAULT_PAGE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  orderBy?: readonly string[] | null;
  where?: Record<string, unknown> | null;
  /** as of this block (entities with a history only) */
  block?: { number: number } | null;
}

export interface Page {
  rows: Row[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: Row[] }>;
}

interface Key {
  field: string;
  column: string;
  desc: boolean;
}

/** The sort keys of `orderBy` (e.g. `blockNumber_DESC`), `id` appended as the tie-break. */
export function sortKeys(spec: EntitySpec, orderBy: readonly string[] | null | undefined): Key[] {
  const keys: Key[] = [];
  for (const item of orderBy?.length ? orderBy : (spec.defaultOrder ?? [])) {
    const m = /^(.+)_(ASC|DESC)$/.exec(item);
    if (!m || !sortable(spec, m[1]!)) throw new GraphQLError(`orderBy: ${spec.name} cannot be sorted by ${JSON.stringify(item)}`);
    if (keys.some((k) => k.field === m[1])) continue;
    keys.push({ field: m[1]!, column: spec.columns[m[1]!]!.column, desc: m[2] === 'DESC' });
  }
  if (!keys.some((k) => k.field === 'id')) keys.push({ field: 'id', column: 'id', desc: false });
  return keys;
}

const signature = (keys: Key[]) => keys.map((k) => `${k.field}_${k.desc ? 'DESC' : 'ASC'}`).join(',');

function cursorValue(v: unknown): string | number | null {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || v === null) return v;
  return String(v);
}

export function encodeCursor(keys: Key[], row: Row): string {
  return Buffer.from(JSON.stringify([signature(keys), ...keys.map((k) => cursorValue(row[k.field]))])).toString('base64url');
}

export function decodeCursor(keys: Key[], cursor: string, arg: string): unknown[] {
  let parsed: unknown[] | undefined;
  try {
    parsed = cursor.length <= 4096 ? (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[]) : undefined;
  } catch {
    parsed = undefined;
  }
  const ok = Array.isArray(parsed) && parsed.length === keys.length + 1 && parsed!.slice(1).every((v) => typeof v === 'string' || typeof v === 'number');
  if (!ok) throw new GraphQLError(`${arg}: expected a cursor from this connection, got ${JSON.stringify(cursor.slice(0, 60))}`);
  if (parsed![0] !== signature(keys)) throw new GraphQLError(`${arg}: the cursor belongs to orderBy ${String(parsed![0])}, not ${signature(keys)}`);
  return parsed!.slice(1);
}

/**
 * Rows strictly after (`dir` 1) or before (`dir` -1) `values` in the order of `keys`. The first
 * key's bound is repeated on its own (`k0 >= v0` AND (...)) so that the index leading with it
 * starts the scan at the cursor instead of filtering every row before it.
 */
function beyond(keys: Key[], values: unknown[], dir: 1 | -1, alias: string, params: Params): string {
  const ors: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const ands = keys.slice(0, i).map((k, j) => `${alias}.${ident(k.column)} = ${params.add(values[j])}`);
    const greater = (keys[i]!.desc ? -1 : 1) * dir > 0;
    ands.push(`${alias}.${ident(keys[i]!.column)} ${greater ? '>' : '<'} ${params.add(values[i])}`);
    ors.push(`(${ands.join(' AND ')})`);
  }
  const first = keys[0]!;
  const bound = `${alias}.${ident(first.column)} ${(first.desc ? -1 : 1) * dir > 0 ? '>=' : '<='} ${params.add(values[0])}`;
  return `(${bound} AND (${ors.join(' OR ')}))`;
}

function pageSize(args: PageArgs): { size: number; backward: boolean } {
  for (const arg of ['first', 'last'] as const) {
    const n = args[arg];
    if (n != null && (n < 0 || n > MAX_PAGE)) throw new GraphQLError(`${arg}: expected 0 to ${MAX_PAGE}, got ${n}`);
  }
  if (args.first != null && args.last != null) throw new GraphQLError('first and last: give one of them, not both');
  return args.last != null ? { size: args.last, backward: true } : { size: args.first ?? DEFAULT_PAGE, backward: false };
}

interface Plan {
  keys: Key[];
  size: number;
  backward: boolean;
  where: string;
  orderBy: string;
}

function plan(spec: EntitySpec, args: PageArgs, alias: string, params: Params): Plan {
  const keys = sortKeys(spec, args.orderBy);
  const { size, backward } = pageSize(args);
  const conds = [compileWhere(spec, args.where, alias, params)];
  if (args.after) conds.push(beyond(keys, decodeCursor(keys, args.after, 'after'), 1, alias, params));
  if (args.before) conds.push(beyond(keys, decodeCursor(keys, args.before, 'before'), -1, alias, params));
  const orderBy = keys.map((k) => `${alias}.${ident(k.column)} ${k.desc !== backward ? 'DESC' : 'ASC'}`).join(', ');
  return { keys, size, backward, where: conds.join(' AND '), orderBy };
}

function toPage(p: Plan, args: PageArgs, fetched: Row[]): Page {
  const more = fetched.length > p.size;
  const rows = fetched.slice(0, p.size);
  if (p.backward) rows.reverse();
  return {
    rows,
    cursors: rows.map((r) => encodeCursor(p.keys, r)),
    hasNextPage: p.backward ? Boolean(args.before) : more,
    hasPreviousPage: p.backward ? more : Boolean(args.after),
  };
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

/** One page of `spec`'s rows (with the related rows of `joins`). */
export async function loadPage(db: Queryable, spec: EntitySpec, args: PageArgs, joins: readonly Join[] = []): Promise<Page> {
  const params = new Params();
  const p = plan(spec, args, 't0', params);
  const from = fromItem(spec, args.block?.number, 't0', params);
  const j = joinSql(joins, 't0');
  const sql = `SELECT ${selectList(spec, 't0')}${j.select} FROM ${from}${j.join} WHERE ${p.where} ORDER BY ${p.orderBy} LIMIT ${p.size + 1}`;
  const { rows } = await queryOf(db, spec).query(sql, params.values);
  nestJoined(rows, joins);
  return toPage(p, args, rows);
}

/**
 * One page per parent of the rows of `spec` whose `column` is one of `parents` (a nested
 * connection, e.g. each inference's attributions), in one statement; pages in the order of `parents`.
 * Each parent's page is its own `LIMIT n + 1` subquery (a lateral join over the parent ids), so a
 * parent with a million children reads a page of them off the index, not all of them.
 */
export async function loadPages(db: Queryable, spec: EntitySpec, column: string, parents: readonly string[], args: PageArgs, joins: readonly Join[] = []): Promise<Page[]> {
  const params = new Params();
  const parentIds = params.add(parents);
  const p = plan(spec, args, 't0', params);
  const outer = p.keys.map((k) => `s.${ident(k.field)} ${k.desc !== p.backward ? 'DESC' : 'ASC'}`).join(', ');
  const j = joinSql(joins, 't0');
  const sql =
    `SELECT s.* FROM unnest(${parentIds}::text[]) WITH ORDINALITY AS parents("id", "ord") CROSS JOIN LATERAL ` +
    `(SELECT ${selectList(spec, 't0')}${j.select}, t0.${ident(column)} AS "__parent" FROM ${fromItem(spec, args.block?.number, 't0', params)}${j.join} ` +
    `WHERE t0.${ident(column)} = parents."id" AND ${p.where} ORDER BY ${p.orderBy} LIMIT ${p.size + 1}) s ` +
    `ORDER BY parents."ord", ${outer}`;
  const { rows } = await queryOf(db, spec).query(sql, params.values);
  nestJoined(rows, joins);
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

/** The rows of `spec` with the given ids (as of `block` when given; with the related rows of `joins`), in the order of `ids` (null where none). */
export async function loadByIds(db: Queryable, spec: EntitySpec, ids: readonly string[], block?: number | null, joins: readonly Join[] = []): Promise<(Row | null)[]> {
  const params = new Params();
  const list = params.add(ids);
  const from = fromItem(spec, block, 't0', params);
  const j = joinSql(joins, 't0');
  const { rows } = await queryOf(db, spec).query(`SELECT ${selectList(spec, 't0')}${j.select} FROM ${from}${j.join} WHERE t0."id" = ANY(${list})`, params.values);
  nestJoined(rows, joins);
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  return ids.map((id) => byId.get(id) ?? null);
}
