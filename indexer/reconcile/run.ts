// Reconciliation: the indexed state at the indexed height against the contracts' own view
// functions read at that height. The database is read in one repeatable-read snapshot (a running
// processor may go on committing meanwhile); the block hash of the indexed head must be the
// chain's, or the comparison would be against another branch.
import pg from 'pg';
import type { DbSettings } from '../../db/postgres.ts';
import type { ContractName } from '../../contracts/artifacts.ts';
import { rememberedStart } from '../networks/startBlockMemory.ts';
import type { NetworkConfig, WatchedContract } from '../networks/types.ts';
import { DEFAULT_STATE_SCHEMA, indexedHead } from '../status.ts';
import { callAll, callKey, type CallOptions } from './chain.ts';
import { airdropChecks } from './checks/airdrops.ts';
import { attributionChecks } from './checks/attribution.ts';
import { governanceChecks } from './checks/governance.ts';
import { paymentChecks } from './checks/payments.ts';
import { registryChecks } from './checks/registry.ts';
import { stakingChecks } from './checks/staking.ts';
import { tokenChecks } from './checks/tokens.ts';
import { coverage, type Skipped } from './coverage.ts';
import { show, type Check, type CheckContext, type Expectation, type Mismatch } from './types.ts';
import { rpcCall } from '../../lib/rpc.ts';

export const ALL_CHECKS: Check[] = [tokenChecks, stakingChecks, airdropChecks, registryChecks, attributionChecks, paymentChecks, governanceChecks];

export interface ReconcileOptions extends CallOptions {
  db: DbSettings;
  network: NetworkConfig;
  /** an http(s) endpoint of the same chain (JSON-RPC batches) */
  rpcUrl: string;
  stateSchema?: string;
  checks?: Check[];
}

export interface ReconcileResult {
  height: number;
  hash: string;
  /** rows compared (accounts, stakes, datanets, ...) */
  objects: number;
  /** fields compared */
  fields: number;
  /** distinct view calls made */
  calls: number;
  mismatches: Mismatch[];
  /** families not compared (an event subset, a raised or unknown start), with what and why */
  skipped: Skipped[];
  seconds: number;
}

/** A condition under which nothing can be compared (no indexed data, another branch, every family skipped). */
export class ReconcileError extends Error {
  constructor(message: string, readonly skipped: Skipped[] = []) {
    super(message);
  }
}

/** Contracts whose start was found on chain by the processor (remembered in the state schema) get it back. */
async function withRememberedStarts(client: pg.ClientBase, stateSchema: string, network: NetworkConfig): Promise<WatchedContract[]> {
  const out: WatchedContract[] = [];
  for (const c of network.contracts) {
    const deployedAt = c.startBlock === undefined ? await rememberedStart(client, stateSchema, network.chainId, c.address) : undefined;
    out.push(deployedAt === undefined ? c : { ...c, startBlock: Math.max(deployedAt, c.notBefore ?? 0), deployedAt });
  }
  return out;
}

async function blockHash(rpcUrl: string, height: number): Promise<string | undefined> {
  try {
    return (await rpcCall<{ hash: string } | null>(rpcUrl, 'eth_getBlockByNumber', [`0x${height.toString(16)}`, false]))?.hash;
  } catch (err) {
    throw new ReconcileError(`block ${height}: ${(err as Error).message}`);
  }
}

function compare(expectations: Expectation[], results: Map<string, unknown>): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const e of expectations) {
    const result = results.get(callKey(e.call));
    const chain = result instanceof Error ? `error: ${result.message.split('\n')[0]}` : show(e.pick ? e.pick(result) : result);
    const indexed = show(e.indexed);
    if (chain !== indexed) mismatches.push({ entity: e.entity, id: e.id, field: e.field, indexed, chain });
  }
  return mismatches;
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const started = performance.now();
  const client = new pg.Client({ ...options.db });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const head = await indexedHead(client, options.stateSchema);
    if (!head) throw new ReconcileError('nothing is indexed yet (no processor status in the database)');
    const onChain = await blockHash(options.rpcUrl, head.height);
    if (onChain !== head.hash) {
      throw new ReconcileError(`indexed block ${head.height} is ${head.hash}, the chain's is ${onChain ?? 'missing'}: another branch or another chain`);
    }
    const contracts = await withRememberedStarts(client, options.stateSchema ?? DEFAULT_STATE_SCHEMA, options.network);
    // a family whose indexed state cannot equal the chain's is not asked for: its checks skip it
    const { compared, skipped } = coverage(contracts);
    const ctx: CheckContext = {
      rows: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
      address: (family: ContractName) => compared.get(family),
    };
    let objects = 0;
    let expectations: Expectation[] = [];
    for (const check of options.checks ?? ALL_CHECKS) {
      const out = await check(ctx);
      objects += out.objects;
      expectations = expectations.concat(out.expectations);
    }
    await client.query('COMMIT');
    if (objects === 0 || expectations.length === 0) {
      const why = skipped.length > 0 ? `; skipped: ${skipped.map((x) => `${x.family} (${x.reason})`).join('; ')}` : '';
      throw new ReconcileError(`nothing to compare at block ${head.height}: no indexed row of a compared contract${why}`, skipped);
    }
    const { rpc } = options.network;
    const results = await callAll(options.rpcUrl, expectations.map((e) => e.call), head.hash, {
      batchSize: options.batchSize ?? rpc.maxBatchCallSize ?? 500,
      concurrency: options.concurrency ?? rpc.capacity ?? 4,
    });
    return {
      height: head.height, hash: head.hash, objects, fields: expectations.length, calls: results.size,
      mismatches: compare(expectations, results), skipped, seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.end();
  }
}
