// `npm run indexer`: the processor as a program. Network from NETWORK (default devnet: the devnet
// state file), database from DATABASE_URL (else the embedded Postgres of the runtime folder).
// Environment: see docs/indexer.md.
import { resolveDatabase } from '../db/postgres.ts';
import { networkFromEnv } from './networks/index.ts';
import { runProcessor } from './run.ts';

const env = process.env;
const network = networkFromEnv(env);
const pg = await resolveDatabase(env);
await runProcessor({
  network,
  db: pg.settings,
  stateSchema: env.PROCESSOR_STATE_SCHEMA || undefined,
  prometheusPort: env.PROMETHEUS_PORT ? Number(env.PROMETHEUS_PORT) : undefined,
});
