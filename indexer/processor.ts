// The EvmBatchProcessor for a network: which logs (address + topic0 per watched contract, from its
// first block), finality (hot-block depth), RPC limits, and the fields the handlers read.
import { EvmBatchProcessor } from '@subsquid/evm-processor';
import { Decoder } from './decode.ts';
import { startBlockOf, type NetworkConfig } from './networks/types.ts';

export const FIELDS = {
  block: { timestamp: true },
  log: { address: true, topics: true, data: true, transactionHash: true },
} as const;

/**
 * HTTP statuses of a transient server failure, retried like a dropped connection: every 5xx but
 * 501 (not implemented) and 505 (HTTP version). @subsquid/rpc-client 4.14 retries only 429, 502,
 * 503, 504 and connection errors; anything else fails the call, and a failed call ends the
 * processor (exit 1). A 500 from an overloaded node or a load balancer is not worth dying for.
 */
export function isTransientServerError(err: unknown): boolean {
  if (!(err instanceof Error) || err.name !== 'HttpError') return false;
  const status = (err as Error & { response?: { status?: unknown } }).response?.status;
  return typeof status === 'number' && status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

/** The processor's RPC client (private to @subsquid/evm-processor 1.27.3, created once per processor). */
interface ProcessorRpcClient {
  isConnectionError(err: Error): boolean;
}

/** Makes the processor's RPC client retry transient server errors (with its backoff, forever). */
function retryTransientServerErrors(processor: EvmBatchProcessor<typeof FIELDS>): void {
  const client = (processor as unknown as { getChainRpcClient(): ProcessorRpcClient }).getChainRpcClient();
  const isConnectionError = client.isConnectionError.bind(client);
  client.isConnectionError = (err) => isConnectionError(err) || isTransientServerError(err);
}

export function buildProcessor(network: NetworkConfig, options: { prometheusPort?: number } = {}) {
  const topics = new Decoder(network.contracts).topicsByAddress();
  const processor = new EvmBatchProcessor()
    .setRpcEndpoint({
      url: network.rpc.url,
      rateLimit: network.rpc.rateLimit,
      maxBatchCallSize: network.rpc.maxBatchCallSize,
      capacity: network.rpc.capacity,
      requestTimeout: network.rpc.requestTimeout,
    })
    .setRpcDataIngestionSettings({ headPollInterval: network.headPollInterval, newHeadTimeout: network.newHeadTimeout })
    .setFinalityConfirmation(network.finality)
    .setFields(FIELDS)
    .setBlockRange({ from: startBlockOf(network), ...(network.to !== undefined ? { to: network.to } : {}) });
  for (const c of network.contracts) {
    processor.addLog({
      address: [c.address],
      topic0: topics.get(c.address) ?? [],
      range: { from: c.startBlock, ...(network.to !== undefined ? { to: network.to } : {}) },
    });
  }
  if (options.prometheusPort !== undefined) processor.setPrometheusPort(options.prometheusPort);
  retryTransientServerErrors(processor);
  return processor;
}
