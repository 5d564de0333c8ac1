// Bulk reads and writes of entity rows on the batch's transaction, without TypeORM's per-row query
// building: reads are one `SELECT * … = ANY($1)` per chunk; new rows go in with COPY; rows that may
// exist are upserted with one `INSERT … SELECT FROM unnest(…) ON CONFLICT (id) DO UPDATE` per
// chunk. In a hot block every write is first recorded in squid's undo log (the change tracker does
// what `Store.insert` / `Store.upsert` do), so rollbacks work exactly as with the store's own writes.
import type { EntityClass } from '@subsquid/typeorm-store';
import { copyRowsInto } from '../../db/copy.ts';
import type { WithId } from './withId.ts';
import type { StoreAccess } from './storeAccess.ts';
import { tableCodec, type TableCodec } from './tableCodec.ts';

/** Ids per read and rows per upsert statement. */
const CHUNK = 20_000;

/** Rows of `cls` matching `where` (SQL over the table's columns, parameters from $1). */
async function readWhere<E extends WithId>(db: StoreAccess, cls: EntityClass<E>, where: string, params: unknown[]): Promise<E[]> {
  const codec = tableCodec(db.em, cls);
  const { rows } = await db.client.query<Record<string, unknown>>(`SELECT * FROM ${codec.table} WHERE ${where}`, params);
  return rows.map((r) => codec.hydrate(r));
}

/**
 * The rows of `cls` whose `column` (a quoted column name) is one of `keys`, one query per chunk,
 * optionally narrowed by `andWhere` (SQL without parameters).
 */
export async function readByKeys<E extends WithId>(
  db: StoreAccess, cls: EntityClass<E>, column: string, keys: readonly string[], andWhere?: string,
): Promise<E[]> {
  const where = `${column} = ANY($1::text[])${andWhere ? ` AND ${andWhere}` : ''}`;
  let found: E[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) found = found.concat(await readWhere(db, cls, where, [keys.slice(i, i + CHUNK)]));
  return found;
}

/** The rows of `cls` with these ids (those that exist). */
export function readByIds<E extends WithId>(db: StoreAccess, cls: EntityClass<E>, ids: readonly string[]): Promise<E[]> {
  return readByKeys(db, cls, 'id', ids);
}

/** Inserts rows that do not exist yet (COPY). */
export async function insertRows(db: StoreAccess, cls: EntityClass<WithId>, rows: readonly WithId[]): Promise<void> {
  if (rows.length === 0) return;
  await db.tracker?.trackInsert(cls, [...rows]);
  const codec = tableCodec(db.em, cls);
  await copyRowsInto(db.client, codec.table, codec.names, rows, codec.line);
}

const upsertSql = new WeakMap<TableCodec, string>();

function upsertStatement(codec: TableCodec): string {
  let sql = upsertSql.get(codec);
  if (sql) return sql;
  const n = codec.columns.length;
  const aliases = codec.columns.map((_, i) => `u${i}`);
  const casts = codec.columns.map((c, i) => `u${i}::${c.sqlType}`);
  const params = codec.columns.map((_, i) => `$${i + 1}::text[]`);
  const updates = codec.columns.filter((c) => c.dbName !== 'id').map((c) => `${c.name} = EXCLUDED.${c.name}`);
  sql =
    `INSERT INTO ${codec.table} (${codec.names.join(', ')}) SELECT ${casts.join(', ')} ` +
    `FROM unnest(${params.join(', ')}) AS u(${aliases.join(', ')}) ` +
    (updates.length > 0 ? `ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}` : 'ON CONFLICT (id) DO NOTHING');
  if (n === 0) throw new Error(`${codec.cls.name}: no columns`);
  upsertSql.set(codec, sql);
  return sql;
}

/** Inserts or replaces rows (ids must be distinct). */
export async function upsertRows(db: StoreAccess, cls: EntityClass<WithId>, rows: readonly WithId[]): Promise<void> {
  if (rows.length === 0) return;
  await db.tracker?.trackUpsert(cls, [...rows]);
  const codec = tableCodec(db.em, cls);
  const sql = upsertStatement(codec);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const columns: (string | null)[][] = codec.columns.map(() => new Array<string | null>(chunk.length));
    chunk.forEach((row, r) => codec.texts(row).forEach((v, c) => (columns[c]![r] = v)));
    await db.client.query(sql, columns);
  }
}
