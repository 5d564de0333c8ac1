// What the processor needs to know about a chain: where to read it, how deep reorgs go, and which
// contracts (address, family, first block, optionally a subset of events) to watch.
import type { Family } from '../families.ts';

export interface WatchedContract {
  family: Family;
  /** lowercase 0x-address */
  address: string;
  /** first block to index for this contract (its deployment, or a documented default) */
  startBlock: number;
  /** watched events (default: every event of the family) */
  events?: readonly string[];
}

export interface RpcSettings {
  /** http(s):// or ws(s):// (ws sees a same-height reorg at once) */
  url: string;
  /** requests per second (public endpoints throttle) */
  rateLimit?: number;
  /** JSON-RPC calls per batch request */
  maxBatchCallSize?: number;
  /** concurrent requests */
  capacity?: number;
  requestTimeout?: number;
}

export interface NetworkConfig {
  /** devnet, openledger, openledger-testnet, ethereum, bsc */
  name: string;
  chainId: number;
  rpc: RpcSettings;
  /** blocks a block needs on top of it to count as final (hot-block depth) */
  finality: number;
  /**
   * Largest block range the RPC serves in one eth_getLogs. The processor asks for 10 blocks at a
   * time (@subsquid/evm-processor 1.27.3 over RPC), so any limit of 10 or more holds.
   */
  maxLogRange?: number;
  headPollInterval?: number;
  newHeadTimeout?: number;
  contracts: WatchedContract[];
  /** last block to index (absent: follow the head) */
  to?: number;
}

/** The processor's fixed eth_getLogs span over RPC (10-block splits). */
export const PROCESSOR_LOG_SPLIT = 10;

/** The first block any watched contract needs. */
export function startBlockOf(config: NetworkConfig): number {
  return Math.min(...config.contracts.map((c) => c.startBlock));
}

/** Throws on a config the processor could not honour. */
export function validateNetwork(config: NetworkConfig): NetworkConfig {
  if (config.contracts.length === 0) throw new Error(`network ${config.name}: no contracts to watch`);
  if (!Number.isInteger(config.finality) || config.finality < 0) {
    throw new Error(`network ${config.name}: finality must be a non-negative integer, got ${config.finality}`);
  }
  if (config.maxLogRange !== undefined && config.maxLogRange < PROCESSOR_LOG_SPLIT) {
    throw new Error(`network ${config.name}: the RPC's log range ${config.maxLogRange} is below the processor's ${PROCESSOR_LOG_SPLIT}`);
  }
  for (const c of config.contracts) {
    if (!/^0x[0-9a-f]{40}$/.test(c.address)) throw new Error(`network ${config.name}: bad address ${c.address}`);
  }
  return config;
}

/** Throttling for public endpoints (they cap request rates and batch sizes). */
export const PUBLIC_RPC = { rateLimit: 10, maxBatchCallSize: 10, capacity: 5, requestTimeout: 30_000 } as const;

/** A public chain read through a throttled RPC that serves at most 1,000 blocks per eth_getLogs. */
export function remoteNetwork(
  rpcUrl: string,
  spec: Pick<NetworkConfig, 'name' | 'chainId' | 'finality' | 'headPollInterval' | 'contracts'>,
): NetworkConfig {
  return { ...spec, rpc: { url: rpcUrl, ...PUBLIC_RPC }, maxLogRange: 1000 };
}
