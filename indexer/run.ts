// runProcessor(config): applies migrations, then runs the processor against the database until the
// config's `to` block is final (or forever). @subsquid/evm-processor owns the process from then on:
// it exits with 0 at the end and 1 on a fatal error, so tests run it in a child process
// (indexer/main.ts, see test/support/indexerProcess.ts).
import { createLogger } from '@subsquid/logger';
import { applyMigrations } from '../db/dataSource.ts';
import type { DbSettings } from '../db/postgres.ts';
import { redactUrl } from '../lib/redact.ts';
import { createBatchHandler, indexDeferral } from './batchHandler.ts';
import type { NetworkConfig } from './networks/types.ts';
import { PipelinedDatabase } from './pipeline.ts';
import { buildProcessor, type MetricsAddress } from './processor.ts';
import { DEFAULT_STATE_SCHEMA } from './status.ts';
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

export async function runProcessor(config: IndexerConfig): Promise<void> {
  const { network, db } = config;
  const applied = await applyMigrations(db);
  log.info({ applied, database: `${db.host}:${db.port}/${db.database}` }, 'migrations applied');
  log.info(
    {
      network: network.name, chainId: network.chainId, rpc: redactUrl(network.rpc.url), finality: network.finality, to: network.to,
      contracts: network.contracts.map((c) => `${c.family}@${c.address}#${c.startBlock}`),
    },
    'starting processor',
  );
  raiseWsMessageLimit();
  const processor = buildProcessor(network, { metrics: config.metrics });
  const stateSchema = config.stateSchema ?? DEFAULT_STATE_SCHEMA;
  // indexes deferred for a catch-up are built after its last batch commits, two at a time
  const indexes = indexDeferral(network, { stateSchema, afterCommit: { db, connections: 2 } });
  const database = new PipelinedDatabase(db, { supportHotBlocks: true, stateSchema }, {
    lastBlock: network.to,
    afterCommit: () => indexes.afterCommit(),
  });
  const handler = createBatchHandler(network, { indexes });
  processor.run(database, async (ctx) => {
    const fetchHead = () => ctx._chain.client.call<string>('eth_blockNumber').then((h) => Number(h));
    await handler({ blocks: ctx.blocks, store: ctx.store, isHead: ctx.isHead, fetchHead });
  });
}
