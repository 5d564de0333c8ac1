// Catch-up pipelining: while Postgres writes batch N, the handler already decodes batch N+1.
// The processor hands batches to `Database.transact` one at a time and waits for it; this database
// calls the handler at once with a DeferredStore, so the handler decodes (no database needed),
// then waits for its store. Batch N+1's transaction starts only after N's has committed, so the
// database sees exactly the sequence of one-transaction-per-batch commits it saw before: a crash
// loses at most the batches not yet committed, and the processor resumes from the status height.
// `transact` returns to the processor once N is writing and N-1 has committed (one batch in
// flight), or once N has committed when it is the last block asked for (the processor exits then).
// Hot blocks (at the head, undoable) are not pipelined: they wait for everything in flight. A
// `transactHot2` call keeps every foreign-key check and trigger, even for the finalized blocks it
// may start with (bulkLoad.ts, keepChecks): its transaction also writes hot blocks, rolls back
// orphaned ones and deletes the ones that became final, which the cascade to the undo log needs.
// `afterCommit` runs after each commit, before the next transaction starts (the catch-up's index
// build, batch/deferredIndexes.ts).
import { createLogger } from '@subsquid/logger';
import type { Store } from '@subsquid/typeorm-store';
import { OpenLedgerDatabase } from '../db/dataSource.ts';
import { keepChecks } from './batch/bulkLoad.ts';
import { withClient, type DbSettings } from '../db/postgres.ts';
import { DEFAULT_STATE_SCHEMA } from './status.ts';

/** A store that exists once the batch's transaction has started. */
export class DeferredStore {
  private bindStore!: (store: Store) => void;
  private markWriting!: () => void;
  readonly ready = new Promise<Store>((resolve) => (this.bindStore = resolve));
  /** resolved when the handler starts writing (its CPU-only work is done) */
  readonly writing = new Promise<void>((resolve) => (this.markWriting = resolve));

  bind(store: Store): void {
    this.bindStore(store);
  }

  startWriting(): void {
    this.markWriting();
  }
}

/** The store a batch handler is handed: squid's Store, or a DeferredStore from PipelinedDatabase. */
export type BatchStore = Store | DeferredStore;

/** The batch's store: at once for a plain store, once its transaction has started for a deferred one. */
export function storeOf(store: BatchStore): Promise<Store> {
  return store instanceof DeferredStore ? store.ready : Promise.resolve(store);
}

/** Tells a pipelined database that the batch is now only writing. */
export function startWriting(store: BatchStore): void {
  if (store instanceof DeferredStore) store.startWriting();
}

const log = createLogger('sqd:processor:pipeline');

type FinalTxInfo = Parameters<OpenLedgerDatabase['transact']>[0];
type HotTxInfo = Parameters<OpenLedgerDatabase['transactHot2']>[0];
type HotState = Awaited<ReturnType<OpenLedgerDatabase['connect']>>;

export interface PipelineOptions {
  /** the last block asked for, if any: its batch returns only once committed */
  lastBlock?: number;
  /** runs after every commit, before the next transaction */
  afterCommit?: () => Promise<void>;
}

/**
 * squid's hot-block database (OpenLedgerDatabase, which it wraps) whose final transactions hand the
 * handler a DeferredStore: the processor's `run` infers the handler's store type, BatchStore, from it.
 */
export class PipelinedDatabase {
  readonly supportsHotBlocks = true as const;
  private readonly inner: OpenLedgerDatabase;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly lastBlock: number | undefined;
  private readonly afterCommit: () => Promise<void>;
  private readonly db: DbSettings;
  private readonly stateSchema: string;

  constructor(settings: DbSettings, options: ConstructorParameters<typeof OpenLedgerDatabase>[1], pipeline: PipelineOptions = {}) {
    this.inner = new OpenLedgerDatabase(settings, options);
    this.db = settings;
    this.stateSchema = options?.stateSchema ?? DEFAULT_STATE_SCHEMA;
    this.lastBlock = pipeline.lastBlock;
    this.afterCommit = pipeline.afterCommit ?? (async () => {});
  }

  disconnect(): Promise<void> {
    return this.inner.disconnect();
  }

  /**
   * squid's connect, then removes undo-log rows of blocks that are no longer hot: versions before
   * hot blocks kept every check deleted final hot blocks under a bulk load, without the cascade.
   */
  async connect(): Promise<HotState> {
    const state = await this.inner.connect();
    const removed = await withClient(this.db, (c) => {
      const schema = c.escapeIdentifier(this.stateSchema);
      return c.query(
        `DELETE FROM ${schema}.hot_change_log l WHERE NOT EXISTS (SELECT 1 FROM ${schema}.hot_block b WHERE b.height = l.block_height)`,
      );
    });
    if (removed.rowCount) log.warn({ rows: removed.rowCount }, 'removed undo-log rows of blocks that are no longer hot (left by an earlier version)');
    return state;
  }

  async transact(info: FinalTxInfo, cb: (store: BatchStore) => Promise<void>): Promise<void> {
    const previous = this.inFlight;
    const deferred = new DeferredStore();
    const handled = cb(deferred);
    handled.catch(() => {}); // its failure surfaces through `job`
    // squid reruns the transaction on a serialization failure (40001): the first attempt gets the
    // pipelined handler's work, a rerun runs the handler again on the new transaction's store
    let attempts = 0;
    const job = previous
      .then(() =>
        this.inner.transact(info, async (store) => {
          attempts += 1;
          if (attempts > 1) return cb(store);
          deferred.bind(store);
          await handled;
        }),
      )
      .then(this.afterCommit);
    this.inFlight = job;
    // a batch that fails after the processor moved on must still end the process
    job.catch((err: unknown) => {
      log.fatal({ err, height: info.nextHead.height }, 'batch transaction failed');
      process.exit(1);
    });
    // the store is bound only once `previous` has committed, so `writing` implies it
    await Promise.race([deferred.writing, job]);
    if (this.lastBlock !== undefined && info.nextHead.height >= this.lastBlock) await job;
  }

  /** squid's per-block hot transaction, through transactHot2 as upstream does */
  transactHot(info: HotTxInfo, cb: (store: BatchStore, block: HotTxInfo['newBlocks'][number]) => Promise<void>): Promise<void> {
    return this.transactHot2(info, async (store, beg, end) => {
      for (let i = beg; i < end; i++) await cb(store, info.newBlocks[i]!);
    });
  }

  async transactHot2(info: HotTxInfo, cb: (store: BatchStore, blockSliceStart: number, blockSliceEnd: number) => Promise<void>): Promise<void> {
    await this.inFlight;
    const first = info.newBlocks[0];
    if (first && first.height <= info.finalizedHead.height) {
      const finalized = Math.min(info.newBlocks.length, info.finalizedHead.height - first.height + 1);
      log.info(
        { from: first.height, finalized, hot: info.newBlocks.length - finalized, base: info.baseHead.height },
        'hot update starts with finalized blocks: written with every check',
      );
    }
    await this.inner.transactHot2(info, (store, from, to) => {
      keepChecks(store);
      return cb(store, from, to);
    });
    await this.afterCommit();
  }
}
