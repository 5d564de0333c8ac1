// How an entity class maps to its table, read from TypeORM's metadata once per class: the columns
// (plain and foreign-key), a COPY text line and text parameters per entity (writes), and entities
// from `SELECT *` rows (reads). Foreign keys read back as stubs `{ id }` of the related class, so a
// loaded entity has every column defined and writing it back never nulls a relation by omission.
import type { EntityClass } from '@subsquid/typeorm-store';
import type { EntityManager } from 'typeorm';
import { arrayLiteral, COPY_NULL, copyText } from '../../db/copy.ts';
import { safeJson, safeText } from '../../db/safeText.ts';
import type { WithId } from './withId.ts';

type Kind = 'text' | 'numeric' | 'int' | 'bool' | 'timestamptz' | 'jsonb' | 'array';

interface Column {
  /** the quoted column name */
  name: string;
  /** the row key `SELECT *` returns */
  dbName: string;
  prop: string;
  kind: Kind;
  /** the Postgres type to cast a text parameter to */
  sqlType: string;
  /** foreign key: the related entity class */
  related?: EntityClass<WithId>;
  /** written as is: numbers, booleans and ids (ours are decimal, hex, '-' and '.': nothing to escape) */
  plain: boolean;
}

export interface TableCodec<E extends WithId = WithId> {
  cls: EntityClass<E>;
  /** the quoted table name */
  table: string;
  /** quoted column names, in `columns` order */
  names: string[];
  columns: Column[];
  /** one COPY text line (no newline) */
  line(entity: E): string;
  /** one text value (or null) per column, for `unnest($n::text[])` parameters */
  texts(entity: E): (string | null)[];
  /** an entity from a `SELECT *` row */
  hydrate(row: Record<string, unknown>): E;
}

function kindOf(type: unknown, isArray: boolean, isForeignKey: boolean): { kind: Kind; sqlType: string } {
  if (isForeignKey || typeof type === 'function') return { kind: 'text', sqlType: 'text' };
  const t = String(type);
  if (isArray) return { kind: 'array', sqlType: `${t === 'int4' ? 'int4' : 'text'}[]` };
  switch (t) {
    case 'text':
    case 'varchar':
    case 'character varying':
      return { kind: 'text', sqlType: 'text' };
    case 'numeric':
      return { kind: 'numeric', sqlType: 'numeric' };
    case 'int4':
    case 'integer':
      return { kind: 'int', sqlType: 'int4' };
    case 'bool':
    case 'boolean':
      return { kind: 'bool', sqlType: 'bool' };
    case 'timestamp with time zone':
    case 'timestamptz':
      return { kind: 'timestamptz', sqlType: 'timestamptz' };
    case 'jsonb':
      return { kind: 'jsonb', sqlType: 'jsonb' };
    default:
      throw new Error(`tableCodec: column type ${t} is not supported`);
  }
}

/** The last Date written and its text: rows of one block share their block's Date. */
let lastDate: Date | undefined;
let lastDateText = '';

function dateText(d: Date): string {
  if (d !== lastDate) {
    lastDate = d;
    lastDateText = d.toISOString();
  }
  return lastDateText;
}

/** The value of `column` as text (unescaped, made safe: db/safeText.ts), or null. */
function textOf(c: Column, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (c.related) return (v as WithId).id;
  switch (c.kind) {
    case 'text':
      return safeText(v as string);
    case 'numeric':
    case 'int':
      return String(v);
    case 'bool':
      return v ? 't' : 'f';
    case 'timestamptz':
      return dateText(v as Date);
    case 'jsonb':
      return safeJson(v);
    case 'array':
      return arrayLiteral(v as (string | number)[]);
  }
}

function valueOf(c: Column, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (c.related) return new c.related();
  if (c.kind === 'numeric') return BigInt(raw as string);
  return raw;
}

/** The expression (JavaScript source) of `c`'s COPY text for the non-null value `v`. */
function copyExpression(c: Column, v: string): string {
  if (c.related) return `${v}.id`;
  switch (c.kind) {
    case 'text':
      return c.plain ? v : `copyText(${v})`;
    case 'numeric':
    case 'int':
      return `String(${v})`;
    case 'bool':
      return `(${v} ? 't' : 'f')`;
    case 'timestamptz':
      return `dateText(${v})`;
    case 'jsonb':
      return `copyText(safeJson(${v}))`;
    case 'array':
      return `copyText(arrayLiteral(${v}))`;
  }
}

/**
 * One COPY text line per entity, compiled once per table (generated source: a direct property read
 * and one branch per column) so that a million rows do not pay a keyed lookup and a switch per value.
 * Property names come from the entity metadata, quoted with JSON.stringify.
 */
function compileLine<E>(columns: readonly Column[]): (e: E) => string {
  const reads = columns.map((c, i) => `const v${i} = e[${JSON.stringify(c.prop)}];`);
  const values = columns.map((c, i) => `(v${i} === null || v${i} === undefined ? NULL : ${copyExpression(c, `v${i}`)})`);
  const source = `return function line(e) {\n${reads.join('\n')}\nreturn ${values.join(" + '\\t' + ")};\n};`;
  const make = new Function('copyText', 'arrayLiteral', 'dateText', 'safeJson', 'NULL', source) as (...deps: unknown[]) => (e: E) => string;
  return make(copyText, arrayLiteral, dateText, safeJson, COPY_NULL);
}

const codecs = new WeakMap<Function, TableCodec>();

/** The codec of `cls` (built from the metadata of `em`'s connection on first use). */
export function tableCodec<E extends WithId>(em: EntityManager, cls: EntityClass<E>): TableCodec<E> {
  const cached = codecs.get(cls);
  if (cached) return cached as unknown as TableCodec<E>;
  const meta = em.connection.getMetadata(cls);
  const escape = (name: string) => em.connection.driver.escape(name);
  const columns: Column[] = meta.columns.map((c) => {
    const related = c.relationMetadata?.inverseEntityMetadata.target as EntityClass<WithId> | undefined;
    const { kind, sqlType } = kindOf(c.type, c.isArray, related !== undefined);
    const plain = kind === 'numeric' || kind === 'int' || kind === 'bool' || c.isPrimary || related !== undefined;
    return { name: escape(c.databaseName), dbName: c.databaseName, prop: c.propertyName, kind, sqlType, plain, ...(related ? { related } : {}) };
  });
  const texts = (e: E) => columns.map((c) => textOf(c, (e as Record<string, unknown>)[c.prop]));
  const codec: TableCodec<E> = {
    cls,
    table: escape(meta.tableName),
    names: columns.map((c) => c.name),
    columns,
    texts,
    line: compileLine<E>(columns),
    hydrate(row) {
      const e = new cls() as Record<string, unknown>;
      for (const c of columns) {
        const v = valueOf(c, row[c.dbName]);
        if (c.related && v) (v as WithId).id = row[c.dbName] as string;
        e[c.prop] = v;
      }
      return e as E;
    },
  };
  codecs.set(cls, codec as unknown as TableCodec);
  return codec;
}
