// `npm run finality`: measures how far behind its head the network's RPC says blocks are final
// (latest - finalized) and compares it with the configured hot-block depth. Network as the
// processor's (NETWORK, RPC_URL, FINALITY_CONFIRMATION). Prints one JSON line; exit 0, or 2 when the
// RPC could not be asked at all.
import { redactOutput, urlSecrets } from '../../lib/redact.ts';
import { readDevnetState } from '../../devnet/state.ts';
import { adviseFinality, measureFinality } from './finalityDepth.ts';
import { networkFromEnv } from './index.ts';
import { retryingRpc } from './retryingRpc.ts';

async function main(): Promise<void> {
  const env = process.env;
  redactOutput(env.RPC_URL ? urlSecrets(env.RPC_URL) : []);
  const network = networkFromEnv(env);
  const url = network.name === 'devnet' && !env.RPC_URL ? readDevnetState().rpcUrl : network.rpc.url;
  const measure = await measureFinality(retryingRpc(url));
  const advice = adviseFinality(measure, network.finality);
  console.log(JSON.stringify({ network: network.name, chainId: network.chainId, ...measure, finality: network.finality, advice: advice.message }));
}

main().catch((err: Error) => {
  console.log(JSON.stringify({ error: err.message }));
  process.exit(2);
});
