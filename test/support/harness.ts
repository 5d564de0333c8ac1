// The batch handler without a processor: hand it blocks (from a test) and a store on a database,
// in one transaction, as the processor would (`runBatch`), or through the processor's own database
// class, as finalized batches and as hot blocks with their undo log (`openDatabase`).
import { Store } from '@subsquid/typeorm-store';
import { DataSource } from 'typeorm';
import { applyMigrations, dataSourceOptions, OpenLedgerDatabase } from '../../db/dataSource.ts';
import type { DbSettings } from '../../db/postgres.ts';
import { createBatchHandler, indexDeferral, type BlockInput } from '../../indexer/batchHandler.ts';
import type { NetworkConfig } from '../../indexer/networks/types.ts';
import { DEFAULT_STATE_SCHEMA } from '../../indexer/status.ts';

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

export interface Head {
  height: number;
  hash: string;
}

export interface TestDatabase {
  /** one finalized batch (`transact`), after the finalized head */
  finalized(blocks: BlockInput[]): Promise<void>;
  /**
   * hot blocks (`transactHot2`, each block its own undo log) on top of the last hot or finalized
   * block, or of `base` (a fork: the hot blocks above it are rolled back first)
   */
  hot(blocks: BlockInput[], base?: Head): Promise<void>;
  /** the finalized head */
  finalizedHead(): Head;
  close(): Promise<void>;
}

/** The processor's database (migrated, hot blocks on, indexes never deferred) with the batch handler. */
export async function openDatabase(db: DbSettings, network: NetworkConfig): Promise<TestDatabase> {
  await applyMigrations(db);
  const database = new OpenLedgerDatabase(db, { supportHotBlocks: true, stateSchema: DEFAULT_STATE_SCHEMA });
  const state = await database.connect();
  const handle = createBatchHandler(network, { indexes: indexDeferral(network, { mode: 'never' }) });
  let finalized: Head = { height: state.height, hash: state.hash };
  let top: Head = state.top.at(-1) ?? finalized;
  const head = (b: BlockInput): Head => ({ height: b.header.height, hash: b.header.hash });
  return {
    async finalized(blocks) {
      const next = head(blocks.at(-1)!);
      await database.transact({ prevHead: finalized, nextHead: next }, (store) => handle({ blocks, store, isHead: false }));
      finalized = next;
      top = next;
    },
    async hot(blocks, base = top) {
      await database.transactHot2(
        { finalizedHead: finalized, baseHead: base, newBlocks: blocks.map(head) },
        (store, beg, end) => handle({ blocks: blocks.slice(beg, end), store, isHead: true }),
      );
      top = head(blocks.at(-1)!);
    },
    finalizedHead: () => finalized,
    close: () => database.disconnect(),
  };
}
