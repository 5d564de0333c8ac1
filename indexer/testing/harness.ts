// The batch handler without a processor: hand it blocks (from a test) and a store on a database,
// in one transaction, as the processor would.
import { Store } from '@subsquid/typeorm-store';
import { DataSource } from 'typeorm';
import { applyMigrations, dataSourceOptions } from '../../db/dataSource.ts';
import type { DbSettings } from '../../db/postgres.ts';
import { createBatchHandler, type BlockInput } from '../mapping.ts';
import type { NetworkConfig } from '../networks/types.ts';

export async function runBatch(db: DbSettings, network: NetworkConfig, blocks: BlockInput[]): Promise<void> {
  await applyMigrations(db);
  const ds = new DataSource(dataSourceOptions(db));
  await ds.initialize();
  try {
    const handle = createBatchHandler(network);
    await ds.transaction('SERIALIZABLE', (em) => handle({ blocks, store: new Store(() => em), isHead: false }));
  } finally {
    await ds.destroy();
  }
}
