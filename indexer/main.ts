// `npm run indexer`: the processor as a program. Network from NETWORK (default devnet: the devnet
// state file), database from DATABASE_URL (else the embedded Postgres of the runtime folder).
// Environment: see docs/indexer.md.
import { resolveDatabase, settingsFromEnv } from '../db/postgres.ts';
import { passwordSecrets, redactOutput, urlSecrets } from '../lib/redact.ts';
import { networkFromEnv } from './networks/index.ts';
import { metricsFromEnv } from './processor.ts';
import { runProcessor } from './run.ts';

const env = process.env;
// before anything can print them: the RPC URL's key and the database password never reach the output
const configured = settingsFromEnv(env);
redactOutput([...(env.RPC_URL ? urlSecrets(env.RPC_URL) : []), ...passwordSecrets(configured?.password ?? '')]);
try {
  const network = networkFromEnv(env);
  const pg = await resolveDatabase(env);
  redactOutput([...urlSecrets(network.rpc.url), ...passwordSecrets(pg.settings.password)]);
  await runProcessor({
    network,
    db: pg.settings,
    stateSchema: env.PROCESSOR_STATE_SCHEMA || undefined,
    metrics: metricsFromEnv(env),
  });
} catch (err) {
  // a setting or start-up check that failed (network, database, start blocks): what to fix, not a stack
  console.error(`indexer: ${(err as Error).message}`);
  process.exit(1);
}
