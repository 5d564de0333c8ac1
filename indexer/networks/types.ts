// What the processor needs to know about a chain: where to read it, how deep reorgs go, and which
// contracts (address, family, first block, optionally a subset of events) to watch.
import type { Family } from '../families.ts';

export interface WatchedContract {
  family: Family;
  /** lowercase 0x-address */
  address: string;
  /**
   * first block to index for this contract; absent: not known, found at start by bisection on
   * eth_getCode (indexer/networks/startBlockDiscovery.ts) and remembered in the state schema
   */
  startBlock?: number;
  /**
   * the block the contract was deployed at, when known (built-in configs, the devnet state file,
   * discovery): a startBlock above it means the indexed history is partial (see reconcile)
   */
  deployedAt?: number;
  /**
   * START_BLOCK for a contract whose start is unknown: discovery looks above it (the start is the
   * deployment if that is later, else this block, with the deployment before it unknown)
   */
  notBefore?: number;
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

/** A contract whose first block is known (after discovery every watched contract is one). */
export type ResolvedContract = WatchedContract & { startBlock: number };

/** The contract's first block; an error when it is still unknown (discovery has not run). */
export function startOf(c: WatchedContract): number {
  if (c.startBlock === undefined) throw new Error(`${c.family} ${c.address}: start block unknown (resolveStartBlocks finds it at start)`);
  return c.startBlock;
}

/** The first block any watched contract needs (contracts with an unknown start are left out; 0 if none is known). */
export function startBlockOf(config: NetworkConfig): number {
  const known = config.contracts.flatMap((c) => (c.startBlock === undefined ? [] : [c.startBlock]));
  return known.length === 0 ? 0 : Math.min(...known);
}

/**
 * Whether the indexed history of `c` is complete: it starts at or below the contract's known
 * deployment. A raised start (START_BLOCK above it) or an unknown deployment is a partial history.
 */
export function fromDeployment(c: WatchedContract): boolean {
  return c.deployedAt !== undefined && c.startBlock !== undefined && c.startBlock <= c.deployedAt;
}

/** An example of CONTRACTS, for the errors that ask for it. */
export const CONTRACTS_EXAMPLE =
  `CONTRACTS='[{"family":"CreditManager","address":"0x<40 hex digits>","startBlock":123456,"events":["CreditPurchased"]}]'` +
  ' (startBlock optional: found on chain when absent; events optional: every event of the family)';

/** Throws on a config the processor could not honour. */
export function validateNetwork(config: NetworkConfig): NetworkConfig {
  if (config.contracts.length === 0) {
    throw new Error(`network ${config.name}: no contracts to watch; set CONTRACTS to the contracts' family, address and (optionally) first block, e.g. ${CONTRACTS_EXAMPLE}`);
  }
  if (!Number.isInteger(config.finality) || config.finality < 0) {
    throw new Error(`network ${config.name}: finality must be a non-negative integer, got ${config.finality}`);
  }
  if (config.maxLogRange !== undefined && config.maxLogRange < PROCESSOR_LOG_SPLIT) {
    throw new Error(`network ${config.name}: the RPC's log range ${config.maxLogRange} is below the processor's ${PROCESSOR_LOG_SPLIT}`);
  }
  for (const c of config.contracts) {
    if (!/^0x[0-9a-f]{40}$/.test(c.address)) throw new Error(`network ${config.name}: bad address ${c.address}`);
    for (const [key, v] of [['startBlock', c.startBlock], ['deployedAt', c.deployedAt], ['notBefore', c.notBefore]] as const) {
      if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
        throw new Error(`network ${config.name}: ${c.family} ${c.address}: ${key} must be a non-negative integer, got ${String(v)}`);
      }
    }
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
