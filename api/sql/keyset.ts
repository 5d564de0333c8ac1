// Keyset pagination (Relay's first/after/last/before): the order is the requested sort keys then
// `id`, a cursor holds the row's values of those keys, and a page is one indexed range scan
// (`WHERE (keys) > cursor ORDER BY keys LIMIT n + 1`), never an OFFSET. This module plans a page
// (its condition and order under a table alias) and makes the page of the rows fetched.
import { GraphQLError } from 'graphql';
import { ident, sortable, type EntitySpec, type Params, type Row } from './entity.ts';
import { withFields, type Projection } from './projection.ts';
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
  /** the cursor of row `i` (made when asked: most pages are read without their cursors) */
  cursor(i: number): string;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface Key {
  field: string;
  column: string;
  desc: boolean;
}

/**
 * The sort keys of `orderBy` (e.g. `blockNumber_DESC`), `id` appended as the tie-break in the last
 * key's direction: `[blockNumber_DESC]` is `block_number DESC, id DESC`, one backward scan of an
 * index on (block_number, id), where an ascending tie-break would sort each block's rows.
 */
export function sortKeys(spec: EntitySpec, orderBy: readonly string[] | null | undefined): Key[] {
  const items = orderBy?.length ? orderBy : (spec.defaultOrder ?? []);
  const memo = memoOf(spec);
  const name = items.join(',');
  let keys = memo.get(name);
  if (!keys) {
    keys = keysOf(spec, items);
    if (memo.size < MAX_MEMO_ORDERS) memo.set(name, keys);
  }
  return keys;
}

/** The most orders remembered per entity (valid ones only: a few per entity in practice; any list can be sent). */
const MAX_MEMO_ORDERS = 256;
const memos = new WeakMap<EntitySpec, Map<string, Key[]>>();

function memoOf(spec: EntitySpec): Map<string, Key[]> {
  let memo = memos.get(spec);
  if (!memo) memos.set(spec, (memo = new Map()));
  return memo;
}

function keysOf(spec: EntitySpec, items: readonly string[]): Key[] {
  const keys: Key[] = [];
  for (const item of items) {
    const m = /^(.+)_(ASC|DESC)$/.exec(item);
    if (!m || !sortable(spec, m[1]!)) throw new GraphQLError(`orderBy: ${spec.name} cannot be sorted by ${JSON.stringify(item)}`);
    if (keys.some((k) => k.field === m[1])) continue;
    keys.push({ field: m[1]!, column: spec.columns[m[1]!]!.column, desc: m[2] === 'DESC' });
  }
  if (!keys.some((k) => k.field === 'id')) keys.push({ field: 'id', column: 'id', desc: keys.at(-1)?.desc ?? false });
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
 * Rows strictly after (`dir` 1) or before (`dir` -1) `values` in the order of `keys`. Keys of one
 * direction compare as a row (`(k0, k1) > (v0, v1)`), which an index on those columns starts its
 * scan at. Mixed directions expand to ORs, with the first key's bound repeated on its own
 * (`k0 >= v0` AND (...)) so that the index leading with it starts the scan near the cursor.
 */
function beyond(keys: Key[], values: unknown[], dir: 1 | -1, alias: string, params: Params): string {
  if (keys.every((k) => k.desc === keys[0]!.desc)) {
    const columns = keys.map((k) => `${alias}.${ident(k.column)}`).join(', ');
    return `(${columns}) ${(keys[0]!.desc ? -1 : 1) * dir > 0 ? '>' : '<'} (${values.map((v) => params.add(v)).join(', ')})`;
  }
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

export interface Plan {
  keys: Key[];
  size: number;
  backward: boolean;
  where: string;
  orderBy: string;
}

export function plan(spec: EntitySpec, args: PageArgs, alias: string, params: Params): Plan {
  const keys = sortKeys(spec, args.orderBy);
  const { size, backward } = pageSize(args);
  const conds = [compileWhere(spec, args.where, alias, params)];
  if (args.after) conds.push(beyond(keys, decodeCursor(keys, args.after, 'after'), 1, alias, params));
  if (args.before) conds.push(beyond(keys, decodeCursor(keys, args.before, 'before'), -1, alias, params));
  const orderBy = keys.map((k) => `${alias}.${ident(k.column)} ${k.desc !== backward ? 'DESC' : 'ASC'}`).join(', ');
  return { keys, size, backward, where: conds.join(' AND '), orderBy };
}

export function toPage(p: Plan, args: PageArgs, fetched: Row[]): Page {
  const more = fetched.length > p.size;
  const rows = fetched.slice(0, p.size);
  if (p.backward) rows.reverse();
  return {
    rows,
    cursor: (i) => encodeCursor(p.keys, rows[i]!),
    hasNextPage: p.backward ? Boolean(args.before) : more,
    hasPreviousPage: p.backward ? more : Boolean(args.after),
  };
}

/** The projection of a page: `fields` and the sort keys (its cursors hold them). */
export const pageFields = (fields: Projection, p: Plan): Projection => withFields(fields, p.keys.map((k) => k.field));

/** The page of rows fetched in the plan's order (at most one past the page) by another statement. */
export function pageOf(spec: EntitySpec, args: PageArgs, fetched: Row[]): Page {
  return toPage({ keys: sortKeys(spec, args.orderBy), ...pageSize(args), where: '', orderBy: '' }, args, fetched);
}

/**
 * The FROM item and clauses of a page of `from` (a table or as-of item under `alias`): with joins,
 * the page is cut first (a subquery under the same alias) and only its rows are joined, so a page of
 * 50 joins 50 rows, not every row the scan passes before the sort; without, the plain clauses.
 * `where` may add a condition (a nested page's parent key).
 */
export function pagedFrom(from: string, alias: string, p: Plan, joins: string, where = ''): string {
  const cond = where ? `${where} AND ${p.where}` : p.where;
  if (!joins) return `${from} WHERE ${cond} ORDER BY ${p.orderBy} LIMIT ${p.size + 1}`;
  return `(SELECT * FROM ${from} WHERE ${cond} ORDER BY ${p.orderBy} LIMIT ${p.size + 1}) ${alias}${joins} ORDER BY ${p.orderBy}`;
}
