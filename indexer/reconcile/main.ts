// `npm run reconcile`: compares the indexed state at the indexed height with the chain's view
// functions at that height. Network and database as the processor finds them (NETWORK, RPC_URL,
// DATABASE_URL, PROCESSOR_STATE_SCHEMA; the devnet state file by default). Prints every family it
// skipped (watched with an event subset or from above its deployment) and why, every mismatch,
// then a JSON summary as the last line; exits 1 when anything differs, 2 when nothing could be
// compared.
import { resolveDatabase } from '../../db/postgres.ts';
import { passwordSecrets, redactOutput, redactUrl, urlSecrets } from '../../lib/redact.ts';
import { readDevnetState } from '../../devnet/state.ts';
import { networkFromEnv } from '../networks/index.ts';
import type { NetworkConfig } from '../networks/types.ts';
import { reconcile, ReconcileError } from './run.ts';

/** An http(s) endpoint for the view calls: RPC_URL, else the devnet's, else the network's own. */
function httpRpcUrl(env: NodeJS.ProcessEnv, network: NetworkConfig): string {
  const candidates = [env.RPC_URL, network.name === 'devnet' ? readDevnetState().rpcUrl : undefined, network.rpc.url];
  const url = candidates.find((u) => u && /^https?:\/\//.test(u));
  if (!url) throw new ReconcileError(`reconcile: needs an http(s) RPC endpoint for batched view calls; set RPC_URL (got ${redactUrl(network.rpc.url)})`);
  return url;
}

async function main(): Promise<number> {
  const env = process.env;
  redactOutput(env.RPC_URL ? urlSecrets(env.RPC_URL) : []);
  const network = networkFromEnv(env);
  const pg = await resolveDatabase(env);
  redactOutput([...urlSecrets(network.rpc.url), ...passwordSecrets(pg.settings.password)]);
  const result = await reconcile({ db: pg.settings, network, rpcUrl: httpRpcUrl(env, network), stateSchema: env.PROCESSOR_STATE_SCHEMA || undefined });
  for (const x of result.skipped) console.log(`skipped ${x.family} ${x.address} (${x.checks}): ${x.reason}`);
  for (const m of result.mismatches) {
    console.log(`mismatch ${m.entity} ${m.id} ${m.field}: indexed ${m.indexed}, chain ${m.chain}`);
  }
  const { mismatches, ...summary } = result;
  console.log(JSON.stringify({ ...summary, seconds: Number(summary.seconds.toFixed(2)), mismatches: mismatches.length }));
  return mismatches.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err instanceof ReconcileError ? err.message : err.stack);
    const skipped = err instanceof ReconcileError && err.skipped.length > 0 ? { skipped: err.skipped } : {};
    console.log(JSON.stringify({ error: err.message, ...skipped }));
    process.exit(2);
  },
);
