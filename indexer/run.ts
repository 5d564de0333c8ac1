// runProcessor(config): applies migrations, then runs the processor against the database until the
// config's `to` block is final (or forever). @subsquid/evm-processor owns the process from then on:
// it exits with 0 at the end and 1 on a fatal error, so tests run it in a child process
// (indexer/main.ts, see test/support/indexerProcess.ts).
import { createLogger } from '@subsquid/logger';
import { applyMigrations } from '../db/dataSource.ts';
import type { DbSettings } from '../db/postgres.ts';
import { redactUrl } from '../lib/redact.ts';
import { createBatchHandler, indexDeferral } from './batchHandler.ts';
import { adviseFinality, measureFinality } from './networks/finalityDepth.ts';
import { retryingRpc, type JsonRpc } from './networks/retryingRpc.ts';
import { resolveStartBlocks } from './networks/startBlockDiscovery.ts';
import type { NetworkConfig } from './networks/types.ts';
import { PipelinedDatabase } from './pipeline.ts';
import { buildProcessor, type MetricsAddress } from './processor.ts';
import { DEFAULT_STATE_SCHEMA } from './status.ts';
import { rpcViewCaller } from './viewCaller.ts';
import { raiseWsMessageLimit } from './wsLimits.ts';

export interface IndexerConfig {
  network: NetworkConfig;
  db: DbSettings;
  /** schema of the processor's status and hot-block tables (one per processor in a database) */
  stateSchema?: string;
  /** where Prometheus metrics are served (default: 127.0.0.1, an ephemeral port) */
  metrics?: MetricsAddress;
}

const log = createLogger('sqd:processor:openledger');

/** Logs how deep the chain finalizes next to the configured depth (remote networks; never fatal). */
async function checkFinality(network: NetworkConfig, rpc: JsonRpc): Promise<void> {
  try {
    const measure = await measureFinality(rpc);
    const advice = adviseFinality(measure, network.finality);
    log[advice.level]({ ...measure, finality: network.finality }, advice.message);
  } catch (err) {
    log.warn(`finality check: ${(err as Error).message}`);
  }
}

export async function runProcessor(config: IndexerConfig): Promise<void> {
  const { db } = config;
  const stateSchema = config.stateSchema ?? DEFAULT_STATE_SCHEMA;
  const applied = await applyMigrations(db);
  log.info({ applied, database: `${db.host}:${db.port}/${db.database}` }, 'migrations applied');
  const rpc = retryingRpc(config.network.rpc.url, { onRetry: (method, attempt, err) => log.warn(`${method}: attempt ${attempt} failed, retrying: ${err.message}`) });
  // contracts without a known first block: found on chain (or remembered), never scanned from block 0
  const network = await resolveStartBlocks(config.network, { db, stateSchema, rpc });
  if (network.name !== 'devnet') await checkFinality(network, rpc);
  log.info(
    {
      network: network.name, chainId: network.chainId, rpc: redactUrl(network.rpc.url), finality: network.finality, to: network.to,
      contracts: network.contracts.map((c) => `${c.family}@${c.address}#${c.startBlock}`),
    },
    'starting processor',
  );
  raiseWsMessageLimit();
  const processor = buildProcessor(network, { metrics: config.metrics });
  // indexes deferred for a catch-up are built after its last batch commits, two at a time
  const indexes = indexDeferral(network, { stateSchema, afterCommit: { db, connections: 2 } });
  const database = new PipelinedDatabase(db, { supportHotBlocks: true, stateSchema }, {
    lastBlock: network.to,
    afterCommit: () => indexes.afterCommit(),
  });
  const handler = createBatchHandler(network, { indexes, stateSchema });
  processor.run(database, async (ctx) => {
    const fetchHead = () => ctx._chain.client.call<string>('eth_blockNumber').then((h) => Number(h));
    // view calls go through the processor's client: its retries, rate limit and redacted endpoint
    await handler({ blocks: ctx.blocks, store: ctx.store, isHead: ctx.isHead, fetchHead, views: rpcViewCaller(ctx._chain.client) });
  });
}
