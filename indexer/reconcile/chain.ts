// View calls at one block height, many per HTTP request (JSON-RPC batches) and a few requests in
// flight: anvil has no Multicall3, and one request per call would take minutes on a big history.
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem';
import { abiOf } from '../../contracts/artifacts.ts';
import { redactUrl } from '../../lib/redact.ts';
import { rpcTarget } from '../../lib/rpc.ts';
import type { ViewCall } from './types.ts';

export interface CallOptions {
  /** calls per JSON-RPC batch */
  batchSize?: number;
  /** batches in flight */
  concurrency?: number;
}

interface RpcReply {
  id: number;
  result?: Hex;
  error?: { code: number; message: string };
}

export const callKey = (c: ViewCall): string =>
  `${c.address}:${c.fn}:${JSON.stringify(c.args, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`;

async function post(url: string, body: unknown[]): Promise<RpcReply[]> {
  const target = rpcTarget(url);
  const res = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${redactUrl(url)}: HTTP ${res.status} ${await res.text()}`);
  const replies = (await res.json()) as unknown;
  if (!Array.isArray(replies)) {
    throw new Error(`${redactUrl(url)}: expected a JSON-RPC batch reply (an array of ${body.length}), got ${JSON.stringify(replies).slice(0, 300)}`);
  }
  return replies as RpcReply[];
}

/**
 * Runs every distinct call at the block with hash `blockHash` (EIP-1898: the indexed block itself,
 * even if the chain reorganises meanwhile); returns decoded results by `callKey`. A call that
 * reverts, or that the server leaves unanswered, gives an Error as its result (a mismatch, not a crash).
 */
export async function callAll(rpcUrl: string, calls: ViewCall[], blockHash: string, options: CallOptions = {}): Promise<Map<string, unknown>> {
  const unique = new Map<string, ViewCall>();
  for (const c of calls) unique.set(callKey(c), c);
  const entries = [...unique.entries()];
  const batchSize = options.batchSize ?? 500;
  const block = { blockHash };
  const results = new Map<string, unknown>();
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const batch = entries.slice(next, next + batchSize);
      next += batchSize;
      const body = batch.map(([, c], i) => ({
        jsonrpc: '2.0', id: i, method: 'eth_call',
        params: [{ to: c.address, data: encodeFunctionData({ abi: abiOf(c.contract), functionName: c.fn, args: c.args } as never) }, block],
      }));
      const replies = await post(rpcUrl, body);
      for (const [key] of batch) results.set(key, new Error('no reply in the batch'));
      for (const r of replies) {
        const entry = batch[r.id];
        if (!entry) throw new Error(`${redactUrl(rpcUrl)}: a batch reply with id ${String(r.id)}, expected 0..${batch.length - 1}`);
        const [key, c] = entry;
        if (r.error || r.result === undefined) {
          results.set(key, new Error(r.error?.message ?? 'no result'));
          continue;
        }
        results.set(key, decodeFunctionResult({ abi: abiOf(c.contract), functionName: c.fn, data: r.result } as never));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return results;
}
