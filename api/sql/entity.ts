// What the query builder knows of an entity: its table, the columns it exposes (with their kind,
// whether they are indexed) and its many-to-one relations. Each schema module declares its entities
// with these; `where.ts` and `page.ts` turn a request into SQL from them.

export type FieldKind = 'id' | 'string' | 'address' | 'bytes' | 'int' | 'bigint' | 'datetime' | 'bool' | 'enum' | 'stringList' | 'intList' | 'json';

export interface ColumnSpec {
  column: string;
  kind: FieldKind;
  nullable?: boolean;
  /** an index leads with this column: it may be filtered and sorted on even when the table is big */
  indexed?: boolean;
  /**
   * a composite index (`indexedAfter`, this column) serves it: filterable and sortable only in
   * connections under one parent whose column is `indexedAfter` (a history's changes)
   */
  indexedAfter?: string;
  /** the GraphQL enum of an `enum` column */
  enumName?: string;
  description?: string;
}

export interface RelationSpec {
  /** the entity referred to; its key is `id` */
  target: () => EntitySpec;
  /** the column of this table holding the target's id (indexed) */
  column: string;
  nullable?: boolean;
  description?: string;
}

/**
 * Where an entity's state as of a block is kept: one row per block it changed in, valid over
 * [valid_from_block, valid_to_block) (docs/indexer.md, "History"). `columns` maps the entity's fields
 * the history keeps to the history table's columns; other fields are not kept.
 */
export interface HistorySpec {
  table: string;
  /** the history table's column holding the entity's id; an index leads with (it, valid_from_block) */
  entityColumn: string;
  columns: Record<string, string>;
}

export interface EntitySpec {
  /** GraphQL type name */
  name: string;
  table: string;
  /** a table that stays small (tokens, datanets): every column is filterable and sortable */
  small?: boolean;
  description?: string;
  columns: Record<string, ColumnSpec>;
  relations: Record<string, RelationSpec>;
  /** the entity's block-range history, when it keeps one (`block: { number }` arguments) */
  history?: HistorySpec;
  /** the order when `orderBy` is not given (then `id`) */
  defaultOrder?: readonly string[];
  /** the table may not exist yet (another program creates it): reads of a missing one find no rows */
  optional?: boolean;
}

/**
 * A one-to-many relation: the rows of `child` whose `column` holds the parent's `parentField`
 * (an inference's attributions). An index leads with `column`; `_some` / `_every` / `_none`
 * filters on the parent are EXISTS subqueries on it.
 */
export interface ToManySpec {
  child: EntitySpec;
  column: string;
  parentField: string;
}

const toMany = new Map<EntitySpec, Map<string, ToManySpec>>();

/** Declares `parent.field` as a one-to-many relation (nested connections do, see entityTypes.ts). */
export function addToMany(parent: EntitySpec, field: string, relation: ToManySpec): void {
  let fields = toMany.get(parent);
  if (!fields) toMany.set(parent, (fields = new Map()));
  fields.set(field, relation);
}

/** The one-to-many relations of `parent`, by field name. */
export const toManyOf = (parent: EntitySpec): ReadonlyMap<string, ToManySpec> => toMany.get(parent) ?? new Map();

/** A row as the builder selects it: one property per declared column and relation (the relation's id). */
export type Row = Record<string, unknown> & { id: string };

// lists and JSON documents are never filtered on (no index could serve it)
const UNFILTERABLE: FieldKind[] = ['stringList', 'intList', 'json'];

/** Whether `field` may be filtered on (always `id`; indexed columns; every scalar column of a small table). */
export function filterable(spec: EntitySpec, field: string): boolean {
  const c = spec.columns[field];
  if (!c || UNFILTERABLE.includes(c.kind)) return false;
  return field === 'id' || c.indexed === true || c.indexedAfter !== undefined || spec.small === true;
}

/** Whether `field` may be sorted on: filterable and never null (keyset pagination compares it). */
export function sortable(spec: EntitySpec, field: string): boolean {
  return filterable(spec, field) && spec.columns[field]!.nullable !== true;
}

/** Quotes a trusted identifier (table and column names come from the specs, never from a request). */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Quotes a table name, schema-qualified (`verifier.verification`) or not. */
export const tableIdent = (name: string): string => name.split('.').map(ident).join('.');

/**
 * The select list of `spec` for table alias `alias`: each column and relation under its field name
 * (after `prefix`); only the fields in `fields` when given (a projection, see projection.ts). For
 * rows that travel as JSON (`json`), BigInt columns are sent as text (a JSON number would lose digits).
 */
export function selectList(spec: EntitySpec, alias: string, prefix = '', fields?: ReadonlySet<string>, json = false): string {
  const keep = ([f]: [string, unknown]) => !fields || fields.has(f);
  const value = (c: ColumnSpec) => `${alias}.${ident(c.column)}${json && c.kind === 'bigint' ? '::text' : ''}`;
  const cols = Object.entries(spec.columns).filter(keep).map(([f, c]) => `${value(c)} AS ${ident(prefix + f)}`);
  const rels = Object.entries(spec.relations).filter(keep).map(([f, r]) => `${alias}.${ident(r.column)} AS ${ident(prefix + f)}`);
  return [...cols, ...rels].join(', ');
}

/** SQL parameters of one statement: `add` returns the placeholder of a value (never inlined). */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Shorthand for a column spec. */
export const col = (column: string, kind: FieldKind, more: Omit<ColumnSpec, 'column' | 'kind'> = {}): ColumnSpec => ({ column, kind, ...more });

/** A nullable column with a text's exact bytes, set when the text had to be altered to be stored. */
export const rawCol = (column: string, what: string): ColumnSpec =>
  col(column, 'bytes', { nullable: true, description: `the ${what}'s exact bytes (0x-hex) when the text was altered to be stored, else null` });

/** The columns of a row made from one log: its block (indexed or not), time, transaction and log index. */
export const logColumns = (blockIndexed: boolean): Record<string, ColumnSpec> => ({
  blockNumber: col('block_number', 'int', { indexed: blockIndexed }),
  timestamp: col('timestamp', 'datetime'),
  txHash: col('tx_hash', 'bytes'),
  logIndex: col('log_index', 'int'),
});
