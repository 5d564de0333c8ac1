// TypeORM wiring for our ESM project: the entity classes come from db/model (not from the squid
// convention's lib/model), migrations from db/migrations (CommonJS files, as squid-typeorm-migration
// writes them; db/migrations/package.json marks them so), and squid's snake_case naming.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SnakeNamingStrategy } from '@subsquid/typeorm-config/lib/namingStrategy.js';
import { TypeormDatabase, type TypeormDatabaseOptions } from '@subsquid/typeorm-store';
import { DataSource, type DataSourceOptions, type QueryRunner } from 'typeorm';
import { PROJECT_ROOT } from '../lib/runtime.ts';
import { ENTITIES } from './model/index.ts';
import type { DbSettings } from './postgres.ts';

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'db', 'migrations');

export function dataSourceOptions(s: DbSettings): DataSourceOptions {
  return {
    type: 'postgres',
    host: s.host,
    port: s.port,
    database: s.database,
    username: s.user,
    password: s.password,
    ...(s.ssl ? { ssl: true } : {}),
    namingStrategy: new SnakeNamingStrategy(),
    entities: ENTITIES,
    migrations: [join(MIGRATIONS_DIR, '*.js')],
    synchronize: false,
    migrationsRun: false,
    logging: false,
  };
}

/** Applies pending migrations (all in one transaction); returns the names applied. */
export async function applyMigrations(s: DbSettings): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(s));
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'all' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * Runs one migration's `up` or `down` (the file `<timestamp>-<name>.js` of db/migrations), in a
 * transaction as TypeORM runs a migration, wherever it sorts; TypeORM's migrations table is not touched.
 */
export async function runMigrationStep(s: DbSettings, name: string, step: 'up' | 'down'): Promise<void> {
  const file = readdirSync(MIGRATIONS_DIR).find((f) => f.endsWith(`-${name}.js`));
  if (!file) throw new Error(`db/migrations has no migration named ${JSON.stringify(name)}`);
  const Migration = createRequire(import.meta.url)(join(MIGRATIONS_DIR, file)) as new () => Record<'up' | 'down', (q: QueryRunner) => Promise<void>>;
  const ds = new DataSource(dataSourceOptions(s));
  await ds.initialize();
  const q = ds.createQueryRunner();
  try {
    await q.startTransaction();
    await new Migration()[step](q);
    await q.commitTransaction();
  } finally {
    if (q.isTransactionActive) await q.rollbackTransaction();
    await q.release();
    await ds.destroy();
  }
}

/** SQL that would bring the database to the model (empty when migrations are complete). */
export async function pendingSchemaChanges(s: DbSettings): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(s));
  await ds.initialize();
  try {
    const log = await ds.driver.createSchemaBuilder().log();
    return log.upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}

interface TypeormDatabaseInternals {
  con?: DataSource;
  initTransaction(em: unknown): Promise<unknown>;
}

/**
 * squid's TypeormDatabase, connected through our DataSource options instead of its project-layout
 * lookup (it would `require` lib/model). Everything else (hot blocks, the undo log, the status
 * schema, one transaction per batch) is upstream's, pinned at @subsquid/typeorm-store 1.5.1: the
 * override mirrors its `connect()`.
 */
export class OpenLedgerDatabase extends TypeormDatabase {
  constructor(
    private readonly settings: DbSettings,
    options: Omit<TypeormDatabaseOptions, 'projectDir'> = {},
  ) {
    super(options);
  }

  override async connect(): ReturnType<TypeormDatabase['connect']> {
    const self = this as unknown as TypeormDatabaseInternals;
    if (self.con != null) throw new Error('already connected');
    const con = new DataSource(dataSourceOptions(this.settings));
    self.con = con;
    await con.initialize();
    try {
      return (await con.transaction('SERIALIZABLE', (em) => self.initTransaction(em))) as Awaited<
        ReturnType<TypeormDatabase['connect']>
      >;
    } catch (err) {
      await con.destroy().catch(() => {});
      self.con = undefined;
      throw err;
    }
  }
}
