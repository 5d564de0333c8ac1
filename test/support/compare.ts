// Row-for-row comparison of two indexed databases (e.g. after reorgs against a fresh index of the
// canonical chain, or after kills against an uninterrupted run): every entity table, ordered by id.
import { applyMigrations } from '../../db/dataSource.ts';
import { dropDatabase, ensureDatabase, withClient, type DbSettings } from '../../db/postgres.ts';

/** The tables of the entity model (public schema, without TypeORM's migrations table). */
export async function entityTables(db: DbSettings): Promise<string[]> {
  return withClient(db, async (c) => {
    const res = await c.query(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY table_name`,
    );
    return res.rows.map((r: { table_name: string }) => r.table_name);
  });
}

/** Every row of every entity table as JSON text, by table, ordered by id. */
async function dumpTables(db: DbSettings, tables?: string[]): Promise<Map<string, string[]>> {
  const names = tables ?? (await entityTables(db));
  return withClient(db, async (c) => {
    const out = new Map<string, string[]>();
    for (const t of names) {
      const res = await c.query(`SELECT row_to_json(x)::text AS j FROM ${c.escapeIdentifier(t)} x ORDER BY id`);
      out.set(t, res.rows.map((r: { j: string }) => r.j));
    }
    return out;
  });
}

export interface TableDiff {
  table: string;
  onlyInA: string[];
  onlyInB: string[];
}

/** Tables whose rows differ (rows present on one side only, as JSON); empty when equal. */
export async function diffDatabases(a: DbSettings, b: DbSettings): Promise<TableDiff[]> {
  const [da, db] = await Promise.all([dumpTables(a), dumpTables(b)]);
  const diffs: TableDiff[] = [];
  for (const table of new Set([...da.keys(), ...db.keys()])) {
    const rowsA = new Set(da.get(table) ?? []);
    const rowsB = new Set(db.get(table) ?? []);
    const onlyInA = [...rowsA].filter((r) => !rowsB.has(r));
    const onlyInB = [...rowsB].filter((r) => !rowsA.has(r));
    if (onlyInA.length + onlyInB.length > 0) diffs.push({ table, onlyInA, onlyInB });
  }
  return diffs;
}

/**
 * Foreign keys whose rows point nowhere, with how many rows do ("schema.table(columns) ->
 * schema.parent": count); empty when every constraint holds. Every foreign key of every schema
 * (pg_constraint: the entity tables and the processor's own, such as hot_change_log -> hot_block),
 * whatever its columns: what bulk loads (no per-row trigger checks) and the undo log promise.
 */
export async function foreignKeyViolations(db: DbSettings): Promise<Record<string, number>> {
  return withClient(db, async (c) => {
    const fks = await c.query<{ cs: string; child: string; columns: string[]; ps: string; parent: string; keys: string[] }>(`
      SELECT cn.nspname AS cs, cl.relname AS child, pn.nspname AS ps, pl.relname AS parent,
        array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i)::text[] AS columns,
        array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
              JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)::text[] AS keys
      FROM pg_constraint k
      JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cl.relnamespace
      JOIN pg_class pl ON pl.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = pl.relnamespace
      WHERE k.contype = 'f' AND cn.nspname NOT IN ('pg_catalog', 'information_schema') AND cn.nspname NOT LIKE 'pg_toast%'
      ORDER BY 1, 2, 5`);
    const id = (x: string) => c.escapeIdentifier(x);
    const out: Record<string, number> = {};
    for (const fk of fks.rows) {
      const notNull = fk.columns.map((col) => `x.${id(col)} IS NOT NULL`).join(' AND ');
      const match = fk.columns.map((col, i) => `p.${id(fk.keys[i]!)} = x.${id(col)}`).join(' AND ');
      const res = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${id(fk.cs)}.${id(fk.child)} x WHERE ${notNull} ` +
          `AND NOT EXISTS (SELECT 1 FROM ${id(fk.ps)}.${id(fk.parent)} p WHERE ${match})`,
      );
      if (res.rows[0]!.n > 0) out[`${fk.cs}.${fk.child}(${fk.columns.join(', ')}) -> ${fk.ps}.${fk.parent}`] = res.rows[0]!.n;
    }
    return out;
  });
}

/** The indexes of the public schema: name -> definition. */
export async function publicIndexes(db: DbSettings): Promise<Map<string, string>> {
  return withClient(db, async (c) => {
    const res = await c.query<{ name: string; def: string }>(
      "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
    );
    return new Map(res.rows.map((r) => [r.name, r.def]));
  });
}

/** The indexes the migrations declare (publicIndexes of a freshly migrated scratch database on `server`). */
export async function declaredIndexes(server: DbSettings): Promise<Map<string, string>> {
  const name = 'declared_indexes';
  await dropDatabase(server, name);
  const scratch = await ensureDatabase(server, name);
  try {
    await applyMigrations(scratch);
    return await publicIndexes(scratch);
  } finally {
    await dropDatabase(server, name);
  }
}
