// OPEN on Ethereum (the ERC-20 and its LayerZero OFT adapter, the bridge to OpenLedger) and on BSC
// (an OFT: ERC-20 and bridge in one contract).
import { remoteNetwork, type NetworkConfig } from './types.ts';

export const ETHEREUM_OPEN = '0xa227cc36938f0c9e09ce0e64dfab226cad739447';
export const ETHEREUM_OPEN_START = 22846566;
export const ETHEREUM_OFT_ADAPTER = '0xb548a9d3e8a3fbd821bd52fb915d752bdc8cf679';
export const BSC_OPEN = '0xa227cc36938f0c9e09ce0e64dfab226cad739447';
/** The OFT adapter's deployment block (after the token's). */
export const ETHEREUM_OFT_ADAPTER_START = 23225806;
/** The BSC OFT's deployment block. */
export const BSC_OPEN_START = 58959063;

/** Ethereum finalises after two epochs (64 slots). */
export const ETHEREUM_FINALITY = 64;
/** BSC fast finality is a few blocks; 15 leaves margin. */
export const BSC_FINALITY = 15;

const ERC20_EVENTS = ['Transfer', 'Approval'];

export function ethereumNetwork(rpcUrl: string): NetworkConfig {
  return remoteNetwork(rpcUrl, {
    name: 'ethereum',
    chainId: 1,
    finality: ETHEREUM_FINALITY,
    headPollInterval: 6000,
    contracts: [
      { family: 'OPEN', address: ETHEREUM_OPEN, startBlock: ETHEREUM_OPEN_START, deployedAt: ETHEREUM_OPEN_START, events: ERC20_EVENTS },
      { family: 'OFT', address: ETHEREUM_OFT_ADAPTER, startBlock: ETHEREUM_OFT_ADAPTER_START, deployedAt: ETHEREUM_OFT_ADAPTER_START },
    ],
  });
}

export function bscNetwork(rpcUrl: string): NetworkConfig {
  return remoteNetwork(rpcUrl, {
    name: 'bsc',
    chainId: 56,
    finality: BSC_FINALITY,
    headPollInterval: 1500,
    contracts: [
      { family: 'OPEN', address: BSC_OPEN, startBlock: BSC_OPEN_START, deployedAt: BSC_OPEN_START, events: ERC20_EVENTS },
      { family: 'OFT', address: BSC_OPEN, startBlock: BSC_OPEN_START, deployedAt: BSC_OPEN_START },
    ],
  });
}
