// `where` inputs to SQL: suffix operators (`blockNumber_gt`, `id_in`, `name_containsInsensitive`),
// AND / OR lists and filters on many-to-one relations (`datanet: { owner_eq }`) as EXISTS
// subqueries. Values always travel as parameters.
import { GraphQLError } from 'graphql';
import { ident, tableIdent, type EntitySpec, type FieldKind, type Params } from './entity.ts';

export const OPERATORS = [
  'eq', 'not_eq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'isNull',
  'contains', 'startsWith', 'endsWith', 'containsInsensitive',
] as const;
export type Operator = (typeof OPERATORS)[number];

const ORDERED: Operator[] = ['eq', 'not_eq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in'];
const EQUALITY: Operator[] = ['eq', 'not_eq', 'in', 'not_in'];
const TEXT: Operator[] = ['contains', 'startsWith', 'endsWith', 'containsInsensitive'];

/** The most values an `_in` / `_not_in` list may hold. */
export const MAX_IN_VALUES = 1000;
/** How deep relation filters and AND/OR lists may nest. */
export const MAX_FILTER_DEPTH = 5;

/** The operators a column of `kind` offers (`nullable` adds `isNull`; substring operators only where `substring`). */
export function operatorsFor(kind: FieldKind, nullable: boolean, substring: boolean): Operator[] {
  const base: Operator[] = kind === 'bool' || kind === 'enum' || kind === 'address' || kind === 'bytes' ? EQUALITY : ORDERED;
  return [...base, ...(nullable ? (['isNull'] as Operator[]) : []), ...(kind === 'string' && substring ? TEXT : [])];
}

/** Splits `field_op` at the operator suffix (the longest that matches). */
export function splitFilterKey(key: string): { field: string; op: Operator } | undefined {
  const ops = [...OPERATORS].sort((a, b) => b.length - a.length);
  for (const op of ops) if (key.endsWith(`_${op}`)) return { field: key.slice(0, -op.length - 1), op };
  return undefined;
}

type Where = Record<string, unknown>;

interface Compiler {
  params: Params;
  aliases: number;
}

function condition(column: string, kind: FieldKind, op: Operator, value: unknown, params: Params): string {
  // a BigInt compares as numeric whatever the column's type (an integer column would refuse a value past its range)
  const cast = kind === 'bigint' ? (op === 'in' || op === 'not_in' ? '::numeric[]' : '::numeric') : '';
  const p = () => `${params.add(value)}${cast}`;
  switch (op) {
    case 'eq': return `${column} = ${p()}`;
    case 'not_eq': return `${column} <> ${p()}`;
    case 'gt': return `${column} > ${p()}`;
    case 'gte': return `${column} >= ${p()}`;
    case 'lt': return `${column} < ${p()}`;
    case 'lte': return `${column} <= ${p()}`;
    case 'in':
    case 'not_in': {
      const list = value as unknown[];
      if (list.length > MAX_IN_VALUES) throw new GraphQLError(`_${op}: at most ${MAX_IN_VALUES} values, got ${list.length}`);
      return op === 'in' ? `${column} = ANY(${p()})` : `NOT (${column} = ANY(${p()}))`;
    }
    case 'isNull': return value ? `${column} IS NULL` : `${column} IS NOT NULL`;
    case 'contains': return `strpos(${column}, ${p()}) > 0`;
    case 'startsWith': return `starts_with(${column}, ${p()})`;
    case 'endsWith': {
      const v = p();
      return `right(${column}, length(${v})) = ${v}`;
    }
    case 'containsInsensitive': return `strpos(lower(${column}), lower(${p()})) > 0`;
  }
}

function compile(spec: EntitySpec, where: Where, alias: string, c: Compiler, depth: number): string {
  if (depth > MAX_FILTER_DEPTH) throw new GraphQLError(`where: filters nest at most ${MAX_FILTER_DEPTH} deep`);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === 'AND' || key === 'OR') {
      const list = (value as Where[] | null) ?? [];
      const inner = list.map((w) => compile(spec, w, alias, c, depth + 1));
      if (inner.length > 0) parts.push(`(${inner.join(key === 'AND' ? ' AND ' : ' OR ')})`);
      continue;
    }
    const relation = spec.relations[key];
    if (relation) {
      if (value === null) continue;
      const target = relation.target();
      const inner = `r${++c.aliases}`;
      const cond = compile(target, value as Where, inner, c, depth + 1);
      parts.push(`EXISTS (SELECT 1 FROM ${tableIdent(target.table)} ${inner} WHERE ${inner}."id" = ${alias}.${ident(relation.column)} AND ${cond})`);
      continue;
    }
    const split = splitFilterKey(key);
    const column = split && spec.columns[split.field];
    // the input types allow only declared filters; anything else is a programming error
    if (!split || !column) throw new Error(`where: ${spec.name} has no filter ${key}`);
    if (value === null) throw new GraphQLError(`where: ${key} needs a value, got null`);
    parts.push(condition(`${alias}.${ident(column.column)}`, column.kind, split.op, value, c.params));
  }
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

/** The SQL condition of `where` on `spec`'s table under alias `alias`; values go into `params`. */
export function compileWhere(spec: EntitySpec, where: Where | null | undefined, alias: string, params: Params): string {
  return where ? compile(spec, where, alias, { params, aliases: 0 }, 0) : 'TRUE';
}
