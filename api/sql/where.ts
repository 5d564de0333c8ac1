// `where` inputs to SQL: suffix operators (`blockNumber_gt`, `id_in`, `name_containsInsensitive`),
// AND / OR lists, filters on many-to-one relations (`datanet: { owner_eq }`) and on one-to-many
// relations (`attributions_some: { ... }`, `_every`, `_none`), all as EXISTS subqueries on indexed
// keys. Values always travel as parameters.
import { GraphQLError } from 'graphql';
import { ident, tableIdent, toManyOf, type EntitySpec, type FieldKind, type Params } from "./entity.ts";

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

/** The quantifiers of filters on one-to-many relations: `<relation>_some`, `_every`, `_none`. */
export const QUANTIFIERS = ['some', 'every', 'none'] as const;
export type Quantifier = (typeof QUANTIFIERS)[number];
const QUANTIFIED = new RegExp(`^(.+)_(${QUANTIFIERS.join('|')})$`);

/** Splits `relation_quantifier` when `relation` is a one-to-many relation of `spec`. */
function splitToManyKey(spec: EntitySpec, key: string): { field: string; quantifier: Quantifier } | undefined {
  const m = QUANTIFIED.exec(key);
  return m && toManyOf(spec).has(m[1]!) ? { field: m[1]!, quantifier: m[2] as Quantifier } : undefined;
}

/** Splits `field_op` at the operator suffix (the longest that matches). */
export function splitFilterKey(key: string): { field: string; op: Operator } | undefined {
  const ops = [...OPERATORS].sort((a, b) => b.length - a.length);
  for (const op of ops) if (key.endsWith(`_${op}`)) return { field: key.slice(0, -op.length - 1), op };
  return undefined;
}

type Where = Record<string, unknown>;

/**
 * Refuses text Postgres cannot take as a parameter: U+0000 (NUL). Stored text never holds it (the
 * indexer stores U+FFFD instead, docs/indexer.md), so such a value could match nothing anyway.
 */
export function refuseNul(value: unknown, what: string): void {
  const bad = (Array.isArray(value) ? value : [value]).find((t): t is string => typeof t === 'string' && t.includes('\u0000'));
  if (bad !== undefined) {
    throw new GraphQLError(`${what}: text with U+0000 (NUL) cannot match anything (stored text never holds it; the indexer stores U+FFFD), got ${JSON.stringify(bad.slice(0, 60))}`);
  }
}

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
    const quantified = splitToManyKey(spec, key);
    if (quantified) {
      if (value === null) continue;
      const rel = toManyOf(spec).get(quantified.field)!;
      const inner = `r${++c.aliases}`;
      const cond = compile(rel.child, value as Where, inner, c, depth + 1);
      const parentColumn = spec.columns[rel.parentField]?.column ?? rel.parentField;
      const rows = `SELECT 1 FROM ${tableIdent(rel.child.table)} ${inner} WHERE ${inner}.${ident(rel.column)} = ${alias}.${ident(parentColumn)}`;
      // every: no child fails the condition (a NULL comparison fails it too, hence IS NOT TRUE)
      if (quantified.quantifier === 'some') parts.push(`EXISTS (${rows} AND ${cond})`);
      else if (quantified.quantifier === 'none') parts.push(`NOT EXISTS (${rows} AND ${cond})`);
      else parts.push(`NOT EXISTS (${rows} AND (${cond}) IS NOT TRUE)`);
      continue;
    }
    const split = splitFilterKey(key);
    const column = split && spec.columns[split.field];
    // the input types allow only declared filters; anything else is a programming error
    if (!split || !column) throw new Error(`where: ${spec.name} has no filter ${key}`);
    if (value === null) throw new GraphQLError(`where: ${key} needs a value, got null`);
    refuseNul(value, `where: ${key}`);
    parts.push(condition(`${alias}.${ident(column.column)}`, column.kind, split.op, value, c.params));
  }
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

/** The SQL condition of `where` on `spec`'s table under alias `alias`; values go into `params`. */
export function compileWhere(spec: EntitySpec, where: Where | null | undefined, alias: string, params: Params): string {
  return where ? compile(spec, where, alias, { params, aliases: 0 }, 0) : 'TRUE';
}
