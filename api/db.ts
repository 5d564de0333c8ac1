// The API's database connection: a pool of connections as a login of the read-only role
// (openledger_reader: SELECT only, a statement timeout; see docs/security.md). Never the owner.
import { join } from 'node:path';
import pg from 'pg';
import { newPassword, readPasswordFile, writePasswordFile } from '../db/embeddedCluster.ts';
import { resolveDatabase, settingsFromEnv, type DbSettings, type RunningPostgres } from '../db/postgres.ts';
import { createReaderLogin, READER_ROLE } from '../db/readerRole.ts';
import { runtimeDir } from '../lib/runtime.ts';

/** The login the API creates for itself on the embedded devnet database. */
export const API_LOGIN = 'openledger_api';

export function createPool(settings: DbSettings, max = 20): pg.Pool {
  const pool = new pg.Pool({ ...settings, max, idleTimeoutMillis: 30_000, application_name: 'openledger-api' });
  // an idle connection's error (server restart) must not crash the process; the next query reconnects
  pool.on('error', () => {});
  return pool;
}

/** Refuses a login that may write to the indexed tables: the API reads as openledger_reader only. */
export async function assertReadOnly(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ login: string; writes: boolean }>(
    `SELECT current_user AS login, EXISTS (
       SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public'
         AND has_table_privilege(current_user, format('%I.%I', t.schemaname, t.tablename), 'INSERT,UPDATE,DELETE,TRUNCATE')
     ) AS writes`,
  );
  if (rows[0]!.writes) {
    throw new Error(`API_DATABASE_URL: the login ${rows[0]!.login} can write to the database; expected a login of ${READER_ROLE} (npm run db:reader-login -- api)`);
  }
}

/** The error of an environment that names a database (DATABASE_URL, DB_URL, DB_HOST) but no API_DATABASE_URL. */
export function missingReaderLogin(env: NodeJS.ProcessEnv = process.env): Error | undefined {
  if (env.API_DATABASE_URL || !(env.DATABASE_URL || env.DB_URL || env.DB_HOST)) return undefined;
  return new Error('API_DATABASE_URL: expected the URL of a read-only login (npm run db:reader-login -- api) when DATABASE_URL names the database');
}

export interface ApiDatabase {
  settings: DbSettings;
  stop(): Promise<void>;
}

/**
 * The reader login to connect as: API_DATABASE_URL when set (a login of openledger_reader, made with
 * `npm run db:reader-login`); else, on the devnet's embedded Postgres (no DATABASE_URL), the login
 * `openledger_api`, created or updated, its password kept in `<runtime>/postgres/openledger_api.password`.
 */
export async function readerDatabase(env: NodeJS.ProcessEnv = process.env): Promise<ApiDatabase> {
  if (env.API_DATABASE_URL) {
    try {
      return { settings: settingsFromEnv({ DATABASE_URL: env.API_DATABASE_URL, DB_SSL: env.DB_SSL })!, stop: async () => {} };
    } catch (err) {
      throw new Error((err as Error).message.replace(/^DATABASE_URL/, 'API_DATABASE_URL'));
    }
  }
  const missing = missingReaderLogin(env);
  if (missing) throw missing;
  const server: RunningPostgres = await resolveDatabase(env);
  const file = join(runtimeDir('postgres'), `${API_LOGIN}.password`);
  let password = readPasswordFile(file);
  if (!password) writePasswordFile(file, (password = newPassword()));
  const settings = await createReaderLogin(server.settings, API_LOGIN, password);
  return { settings, stop: () => server.stop() };
}
