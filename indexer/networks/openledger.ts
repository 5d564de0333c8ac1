// OpenLedger mainnet (chain 1612) and testnet (chain 161201). On mainnet only the public events of
// two contracts are known (docs/architecture.md, Networks); their deployment blocks are not
// published, so they are found on chain at start (startBlockDiscovery.ts). The testnet has no
// published addresses: its contracts come from the CONTRACTS variable (see docs/indexer.md).
import { remoteNetwork, type NetworkConfig } from './types.ts';

export const OPENLEDGER_CREDIT_MANAGER = '0x6a2dbd72ad8441a57f6a98521d1fee199be22d15';
export const OPENLEDGER_DATANET_FACTORY = '0xac1ef5a64d768ca58d4e701b7ab3456d22a4c878';

/**
 * Hot-block depth on OpenLedger (an OP Stack rollup, 2-second blocks). An L2 block is final when
 * the L1 block holding its batch is final: the batcher's posting delay plus ~2 L1 epochs (~13
 * min), typically tens of minutes. 1,800 blocks is an hour: an estimate with margin, not a
 * guarantee; `npm run finality` measures the chain's own distance between `latest` and
 * `finalized`, and the processor logs it at start (and warns when it is deeper than this).
 */
export const OPENLEDGER_FINALITY = 1800;

export function openledgerMainnet(rpcUrl: string): NetworkConfig {
  return remoteNetwork(rpcUrl, {
    name: 'openledger',
    chainId: 1612,
    finality: OPENLEDGER_FINALITY,
    headPollInterval: 1000,
    contracts: [
      { family: 'CreditManager', address: OPENLEDGER_CREDIT_MANAGER, events: ['CreditPurchased'] },
      { family: 'DatanetFactory', address: OPENLEDGER_DATANET_FACTORY, events: ['TransactionInitiated'] },
    ],
  });
}

export function openledgerTestnet(rpcUrl: string): NetworkConfig {
  return remoteNetwork(rpcUrl, { name: 'openledger-testnet', chainId: 161201, finality: OPENLEDGER_FINALITY, headPollInterval: 1000, contracts: [] });
}
