// Reconciliation: the indexed state at the indexed height against the contracts' own view
// functions read at that height. The database is read in one repeatable-read snapshot (a running
// processor may go on committing meanwhile); the block hash of the indexed head must be the
// chain's, or the comparison would be against another branch.
import pg from 'pg';
import type { DbSettings } from '../../db/postgres.ts';
import type { ContractName } from '../../contracts/artifacts.ts';
import type { NetworkConfig } from '../networks/types.ts';
import { indexedHead } from '../status.ts';
import { callAll, callKey, type CallOptions } from './chain.ts';
import { attributionChecks } from './checks/attribution.ts';
import { governanceChecks } from './checks/governance.ts';
import { paymentChecks } from './checks/payments.ts';
import { registryChecks } from './checks/registry.ts';
import { stakingChecks } from './checks/staking.ts';
import { tokenChecks } from './checks/tokens.ts';
import { show, type Check, type CheckContext, type Expectation, type Mismatch } from './types.ts';
import { rpcCall } from '../../lib/rpc.ts';

export const ALL_CHECKS: Check[] = [tokenChecks, stakingChecks, registryChecks, attributionChecks, paymentChecks, governanceChecks];

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
  seconds: number;
}

/** A condition under which nothing can be compared (no indexed data, another branch). */
export class ReconcileError extends Error {}

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
    const addresses = new Map<string, string>();
    for (const c of options.network.contracts) if (!addresses.has(c.family)) addresses.set(c.family, c.address.toLowerCase());
    const ctx: CheckContext = {
      rows: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
      address: (family: ContractName) => addresses.get(family),
    };
    let objects = 0;
    let expectations: Expectation[] = [];
    for (const check of options.checks ?? ALL_CHECKS) {
      const out = await check(ctx);
      objects += out.objects;
      expectations = expectations.concat(out.expectations);
    }
    await client.query('COMMIT');
    if (objects === 0) throw new ReconcileError(`nothing to compare at block ${head.height}: no indexed row of a watched contract`);
    const { rpc } = options.network;
    const results = await callAll(options.rpcUrl, expectations.map((e) => e.call), head.hash, {
      batchSize: options.batchSize ?? rpc.maxBatchCallSize ?? 500,
      concurrency: options.concurrency ?? rpc.capacity ?? 4,
    });
    return {
      height: head.height, hash: head.hash, objects, fields: expectations.length, calls: results.size,
      mismatches: compare(expectations, results), seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.end();
  }
}
