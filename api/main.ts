// `npm run api`: the GraphQL API on PORT (default 4350; HOST, default 127.0.0.1) over the read-only
// login of API_DATABASE_URL, or of the devnet's embedded Postgres, served by API_WORKERS processes
// (default: the machine's cores, at most 8; see workers.ts) sharing API_POOL_SIZE connections
// (default 20). SIGTERM / SIGINT: stop taking requests, finish those running, close the pools, exit 0.
import cluster from 'node:cluster';
import { settingsToUrl } from '../db/postgres.ts';
import { envInt } from '../lib/envInt.ts';
import { assertReadOnly, createPool, readerDatabase } from './db.ts';
import { jsonLog } from './log.ts';
import { createServer, portFromEnv } from './server.ts';
import { announceListening, poolShare, runPrimary, workersFromEnv } from './workers.ts';

/** API_POOL_SIZE: connections of the whole API (split among its workers). */
const poolSizeFromEnv = (env: NodeJS.ProcessEnv): number => envInt(env, 'API_POOL_SIZE', { min: 1, max: 1000 }) ?? 20;

async function serve(poolSize: number): Promise<void> {
  const port = portFromEnv(process.env);
  const db = await readerDatabase();
  const pool = createPool(db.settings, poolSize);
  let server: Awaited<ReturnType<typeof createServer>>;
  try {
    await assertReadOnly(pool);
    server = await createServer({ pool, port, host: process.env.HOST || '127.0.0.1', stateSchema: process.env.PROCESSOR_STATE_SCHEMA });
  } catch (err) {
    await pool.end();
    await db.stop();
    throw err;
  }
  if (cluster.isWorker) announceListening(server.url);
  else jsonLog('info', 'api listening', { url: `${server.url}/graphql`, page: `${server.url}/`, workers: 1 });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!cluster.isWorker) jsonLog('info', 'api stopping', { signal });
    await server.close();
    await pool.end();
    await db.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function main(): Promise<void> {
  portFromEnv(process.env);
  const total = poolSizeFromEnv(process.env);
  if (cluster.isWorker) return serve(total);
  const workers = workersFromEnv(process.env);
  if (workers === 1) return serve(total);
  // the primary resolves the database once (the devnet's embedded Postgres and its login) and checks
  // the login before forking, so a bad setting is one clear error, not a worker dying in a loop
  const db = await readerDatabase();
  const check = createPool(db.settings, 1);
  try {
    await assertReadOnly(check);
  } catch (err) {
    await db.stop();
    throw err;
  } finally {
    await check.end();
  }
  runPrimary(workers, { API_DATABASE_URL: settingsToUrl(db.settings), API_POOL_SIZE: String(poolShare(total, workers)) }, jsonLog, () => db.stop());
}

main().catch((err: Error) => {
  jsonLog('error', 'api failed to start', { error: err.message });
  process.exit(1);
});
