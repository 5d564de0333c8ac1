// Start blocks that no one published (OpenLedger mainnet's contracts, CONTRACTS entries without a
// startBlock): the first block at which the contract has code, found by bisection on eth_getCode
// by block number (about log2(head) calls: 25 for a chain of 30 million blocks), logged, and
// remembered in the state schema (startBlockMemory.ts) so that a restart asks nothing. Indexing
// from there instead of block 0 skips every block before the contract existed.
import pg from 'pg';
import type { DbSettings } from '../../db/postgres.ts';
import { logger } from '../../lib/log.ts';
import type { JsonRpc } from './retryingRpc.ts';
import { rememberedStart, rememberStart } from './startBlockMemory.ts';
import type { NetworkConfig, WatchedContract } from './types.ts';

const log = logger('start-blocks');

const hex = (n: number) => `0x${n.toString(16)}`;
const hasCode = (code: string | null | undefined) => typeof code === 'string' && code !== '0x' && code !== '0x0' && code !== '';

export interface Deployment {
  /** the first block whose state holds the contract's code, at or above `from` */
  block: number;
  /**
   * whether `block` is the deployment: false when the code is already there at `from` (the
   * contract was deployed at or before it; how much earlier was not searched)
   */
  exact: boolean;
  /** eth_getCode calls made */
  calls: number;
  head: number;
}

/**
 * The first block at or above `from` (default 0) at which `address` has code, by bisection up to
 * the head. A contract without code at the head is an error (wrong address or wrong network).
 * Assumes the code, once there, stays (a self-destructed and redeployed contract needs its start
 * given).
 */
export async function findDeploymentBlock(rpc: JsonRpc, address: string, from = 0): Promise<Deployment> {
  const head = Number(await rpc.call<string>('eth_blockNumber'));
  let calls = 0;
  const codeAt = async (block: number): Promise<boolean> => {
    calls++;
    try {
      return hasCode(await rpc.call<string>('eth_getCode', [address, hex(block)]));
    } catch (err) {
      throw new Error(
        `start block of ${address}: eth_getCode at block ${block} failed (${(err as Error).message}). Discovery needs state at old blocks ` +
          '(an archive node); or give the start block: a startBlock in CONTRACTS',
      );
    }
  };
  if (!(await codeAt(head))) {
    throw new Error(`start block of ${address}: no contract code at ${address} at the head (block ${head}): check the address and that RPC_URL serves the right network`);
  }
  // code at the head and a bound at or above it: start at the bound, the deployment is below it
  if (from >= head) return { block: from, exact: false, calls, head };
  if (from > 0 && (await codeAt(from))) return { block: from, exact: false, calls, head };
  // invariant: no code at `below` (from - 1 stands for "before the range"), code at `at`
  let below = from - 1;
  let at = head;
  while (at - below > 1) {
    const mid = Math.floor((below + at) / 2);
    if (await codeAt(mid)) at = mid;
    else below = mid;
  }
  return { block: at, exact: true, calls, head };
}

export interface ResolveOptions {
  db: DbSettings;
  stateSchema: string;
  rpc: JsonRpc;
}

/** The start of `c` from its deployment block: raised to `notBefore` (START_BLOCK) when that is later. */
const fromDeployed = (c: WatchedContract, deployedAt: number): WatchedContract => ({ ...c, startBlock: Math.max(deployedAt, c.notBefore ?? 0), deployedAt });

/**
 * The network with every start block known: contracts without one get their remembered deployment
 * block, or the one discovery finds (then remembered), raised to START_BLOCK if that is later.
 * The RPC must serve the network's chain id.
 */
export async function resolveStartBlocks(network: NetworkConfig, options: ResolveOptions): Promise<NetworkConfig> {
  if (network.contracts.every((c) => c.startBlock !== undefined)) return network;
  const chainId = Number(await options.rpc.call<string>('eth_chainId'));
  if (chainId !== network.chainId) {
    throw new Error(`network ${network.name}: expected chain id ${network.chainId}, the RPC serves chain ${chainId}: check RPC_URL and NETWORK`);
  }
  const client = new pg.Client({ ...options.db });
  await client.connect();
  try {
    const contracts: WatchedContract[] = [];
    for (const c of network.contracts) {
      if (c.startBlock !== undefined) {
        contracts.push(c);
        continue;
      }
      const remembered = await rememberedStart(client, options.stateSchema, chainId, c.address);
      if (remembered !== undefined) {
        log.info('deployment block remembered', { family: c.family, address: c.address, chainId, deployedAt: remembered, notBefore: c.notBefore });
        contracts.push(fromDeployed(c, remembered));
        continue;
      }
      const started = performance.now();
      const d = await findDeploymentBlock(options.rpc, c.address, c.notBefore);
      const took = { head: d.head, getCodeCalls: d.calls, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
      if (!d.exact) {
        // deployed at or before START_BLOCK: the start is that block, the deployment is not known
        log.info('code already there at START_BLOCK: starting there', { family: c.family, address: c.address, chainId, startBlock: d.block, ...took });
        contracts.push({ ...c, startBlock: d.block });
        continue;
      }
      await rememberStart(client, options.stateSchema, { chainId, address: c.address, startBlock: d.block });
      log.info('start block found on chain', { family: c.family, address: c.address, chainId, startBlock: d.block, ...took });
      contracts.push(fromDeployed(c, d.block));
    }
    return { ...network, contracts };
  } finally {
    await client.end();
  }
}
