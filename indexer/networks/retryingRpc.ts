// A JSON-RPC endpoint for start-up checks (start-block discovery, finality measure): http(s) calls,
// each retried a few times with a pause when it failed on the way (connection, HTTP status: public
// endpoints fail now and then), then an error that names the method and the endpoint (redacted: it
// may carry a key) and the last failure. A JSON-RPC error reply is the node's answer: not retried.
import { redactUrl } from '../../lib/redact.ts';
import { rpcCall } from '../../lib/rpc.ts';

export interface JsonRpc {
  call<T>(method: string, params?: unknown[]): Promise<T>;
}

export interface RetryOptions {
  /** pauses before each retry, in ms (its length + 1 is the number of attempts) */
  retryDelaysMs?: readonly number[];
  /** told about each failure that is retried */
  onRetry?: (method: string, attempt: number, err: Error) => void;
}

export const DEFAULT_RETRY_DELAYS_MS = [250, 1000, 3000] as const;

/** The http(s) URL for `url`: a ws(s) endpoint is asked over http(s) at the same host and path. */
export function httpUrlOf(url: string): string {
  return url.replace(/^ws(s?):\/\//i, 'http$1://');
}

export function retryingRpc(url: string, options: RetryOptions = {}): JsonRpc {
  const http = httpUrlOf(url);
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  return {
    async call<T>(method: string, params: unknown[] = []): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await rpcCall<T>(http, method, params);
        } catch (err) {
          const e = err as Error;
          // rpcCall's form of an error reply ("<method>: <node's message>"), as against a failed request
          if (e.message.startsWith(`${method}: `)) throw e;
          if (attempt >= delays.length) {
            throw new Error(`${method} at ${redactUrl(http)} failed ${attempt + 1} times; last: ${e.message.replaceAll(http, redactUrl(http))}`);
          }
          options.onRetry?.(method, attempt + 1, e);
          await new Promise((r) => setTimeout(r, delays[attempt]));
        }
      }
    },
  };
}
