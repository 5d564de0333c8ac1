// View calls at one block height, many per HTTP request (JSON-RPC batches) and a few requests in
// flight: anvil has no Multicall3, and one request per call would take minutes on a big history.
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem';
import { abiOf } from '../../contracts/artifacts.ts';
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

async function post(url: string, body: unknown): Promise<RpcReply[]> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as RpcReply[];
}

/**
 * Runs every distinct call at `blockNumber`; returns decoded results by `callKey`. A call that
 * reverts gives an Error as its result (a mismatch, not a crash).
 */
export async function callAll(rpcUrl: string, calls: ViewCall[], blockNumber: number, options: CallOptions = {}): Promise<Map<string, unknown>> {
  const unique = new Map<string, ViewCall>();
  for (const c of calls) unique.set(callKey(c), c);
  const entries = [...unique.entries()];
  const batchSize = options.batchSize ?? 500;
  const block = `0x${blockNumber.toString(16)}`;
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
      for (const r of replies) {
        const [key, c] = batch[r.id]!;
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
