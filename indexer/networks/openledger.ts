// OpenLedger mainnet (chain 1612) and testnet (chain 161201). On mainnet only the public events of
// two contracts are known (docs/architecture.md, Networks); the testnet has no published addresses, so its
// contracts come from the CONTRACTS variable (see docs/indexer.md).
import { remoteNetwork, type NetworkConfig } from './types.ts';

export const OPENLEDGER_CREDIT_MANAGER = '0x6a2dbd72ad8441a57f6a98521d1fee199be22d15';
export const OPENLEDGER_DATANET_FACTORY = '0xac1ef5a64d768ca58d4e701b7ab3456d22a4c878';

/** Start block of both mainnet contracts: not published, so 0 (set START_BLOCK when known). */
export const OPENLEDGER_DEFAULT_START = 0;

/** OP-stack chain: blocks become final with L1; 30 blocks is a conservative hot depth. */
export const OPENLEDGER_FINALITY = 30;

export function openledgerMainnet(rpcUrl: string): NetworkConfig {
  return remoteNetwork(rpcUrl, {
    name: 'openledger',
    chainId: 1612,
    finality: OPENLEDGER_FINALITY,
    headPollInterval: 1000,
    contracts: [
      { family: 'CreditManager', address: OPENLEDGER_CREDIT_MANAGER, startBlock: OPENLEDGER_DEFAULT_START, events: ['CreditPurchased'] },
      { family: 'DatanetFactory', address: OPENLEDGER_DATANET_FACTORY, startBlock: OPENLEDGER_DEFAULT_START, events: ['TransactionInitiated'] },
    ],
  });
}

export function openledgerTestnet(rpcUrl: string): NetworkConfig {
  return remoteNetwork(rpcUrl, { name: 'openledger-testnet', chainId: 161201, finality: OPENLEDGER_FINALITY, headPollInterval: 1000, contracts: [] });
}
