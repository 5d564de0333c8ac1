// The EvmBatchProcessor for a network: which logs (address + topic0 per watched contract, from its
// first block), finality (hot-block depth), RPC limits, and the fields the handlers read.
import { EvmBatchProcessor } from '@subsquid/evm-processor';
import { createLogger, type Logger } from '@subsquid/logger';
import { redactUrl } from '../lib/redact.ts';
import { rpcTarget } from '../lib/rpc.ts';
import { Decoder } from './decode.ts';
import { startBlockOf, startOf, type NetworkConfig } from './networks/types.ts';

const FIELDS = {
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
  /** what the client shows of its endpoint: log context, error context, the `url` label of sqd_rpc_request_count */
  url: string;
  log?: Logger;
  isConnectionError(err: Error): boolean;
}

const rpcClientOf = (processor: EvmBatchProcessor<typeof FIELDS>): ProcessorRpcClient =>
  (processor as unknown as { getChainRpcClient(): ProcessorRpcClient }).getChainRpcClient();

/** Makes the processor's RPC client retry transient server errors (with its backoff, forever). */
function retryTransientServerErrors(client: ProcessorRpcClient): void {
  const isConnectionError = client.isConnectionError.bind(client);
  client.isConnectionError = (err) => isConnectionError(err) || isTransientServerError(err);
}

/**
 * The RPC client shows its endpoint in log lines, error contexts and the `url` label of the
 * Prometheus metric sqd_rpc_request_count: 1.27.3 strips the user info only (its logger even keeps
 * the whole URL), so a key in the path or query would be everywhere. The client keeps the real URL
 * for its connection; what it shows becomes `redactUrl`'s form. The hot data source, created later,
 * takes its log context from `client.url`.
 */
function hideRpcUrl(client: ProcessorRpcClient, url: string): void {
  client.url = redactUrl(url);
  if (client.log) client.log = createLogger('sqd:processor:rpc', { rpcUrl: client.url });
}

/** Where the processor serves its Prometheus metrics. */
export interface MetricsAddress {
  /** interface to listen on (default 127.0.0.1: loopback only) */
  host?: string;
  /** port (default 0: an ephemeral port, logged at start) */
  port?: number;
}

const DEFAULT_METRICS_HOST = '127.0.0.1';

/**
 * The processor of `network`, whose contracts' start blocks are all known (resolveStartBlocks):
 * each contract's logs are requested from its own first block.
 */
export function buildProcessor(network: NetworkConfig, options: { metrics?: MetricsAddress } = {}) {
  const starts = network.contracts.map(startOf);
  const topics = new Decoder(network.contracts).topicsByAddress();
  // credentials in the URL travel as a basic Authorization header: squid's ws client would drop them
  const target = rpcTarget(network.rpc.url);
  const processor = new EvmBatchProcessor()
    .setRpcEndpoint({
      url: target.url,
      headers: target.headers,
      rateLimit: network.rpc.rateLimit,
      maxBatchCallSize: network.rpc.maxBatchCallSize,
      capacity: network.rpc.capacity,
      requestTimeout: network.rpc.requestTimeout,
    })
    .setRpcDataIngestionSettings({ headPollInterval: network.headPollInterval, newHeadTimeout: network.newHeadTimeout })
    .setFinalityConfirmation(network.finality)
    .setFields(FIELDS)
    .setBlockRange({ from: startBlockOf(network), ...(network.to !== undefined ? { to: network.to } : {}) });
  for (const [i, c] of network.contracts.entries()) {
    processor.addLog({
      address: [c.address],
      topic0: topics.get(c.address) ?? [],
      range: { from: starts[i]!, ...(network.to !== undefined ? { to: network.to } : {}) },
    });
  }
  // 1.27.3 hands the port to net.Server#listen as it is; listen options (host and port) make it bind
  // one interface instead of every one (squid's default). Its log line names the port it got.
  const listenOn = { host: options.metrics?.host ?? DEFAULT_METRICS_HOST, port: options.metrics?.port ?? 0 };
  processor.setPrometheusPort(listenOn as unknown as number);
  const client = rpcClientOf(processor);
  retryTransientServerErrors(client);
  hideRpcUrl(client, network.rpc.url);
  return processor;
}

/**
 * PROMETHEUS_HOST (default 127.0.0.1; `0.0.0.0` or `::` for every interface, e.g. in a container
 * whose metrics are scraped from outside) and PROCESSOR_PROMETHEUS_PORT or PROMETHEUS_PORT (squid's
 * names; default 0: an ephemeral port).
 */
export function metricsFromEnv(env: NodeJS.ProcessEnv): MetricsAddress {
  const rawPort = env.PROCESSOR_PROMETHEUS_PORT || env.PROMETHEUS_PORT || '0';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PROMETHEUS_PORT: expected a port number (0-65535), got ${rawPort}`);
  const host = env.PROMETHEUS_HOST || DEFAULT_METRICS_HOST;
  if (/[\s/]/.test(host)) throw new Error(`PROMETHEUS_HOST: expected a host name or IP address, got ${host}`);
  return { host, port };
}
