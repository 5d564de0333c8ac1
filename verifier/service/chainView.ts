import { createPublicClient, http, type Hex } from 'viem';
import { rpcTarget } from '../../lib/rpc.ts';
import type { ChainView } from './selector.ts';

/** The head and block hashes of the chain at `rpcUrl` (credentials in the URL travel as a header). */
export function chainView(rpcUrl: string) {
  const target = rpcTarget(rpcUrl);
  const client = createPublicClient({ transport: http(target.url, { fetchOptions: { headers: target.headers }, retryCount: 2 }) });
  const view: ChainView = {
    head: () => client.getBlockNumber({ cacheTime: 0 }),
    blockHash: async (n) => (await client.getBlock({ blockNumber: n })).hash as Hex,
  };
  return { client, view };
}
