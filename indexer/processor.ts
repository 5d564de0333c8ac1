// The EvmBatchProcessor for a network: which logs (address + topic0 per watched contract, from its
// first block), finality (hot-block depth), RPC limits, and the fields the handlers read.
import { EvmBatchProcessor } from '@subsquid/evm-processor';
import { Decoder } from './decode.ts';
import { startBlockOf, type NetworkConfig } from './networks/types.ts';

export const FIELDS = {
  block: { timestamp: true },
  log: { address: true, topics: true, data: true, transactionHash: true },
} as const;

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
  return processor;
}
