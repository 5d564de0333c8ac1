// `npm run api`: the GraphQL API on PORT (default 4350; HOST, default 127.0.0.1) over the read-only
// login of API_DATABASE_URL, or of the devnet's embedded Postgres. SIGTERM / SIGINT: stop taking
// requests, finish those running, close the pool, exit 0.
import { assertReadOnly, createPool, readerDatabase } from './db.ts';
import { jsonLog } from './log.ts';
import { createServer, portFromEnv } from './server.ts';

async function main(): Promise<void> {
  const port = portFromEnv(process.env);
  const db = await readerDatabase();
  const pool = createPool(db.settings);
  let server: Awaited<ReturnType<typeof createServer>>;
  try {
    await assertReadOnly(pool);
    server = await createServer({ pool, port, host: process.env.HOST || '127.0.0.1', stateSchema: process.env.PROCESSOR_STATE_SCHEMA });
  } catch (err) {
    await pool.end();
    await db.stop();
    throw err;
  }
  jsonLog('info', 'api listening', { url: `${server.url}/graphql`, page: `${server.url}/` });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    jsonLog('info', 'api stopping', { signal });
    await server.close();
    await pool.end();
    await db.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: Error) => {
  jsonLog('error', 'api failed to start', { error: err.message });
  process.exit(1);
});
