// Network selection and the environment overrides every network accepts (docs/indexer.md).
import { envInt } from '../../lib/envInt.ts';
import { redactUrl } from '../../lib/redact.ts';
import { isFamily } from '../families.ts';
import { devnetNetwork } from './devnet.ts';
import { bscNetwork, ethereumNetwork } from './ethereum.ts';
import { openledgerMainnet, openledgerTestnet } from './openledger.ts';
import { CONTRACTS_EXAMPLE, validateNetwork, type NetworkConfig, type WatchedContract } from './types.ts';

export const NETWORK_NAMES = ['devnet', 'openledger', 'openledger-testnet', 'ethereum', 'bsc'] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

const REMOTE: Record<Exclude<NetworkName, 'devnet'>, (rpcUrl: string) => NetworkConfig> = {
  openledger: openledgerMainnet,
  'openledger-testnet': openledgerTestnet,
  ethereum: ethereumNetwork,
  bsc: bscNetwork,
};

/** The built-in config of a network; remote networks need an RPC URL. */
export function builtinNetwork(name: string, rpcUrl?: string): NetworkConfig {
  if (name === 'devnet') return devnetNetwork();
  const make = REMOTE[name as keyof typeof REMOTE];
  if (!make) throw new Error(`NETWORK: expected one of ${NETWORK_NAMES.join(', ')}, got ${name}`);
  if (!rpcUrl) throw new Error(`network ${name}: set RPC_URL (no public endpoint is assumed)`);
  return make(rpcUrl);
}

/** A clear error for an RPC URL the client could not use (shown redacted: it may carry a key). */
function assertRpcUrl(url: string): void {
  const protocol = URL.canParse(url) ? new URL(url).protocol : undefined;
  if (protocol !== 'http:' && protocol !== 'https:' && protocol !== 'ws:' && protocol !== 'wss:') {
    throw new Error(`RPC_URL: expected an http(s):// or ws(s):// URL, got ${protocol ? `a ${protocol} URL (${redactUrl(url)})` : 'something that does not parse as a URL'}`);
  }
}

const optionalBlock = (value: unknown, where: string): number | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${where}: expected a non-negative integer block number (or no startBlock: found on chain), got ${JSON.stringify(value)}`);
  }
  return value;
};

/**
 * CONTRACTS='[{"family":"CreditManager","address":"0x..","startBlock":1,"events":["CreditPurchased"]}]'.
 * A given startBlock is taken as the contract's first block (its deployment, or earlier); without
 * one, the start is found on chain (startBlockDiscovery.ts).
 */
export function parseContracts(json: string): WatchedContract[] {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch (err) {
    throw new Error(`CONTRACTS: expected JSON (${(err as Error).message}), e.g. ${CONTRACTS_EXAMPLE}`);
  }
  if (!Array.isArray(list)) throw new Error(`CONTRACTS: expected a JSON array, e.g. ${CONTRACTS_EXAMPLE}`);
  return list.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) throw new Error(`CONTRACTS[${i}]: expected an object, got ${JSON.stringify(item)}`);
    const entry = item as Record<string, unknown>;
    const family = String(entry.family);
    if (!isFamily(family)) throw new Error(`CONTRACTS[${i}]: unknown family ${family}`);
    const startBlock = optionalBlock(entry.startBlock, `CONTRACTS[${i}].startBlock`);
    return {
      family,
      address: String(entry.address).toLowerCase(),
      ...(startBlock === undefined ? {} : { startBlock, deployedAt: startBlock }),
      ...(Array.isArray(entry.events) ? { events: entry.events.map(String) } : {}),
    };
  });
}

/**
 * NETWORK (default devnet) with overrides: RPC_URL, FINALITY_CONFIRMATION, START_BLOCK (raises
 * every contract's first block; an unknown one is searched for above it), TO_BLOCK, CONTRACTS (replaces the watched set), RPC_RATE_LIMIT,
 * RPC_MAX_BATCH_CALL_SIZE, RPC_CAPACITY.
 */
export function networkFromEnv(env: NodeJS.ProcessEnv = process.env): NetworkConfig {
  const base = builtinNetwork(env.NETWORK || 'devnet', env.RPC_URL);
  const config: NetworkConfig = { ...base, rpc: { ...base.rpc }, contracts: [...base.contracts] };
  if (env.RPC_URL) config.rpc.url = env.RPC_URL;
  assertRpcUrl(config.rpc.url);
  if (env.CONTRACTS) config.contracts = parseContracts(env.CONTRACTS);
  const start = envInt(env, 'START_BLOCK');
  // raises known starts; an unknown one is searched for above it (startBlockDiscovery.ts)
  if (start !== undefined) {
    config.contracts = config.contracts.map((c) => (c.startBlock === undefined ? { ...c, notBefore: start } : { ...c, startBlock: Math.max(c.startBlock, start) }));
  }
  config.finality = envInt(env, 'FINALITY_CONFIRMATION') ?? config.finality;
  config.to = envInt(env, 'TO_BLOCK') ?? config.to;
  config.rpc.rateLimit = envInt(env, 'RPC_RATE_LIMIT') ?? config.rpc.rateLimit;
  config.rpc.maxBatchCallSize = envInt(env, 'RPC_MAX_BATCH_CALL_SIZE') ?? config.rpc.maxBatchCallSize;
  config.rpc.capacity = envInt(env, 'RPC_CAPACITY') ?? config.rpc.capacity;
  return validateNetwork(config);
}
