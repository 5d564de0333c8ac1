// @subsquid/rpc-client 4.x opens WebSocket connections (npm `websocket`) that accept at most 24 MiB
// per message and close the socket on a larger one. The processor asks for every log of 10 blocks
// at once, and ten of the devnet's bulk blocks (~2,000 events each) answer with ~26 MB: over ws the
// call then fails forever ("Socket connection terminated", retried with growing pauses). This raises
// the limit for every connection the client opens from now on.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Default: room for 10 blocks of 100M gas worth of logs. */
const WS_MESSAGE_LIMIT = 512 * 1024 * 1024;

type W3CWebSocketCtor = new (...args: unknown[]) => unknown;
interface WebsocketModule {
  w3cwebsocket: W3CWebSocketCtor & { __openledgerLimit?: number };
}

/** Makes `websocket`'s W3C client (the one @subsquid/rpc-client uses) accept messages up to `bytes`. */
export function raiseWsMessageLimit(bytes = WS_MESSAGE_LIMIT): void {
  const rpcClient = require.resolve('@subsquid/rpc-client');
  const ws = createRequire(rpcClient)('websocket') as WebsocketModule;
  if (ws.w3cwebsocket.__openledgerLimit !== undefined) {
    ws.w3cwebsocket.__openledgerLimit = bytes;
    return;
  }
  const Original = ws.w3cwebsocket;
  const Raised = function (this: unknown, url: unknown, protocols: unknown, origin: unknown, headers: unknown, requestOptions: unknown, config?: Record<string, unknown>) {
    const limit = Raised.__openledgerLimit!;
    return new Original(url, protocols, origin, headers, requestOptions, {
      ...config,
      maxReceivedFrameSize: Math.max(Number(config?.maxReceivedFrameSize ?? 0), limit),
      maxReceivedMessageSize: Math.max(Number(config?.maxReceivedMessageSize ?? 0), limit),
    });
  } as unknown as W3CWebSocketCtor & { __openledgerLimit?: number };
  Raised.__openledgerLimit = bytes;
  ws.w3cwebsocket = Raised;
}
