// The indexes the entity model declares (TypeORM's metadata, from which the migrations are
// generated), and the check of a stored index definition against them: the catch-up's deferred
// indexes (deferredIndexes.ts) are rebuilt from `<state schema>.deferred_index`, a table anyone with
// write access to the database could change, so a record is built only if it is a declared index,
// and the statement that runs is made from the metadata, not from the stored text.
import type pg from 'pg';
import type { DataSource } from 'typeorm';

/** A stored record: an index name, its table and its definition (as pg_indexes printed it). */
export interface StoredIndex {
  name: string;
  table: string;
  definition: string;
}

/** An index the entity model declares. */
export interface DeclaredIndex {
  name: string;
  table: string;
  columns: string[];
  unique: boolean;
}

/** The indexes TypeORM's metadata declares on `tables` (what the migrations create), by name. */
export function schemaIndexes(connection: DataSource, tables: readonly string[]): Map<string, DeclaredIndex> {
  const out = new Map<string, DeclaredIndex>();
  for (const meta of connection.entityMetadatas) {
    if (!tables.includes(meta.tableName)) continue;
    for (const ix of meta.indices) {
      if (!ix.name) continue;
      out.set(ix.name, { name: ix.name, table: meta.tableName, columns: ix.columns.map((c) => c.databaseName), unique: ix.isUnique });
    }
  }
  return out;
}

/** Keywords Postgres quotes that entity columns use (messages only: the check itself is structural). */
const QUOTED_WORDS = new Set(['user', 'from', 'to', 'timestamp', 'order', 'group', 'table', 'column', 'default', 'limit', 'offset', 'end', 'time', 'value', 'values', 'position']);

/** An identifier about as Postgres prints it in an index definition (for messages). */
function printed(id: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(id) && !QUOTED_WORDS.has(id) ? id : `"${id.replace(/"/g, '""')}"`;
}

/** The definition pg_indexes shows for a declared index in `schema` (for messages). */
function declaredDefinition(ix: DeclaredIndex, schema: string): string {
  return `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${printed(ix.name)} ON ${printed(schema)}.${printed(ix.table)} USING btree (${ix.columns.map(printed).join(', ')})`;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)`;
const DEFINITION = new RegExp(
  String.raw`^CREATE (UNIQUE )?INDEX (${IDENT}) ON (?:(${IDENT})\.)?(${IDENT}) USING btree \((${IDENT}(?:, ${IDENT})*)\)$`,
);
const unquote = (id: string) => (id.startsWith('"') ? id.slice(1, -1).replace(/""/g, '"') : id);

/** A plain btree index definition (as pg_indexes prints one) read back; undefined for anything else. */
function parseDefinition(sql: string): (DeclaredIndex & { schema?: string }) | undefined {
  const m = DEFINITION.exec(sql);
  if (!m) return undefined;
  const columns = [...m[5]!.matchAll(new RegExp(IDENT, 'g'))].map((c) => unquote(c[0]));
  return { unique: m[1] !== undefined, name: unquote(m[2]!), ...(m[3] ? { schema: unquote(m[3]) } : {}), table: unquote(m[4]!), columns };
}

/**
 * The declared index a stored record stands for, or an error saying what was expected and what
 * came: the name must be a declared index of a deferred table, and the definition exactly the
 * declared one (same table, columns, uniqueness; one statement, nothing else).
 */
export function checkDefinition(ix: StoredIndex, declared: ReadonlyMap<string, DeclaredIndex>, schema: string): DeclaredIndex {
  const expected = declared.get(ix.name);
  if (!expected) {
    throw new Error(
      `deferred index ${JSON.stringify(ix.name)} (table ${JSON.stringify(ix.table)}): expected one of the indexes the schema declares ` +
        `(${[...declared.keys()].join(', ')}), came an undeclared one; nothing was executed`,
    );
  }
  const want = declaredDefinition(expected, schema);
  const got = parseDefinition(ix.definition);
  const same =
    got !== undefined && ix.table === expected.table && got.name === expected.name && got.table === expected.table &&
    (got.schema === undefined || got.schema === schema) && got.unique === expected.unique &&
    got.columns.length === expected.columns.length && got.columns.every((c, i) => c === expected.columns[i]);
  if (!same) {
    throw new Error(
      `deferred index ${JSON.stringify(ix.name)}: expected the definition ${JSON.stringify(want)} on table ${JSON.stringify(expected.table)}, ` +
        `came ${JSON.stringify(ix.definition)} on table ${JSON.stringify(ix.table)}; nothing was executed`,
    );
  }
  return expected;
}

/** The statement that builds a declared index (unless it exists: a build a crash cut short goes on). */
export function buildStatement(ix: DeclaredIndex, client: pg.ClientBase): string {
  const id = (x: string) => client.escapeIdentifier(x);
  return `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${id(ix.name)} ON ${id(ix.table)} USING btree (${ix.columns.map(id).join(', ')})`;
}
