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
export async function dumpTables(db: DbSettings, tables?: string[]): Promise<Map<string, string[]>> {
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
 * Foreign keys whose rows point nowhere, with how many rows do ("table.column -> parent": count);
 * empty when every constraint holds. Checks what bulk loads (no per-row trigger checks) promise.
 */
export async function foreignKeyViolations(db: DbSettings): Promise<Record<string, number>> {
  return withClient(db, async (c) => {
    const fks = await c.query<{ child: string; column: string; parent: string; key: string }>(`
      SELECT cl.relname AS child, a.attname AS column, pl.relname AS parent, pa.attname AS key
      FROM pg_constraint k
      JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      JOIN pg_class pl ON pl.oid = k.confrelid
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND n.nspname = 'public' ORDER BY 1, 2`);
    const out: Record<string, number> = {};
    for (const fk of fks.rows) {
      const [child, column, parent, key] = [fk.child, fk.column, fk.parent, fk.key].map((x) => c.escapeIdentifier(x));
      const res = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${child} x WHERE x.${column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE p.${key} = x.${column})`,
      );
      if (res.rows[0]!.n > 0) out[`${fk.child}.${fk.column} -> ${fk.parent}`] = res.rows[0]!.n;
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
