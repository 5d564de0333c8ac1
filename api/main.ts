// `npm run api`: the GraphQL API on PORT (default 4350; HOST, default 127.0.0.1) over the read-only
// login of API_DATABASE_URL, or of the devnet's embedded Postgres. SIGTERM / SIGINT: stop taking
// requests, finish those running, close the pool, exit 0.
import { assertReadOnly, createPool, readerDatabase } from './db.ts';
import { jsonLog } from './log.ts';
import { createServer, DEFAULT_PORT } from './server.ts';

function port(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT: expected a port number 0 to 65535, got ${JSON.stringify(value)}`);
  return n;
}

async function main(): Promise<void> {
  const db = await readerDatabase();
  const pool = createPool(db.settings);
  try {
    await assertReadOnly(pool);
  } catch (err) {
    await pool.end();
    await db.stop();
    throw err;
  }
  const server = await createServer({ pool, port: port(process.env.PORT), host: process.env.HOST || '127.0.0.1', stateSchema: process.env.PROCESSOR_STATE_SCHEMA });
  jsonLog('info', 'api listening', { url: `${server.url}/graphql` });
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
