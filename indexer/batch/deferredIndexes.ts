// Catch-up without the secondary indexes of the high-volume, append-only tables; they are built
// once the catch-up ends (Ponder builds its indexes after the backfill for the same reason).
// Postgres maintains every index row by row as rows arrive, which on `inference_attribution`
// (7 indexes) is most of the write time; a build afterwards sorts once. On the benchmark's
// 1M-event history the three largest tables take 24.3 s to COPY with their indexes, and 8.5 s
// without them plus 7.2 s to build them (docs/indexer.md, Performance).
//
// When: a bulk batch (bulkLoad.ts: finalized blocks, at least BULK_LOAD_ROWS rows) below the chain
// head and the configured last block, of a process with at least as much chain ahead of it as
// behind it (blocks from the network's start block), drops the indexes of DEFERRED_TABLES that
// back no constraint and records their definitions in `<state schema>.deferred_index`, inside the
// batch's transaction: a crash keeps both or neither. Later finalized batches below the head write
// without them, whatever their size. The first batch at the head, of hot blocks or reaching the last
// block ends the catch-up: the indexes are built (after its commit, or in its transaction) and the
// records deleted; this process never defers again. A restart that finds records goes on with the
// catch-up they belong to.
// The indexer reads these tables by primary key only (which stays); queries by other columns
// (the API, reconcile) are slow until the catch-up ends.
// What a batch decides (deferred, built, settled) takes effect once its transaction has committed
// (`afterCommit`): a transaction squid reruns after a serialization failure (40001) starts again from
// what the last commit left, so the flags always follow the database.
// A stored definition is built only if it is one the schema declares (declaredIndexes.ts: TypeORM's
// metadata of the entities, as the migrations create them): anything else in
// `<state schema>.deferred_index` (a tampered row) is refused with what was expected and what came,
// before anything is executed.
// DEFER_INDEXES: `auto` (default), `always` (every large finalized batch, whatever is ahead), `never`.
import { createLogger } from '@subsquid/logger';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import type { DbSettings } from '../../db/postgres.ts';
import type { WriteHooks } from './context.ts';
import { buildStatement, checkDefinition, schemaIndexes, type DeclaredIndex } from './declaredIndexes.ts';

/** Insert-only tables with the most rows per event; the indexer never reads them by a secondary index. */
export const DEFERRED_TABLES = ['inference_attribution', 'inference', 'credit_spend', 'token_transfer'] as const;

export type DeferMode = 'auto' | 'always' | 'never';

export function deferIndexesMode(env: NodeJS.ProcessEnv = process.env): DeferMode {
  const raw = env.DEFER_INDEXES;
  if (raw === undefined || raw === '') return 'auto';
  if (raw === 'auto' || raw === 'always' || raw === 'never') return raw;
  throw new Error(`DEFER_INDEXES: expected auto, always or never, got ${raw}`);
}

export interface DeferredIndex {
  name: string;
  table: string;
  definition: string;
}

/** Where a batch is, as the deferral decides on it. */
export interface BatchPosition {
  from: number;
  to: number;
  isHead: boolean;
  /** hot blocks (unfinalized, with an undo log) */
  hot: boolean;
  /** a bulk load: finalized blocks only and at least the bulk threshold of rows (bulkLoad.ts) */
  large: boolean;
  /** the chain head (auto mode asks it at a large batch, until it has decided) */
  fetchHead?: () => Promise<number>;
}

const log = createLogger('sqd:processor:indexes');

const TABLE = 'deferred_index';

/** The index definitions recorded as deferred (none when the table does not exist). */
export async function deferredIndexes(client: pg.ClientBase, stateSchema: string): Promise<DeferredIndex[]> {
  const found = await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [`${client.escapeIdentifier(stateSchema)}.${TABLE}`]);
  if (!(found.rows[0] as { ok: boolean }).ok) return [];
  const res = await client.query<DeferredIndex>(
    `SELECT name, table_name AS table, definition FROM ${client.escapeIdentifier(stateSchema)}.${TABLE} ORDER BY table_name, name`,
  );
  return res.rows;
}

/** Drops the non-constraint indexes of `tables` and records them; returns what it dropped. */
export async function dropIndexes(client: pg.ClientBase, stateSchema: string, tables: readonly string[]): Promise<DeferredIndex[]> {
  // few round trips: each await may wait behind the processor's ingestion on the event loop
  const schema = client.escapeIdentifier(stateSchema);
  await client.query(
    `CREATE SCHEMA IF NOT EXISTS ${schema}; ` +
      `CREATE TABLE IF NOT EXISTS ${schema}.${TABLE} (name text PRIMARY KEY, table_name text NOT NULL, definition text NOT NULL)`,
  );
  const res = await client.query<DeferredIndex>(
    `SELECT i.indexname AS name, i.tablename AS table, i.indexdef AS definition
     FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = to_regclass(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname)))
     ORDER BY i.tablename, i.indexname`,
    [tables],
  );
  const missing = tables.filter((t) => !res.rows.some((r) => r.table === t));
  for (const t of missing) {
    const exists = await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [client.escapeIdentifier(t)]);
    if (!(exists.rows[0] as { ok: boolean }).ok) throw new Error(`deferred indexes: expected a table ${t} in the current schema, found none`);
  }
  if (res.rows.length === 0) return [];
  await client.query(
    `INSERT INTO ${schema}.${TABLE} (name, table_name, definition) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ` +
      'ON CONFLICT (name) DO NOTHING',
    [res.rows.map((ix) => ix.name), res.rows.map((ix) => ix.table), res.rows.map((ix) => ix.definition)],
  );
  await client.query(`DROP INDEX ${res.rows.map((ix) => client.escapeIdentifier(ix.name)).join(', ')}`);
  return res.rows;
}

/**
 * Builds every recorded index (those that exist already are skipped), the largest tables first, on
 * all `clients` at once (each takes the next index), then deletes the records. Every record is
 * first checked against `declared` (checkDefinition): one that is not declared stops the build
 * before anything runs. `inTransaction`: the clients are one batch transaction's connection
 * (settings last until its end).
 */
export async function buildIndexes(
  clients: readonly pg.ClientBase[],
  stateSchema: string,
  inTransaction: boolean,
  declared: ReadonlyMap<string, DeclaredIndex>,
): Promise<{ index: string; ms: number }[]> {
  const [first] = clients;
  if (!first) throw new Error('buildIndexes: expected at least one connection');
  const recorded = await deferredIndexes(first, stateSchema);
  const built: { index: string; ms: number }[] = [];
  if (recorded.length === 0) return built;
  const schema = (await first.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
  const statements = new Map(recorded.map((ix) => [ix.name, buildStatement(checkDefinition(ix, declared, schema), first)]));
  const sizes = await first.query<{ table: string; bytes: string }>(
    'SELECT t AS table, pg_total_relation_size(to_regclass(quote_ident(t)))::text AS bytes FROM unnest($1::text[]) AS t',
    [[...new Set(recorded.map((ix) => ix.table))]],
  );
  const size = new Map(sizes.rows.map((r) => [r.table, Number(r.bytes)]));
  const queue = [...recorded].sort((a, b) => (size.get(b.table) ?? 0) - (size.get(a.table) ?? 0));
  await Promise.all(
    clients.map(async (client) => {
      const scope = inTransaction ? 'LOCAL ' : '';
      await client.query(`SET ${scope}maintenance_work_mem = '256MB'`);
      // several connections already share the cores: no parallel workers per build on top
      if (clients.length > 1) await client.query(`SET ${scope}max_parallel_maintenance_workers = 0`);
      for (let ix = queue.shift(); ix; ix = queue.shift()) {
        const started = performance.now();
        await client.query(statements.get(ix.name)!);
        built.push({ index: `${ix.table}.${ix.name}`, ms: Math.round(performance.now() - started) });
      }
    }),
  );
  await first.query(`DELETE FROM ${first.escapeIdentifier(stateSchema)}.${TABLE}`);
  return built;
}

export interface DeferralOptions {
  stateSchema: string;
  mode: DeferMode;
  /** the first block with the network's contracts */
  startBlock: number;
  /** the last block the processor is asked for, if any */
  lastBlock?: number;
  /**
   * Where to build the indexes once the catch-up has ended: absent, in the transaction of the
   * batch that ended it, on its connection; present, after that batch has committed (`afterCommit`),
   * on this many connections of the database at once.
   */
  afterCommit?: { db: DbSettings; connections: number };
  tables?: readonly string[];
}

/** What the deferral knows: `committed` as of the last commit, or staged by a running transaction. */
interface DeferralState {
  /** whether indexes are deferred (undefined: not read yet) */
  deferred: boolean | undefined;
  /** decided for this process: no (more) deferral */
  settled: boolean;
  /** the catch-up has ended in this transaction: afterCommit builds */
  buildPending: boolean;
}

/**
 * The policy across a process's batches: when to drop the indexes and when to build them again.
 * A batch's decisions are staged on its transaction (its EntityManager) and take effect in
 * `afterCommit`, which must run after every commit of a transaction that wrote through `hooks`
 * (PipelinedDatabase does): a transaction rerun after a serialization failure, or rolled back,
 * leaves the state as the last commit did.
 */
export class IndexDeferral {
  private committed: DeferralState = { deferred: undefined, settled: false, buildPending: false };
  /** the running transaction's state (reset when another transaction, e.g. a rerun, starts) */
  private staged: { tx: EntityManager; state: DeferralState } | undefined;
  /** what the schema declares on the deferred tables (read from the first transaction's metadata) */
  private declared: Map<string, DeclaredIndex> | undefined;

  constructor(private readonly options: DeferralOptions) {}

  private get tables(): readonly string[] {
    return this.options.tables ?? DEFERRED_TABLES;
  }

  /** The state the transaction of `em` works on: staged, starting from the last commit's. */
  private stateOf(em: EntityManager): DeferralState {
    if (this.staged?.tx !== em) this.staged = { tx: em, state: { ...this.committed } };
    this.declared ??= schemaIndexes(em.connection, this.tables);
    return this.staged.state;
  }

  /** finalized blocks below the head and the last block: a catch-up may go on */
  private belowHead(p: BatchPosition): boolean {
    return !p.hot && !p.isHead && (this.options.lastBlock === undefined || p.to < this.options.lastBlock);
  }

  /** auto mode: at least as many blocks ahead as behind */
  private async worthDeferring(p: BatchPosition): Promise<boolean> {
    if (this.options.mode === 'always') return true;
    if (this.options.mode === 'never' || !p.fetchHead) return false;
    let head: number;
    try {
      head = await p.fetchHead();
    } catch (err) {
      log.warn({ err }, 'chain head unknown: indexes are kept');
      return false;
    }
    const behind = p.from - this.options.startBlock;
    const ahead = head - p.to;
    const defer = ahead > 0 && ahead >= behind;
    log.info({ from: p.from, head, behind, ahead, defer }, 'catch-up: deciding whether to defer indexes');
    return defer;
  }

  /**
   * Before a batch's writes, in its transaction (`em`, on `client`): drops the indexes when the batch
   * starts a catch-up. Resolves with whether the batch must build them after its writes (the
   * catch-up has ended).
   */
  async beforeWrites(em: EntityManager, client: pg.ClientBase, p: BatchPosition): Promise<boolean> {
    const { stateSchema } = this.options;
    const state = this.stateOf(em);
    state.deferred ??= (await deferredIndexes(client, stateSchema)).length > 0;
    const belowHead = this.belowHead(p);
    if (state.deferred) return !belowHead;
    if (!belowHead || !p.large || state.settled) return false;
    state.settled = !(await this.worthDeferring(p));
    if (state.settled) return false;
    const dropped = await dropIndexes(client, stateSchema, this.tables);
    state.deferred = true;
    log.info({ height: p.from, indexes: dropped.map((ix) => `${ix.table}.${ix.name}`) }, 'catch-up: indexes deferred');
    return false;
  }

  /**
   * Forgets what the transaction of `em` staged: its writes were rolled back to a savepoint taken
   * before them (batchHandler.ts), so an index drop they made is undone too; the next hooks read the
   * state again from the database.
   */
  discardStaged(em: EntityManager): void {
    if (this.staged?.tx === em) this.staged = undefined;
  }

  /** The hooks of one batch's writes (Batch.flush), given where the batch is. */
  hooks(position: Omit<BatchPosition, 'large' | 'hot'>): WriteHooks {
    const p: BatchPosition = { ...position, hot: false, large: false };
    return {
      before: (db, bulkLoad) => this.beforeWrites(db.em, db.client, { ...p, hot: db.tracker !== undefined, large: bulkLoad }),
      after: (db) => this.afterWrites(db.em, db.client, p),
    };
  }

  /** After the writes of a batch that ended the catch-up: builds the indexes now (in its transaction), or once it has committed. */
  async afterWrites(em: EntityManager, client: pg.ClientBase, p: BatchPosition): Promise<void> {
    const state = this.stateOf(em);
    state.deferred = false;
    state.settled = true;
    if (this.options.afterCommit) {
      state.buildPending = true;
      return;
    }
    await this.build([client], true, p.to);
  }

  /**
   * After a transaction has committed: what it staged takes effect, and if it ended the catch-up
   * (with `afterCommit` set), the indexes are built.
   */
  async afterCommit(): Promise<void> {
    if (this.staged) {
      this.committed = this.staged.state;
      this.staged = undefined;
    }
    const target = this.options.afterCommit;
    if (!this.committed.buildPending || !target) return;
    const clients = await Promise.all(
      Array.from({ length: Math.max(1, target.connections) }, async () => {
        const client = new pg.Client({ ...target.db });
        await client.connect();
        return client;
      }),
    );
    try {
      await this.build(clients, false);
      this.committed.buildPending = false;
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
    }
  }

  private async build(clients: pg.ClientBase[], inTransaction: boolean, height?: number): Promise<void> {
    const started = performance.now();
    if (!this.declared) throw new Error('deferred indexes: the schema\'s declared indexes are unknown (no batch has written yet)');
    const built = await buildIndexes(clients, this.options.stateSchema, inTransaction, this.declared);
    log.info(
      { height, connections: clients.length, ms: Math.round(performance.now() - started), built },
      'catch-up ended: indexes built',
    );
  }
}
