// The devnet: contracts and endpoints from the state file the devnet writes
// (`<runtime>/devnet/state.json`), over ws so that a fork is seen at once.
import { CONTRACT_NAMES } from '../../contracts/artifacts.ts';
import { readDevnetState, type DevnetState } from '../../devnet/state.ts';
import type { NetworkConfig } from './types.ts';

/**
 * Default hot-block depth on the devnet: deeper than the deepest reorg the tests make (30), so a
 * reorg never reaches a block the processor already treats as final.
 */
export const DEVNET_FINALITY = 32;

export function devnetNetwork(state: DevnetState = readDevnetState()): NetworkConfig {
  return {
    name: 'devnet',
    chainId: state.chainId,
    rpc: { url: state.wsUrl || state.rpcUrl, capacity: 20, maxBatchCallSize: 100 },
    finality: DEVNET_FINALITY,
    headPollInterval: 100,
    // newHeadTimeout stays unset: in @subsquid/evm-processor 1.27.3 its reset path fails with
    // "concurrent takes are not allowed" on a chain that is idle for that long (automine devnet).
    contracts: CONTRACT_NAMES.map((family) => ({
      family,
      address: state.contracts[family].address.toLowerCase(),
      startBlock: state.contracts[family].startBlock,
      deployedAt: state.contracts[family].startBlock,
    })),
  };
}
