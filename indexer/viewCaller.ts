// The view-call sender of a running processor: eth_call through the processor's own RPC client
// (its rate limit, retries and redacted endpoint), all of a batch's calls as one JSON-RPC batch.
// A revert is an answer (the log that needed it is quarantined); a result that is not hex data is
// one too; any other error (the node is down, refuses EIP-1898 block hashes) fails the batch like
// any failed RPC call, without a URL in its message.
import type { ViewCall, ViewCaller, ViewResult } from './batch/viewCalls.ts';

/** What the processor's RPC client (`ctx._chain.client`) offers for a batch of calls. */
export interface BatchRpcClient {
  batchCall(
    calls: { method: string; params?: unknown[] }[],
    options?: { validateResult?: (result: unknown, req: unknown) => unknown; validateError?: (error: unknown, req: unknown) => unknown },
  ): Promise<unknown[]>;
}

const HEX_DATA = /^0x(?:[0-9a-fA-F]{2})*$/;
/** How nodes say an eth_call reverted (geth code 3, "execution reverted", anvil's "revert"). */
const REVERTED = /revert|invalid opcode|out of gas|stack (?:underflow|overflow)|invalid jump/i;

const brief = (s: string): string => (s.length > 200 ? `${s.slice(0, 200)}...` : s);

export function answer(result: unknown): ViewResult {
  if (typeof result === 'string' && HEX_DATA.test(result)) return { ok: true, data: result };
  return { ok: false, error: `eth_call returned ${brief(JSON.stringify(result) ?? String(result))}, expected hex data` };
}

export function rpcViewCaller(client: BatchRpcClient): ViewCaller {
  return async (calls: ViewCall[]) => {
    const requests = calls.map((c) => ({ method: 'eth_call', params: [{ to: c.to, data: c.data }, c.block] }));
    const results = await client.batchCall(requests, {
      validateResult: (result) => answer(result),
      validateError: (error) => {
        const e = error as { code?: unknown; message?: unknown };
        const message = typeof e?.message === 'string' ? e.message : JSON.stringify(error);
        if (e?.code === 3 || REVERTED.test(message)) return { ok: false, error: `eth_call reverted: ${brief(message)}` } satisfies ViewResult;
        throw new Error(`eth_call failed: ${brief(message)}`);
      },
    });
    return results as ViewResult[];
  };
}
