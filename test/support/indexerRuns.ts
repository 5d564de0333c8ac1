// What the indexer fault tests share: clean-up that runs even when set-up fails, indexing a database
// to a height with a processor child, a readable row-for-row comparison, and the rows a set of
// transactions left in the database.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ensureDatabase, settingsToUrl, withClient, type DbSettings } from '../../db/postgres.ts';
import { diffDatabases, type TableDiff } from './compare.ts';
import { startIndexer, waitForHeight, type IndexerProcess } from './indexerProcess.ts';
import { useTempRuntime } from './tempRuntime.ts';

/** Clean-up steps, run last-in first-out; every step runs even when an earlier one throws. */
export class Cleanup {
  private readonly steps: (() => Promise<unknown> | unknown)[] = [];
  add(step: () => Promise<unknown> | unknown): void {
    this.steps.push(step);
  }
  /** Registers stopping what `started` yields (once it has, if ever); returns `started`. */
  track<T>(started: Promise<T>, stop: (value: T) => Promise<unknown> | unknown): Promise<T> {
    this.add(async () => {
      const value = await started.then((v) => ({ v }), () => undefined);
      if (value) await stop(value.v);
    });
    return started;
  }
  async run(): Promise<void> {
    const errors: unknown[] = [];
    while (this.steps.length > 0) {
      try {
        await this.steps.pop()!();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'clean-up failed');
  }
}

/** A fresh runtime folder (devnet state file, blobs) for this test file, removed at clean-up. */
export function tempRuntime(cleanup: Cleanup, label: string): string {
  const dir = useTempRuntime(label);
  cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A processor child that is stopped by `cleanup` (SIGKILL: the test is over, nothing to save). */
export function trackedIndexer(cleanup: Cleanup, env: Record<string, string>): IndexerProcess {
  const indexer = startIndexer(env);
  cleanup.add(() => indexer.kill());
  return indexer;
}

export interface IndexOptions {
  /** environment of the processor on top of DATABASE_URL (RPC_URL, FINALITY_CONFIRMATION, …) */
  env: Record<string, string>;
  /** mines an empty block: over ws the processor handles unfinalized blocks when a head arrives */
  nudge?: () => Promise<unknown>;
  timeoutMs?: number;
}

/**
 * Indexes database `name` (created on the server of `server` when missing) with one uninterrupted
 * processor run up to `height`, then stops the processor (SIGTERM). Returns the database.
 */
export async function indexToHeight(server: DbSettings, name: string, height: number, options: IndexOptions): Promise<DbSettings> {
  const db = await ensureDatabase(server, name);
  const indexer = startIndexer({ ...options.env, DATABASE_URL: settingsToUrl(db) });
  try {
    await waitForHeight(db, height, { indexer, timeoutMs: options.timeoutMs ?? 90_000, nudge: options.nudge });
  } finally {
    await indexer.stop();
  }
  return db;
}

function describeDiffs(diffs: TableDiff[]): string {
  return diffs
    .map((d) => [
      `${d.table}: ${d.onlyInA.length} rows only in the first, ${d.onlyInB.length} only in the second`,
      ...d.onlyInA.slice(0, 3).map((r) => `  - ${r}`),
      ...d.onlyInB.slice(0, 3).map((r) => `  + ${r}`),
    ].join('\n'))
    .join('\n');
}

/**
 * Every entity table of `a` equals `b`'s row for row (`diffDatabases`: the public schema without
 * TypeORM's `migrations`). The processor's own status and hot-block tables live in the state schema
 * (`squid_processor`) and are not compared: they record how a run got there (hot blocks still held,
 * their undo log), not what was indexed.
 */
export async function assertSameRows(a: DbSettings, b: DbSettings, what: string): Promise<void> {
  const diffs = await diffDatabases(a, b);
  assert.equal(diffs.length, 0, `${what}: ${diffs.length} tables differ\n${describeDiffs(diffs)}`);
  const [{ n }] = await withClient(a, async (c) => (await c.query('SELECT count(*)::int AS n FROM event_count')).rows as [{ n: number }]);
  assert.ok(n > 0, `${what}: the databases are equal but empty`);
}

/** How many rows of the entity tables record one of `txHashes` (every table with a tx_hash column). */
export async function rowsOfTransactions(db: DbSettings, txHashes: readonly string[]): Promise<number> {
  return withClient(db, async (c) => {
    const tables = await c.query(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tx_hash' ORDER BY table_name",
    );
    let total = 0;
    for (const { table_name: t } of tables.rows as { table_name: string }[]) {
      const res = await c.query(`SELECT count(*)::int AS n FROM ${c.escapeIdentifier(t)} WHERE tx_hash = ANY($1)`, [txHashes.map((h) => h.toLowerCase())]);
      total += (res.rows[0] as { n: number }).n;
    }
    return total;
  });
}

/** Polls `check` every 50 ms until it holds; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
