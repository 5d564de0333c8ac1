/**
 * The machine's floor for a catch-up: (a) merely fetching the same logs over RPC (eth_getLogs per
 * 10-block range, 5 ranges in flight, as the processor asks; replies parsed), and (b) writing the
 * same rows with Postgres COPY: every table the processor filled, dumped, then copied into a fresh
 * database with the same schema (indexes and foreign keys included) in one transaction, with the
 * same trigger setting the processor's bulk batches use.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyTableIn, copyTableOut } from '../../db/copy.ts';
import { applyMigrations } from '../../db/dataSource.ts';
import { withClient, type DbSettings } from '../../db/postgres.ts';
import { entityTables } from '../../test/support/compare.ts';

export interface FetchFloor {
  seconds: number;
  logs: number;
  bytes: number;
}

export interface CopyFloor {
  seconds: number;
  rows: number;
  bytes: number;
  tables: number;
}

/** eth_getLogs over [0, head] in ranges of `range` blocks, `concurrency` in flight. */
export async function fetchFloor(rpcUrl: string, head: number, range = 10, concurrency = 5): Promise<FetchFloor> {
  const started = performance.now();
  let next = 0;
  let logs = 0;
  let bytes = 0;
  const worker = async () => {
    while (next <= head) {
      const from = next;
      const to = Math.min(head, from + range - 1);
      next = to + 1;
      const res = await fetch(rpcUrl, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: from, method: 'eth_getLogs', params: [{ fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}` }] }),
      });
      const text = await res.text();
      bytes += text.length;
      const body = JSON.parse(text) as { result?: unknown[]; error?: { message: string } };
      if (!body.result) throw new Error(`eth_getLogs ${from}-${to}: ${body.error?.message ?? 'no result'}`);
      logs += body.result.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, logs, bytes };
}

/** COPY of every entity table of `source` into `target` (migrated, empty), timed. */
export async function copyFloor(source: DbSettings, target: DbSettings): Promise<CopyFloor> {
  const dir = mkdtempSync(join(tmpdir(), 'openledger-copy-floor-'));
  try {
    const tables = await entityTables(source);
    await withClient(source, async (c) => {
      for (const t of tables) await copyTableOut(c, c.escapeIdentifier(t), createWriteStream(join(dir, `${t}.tsv`)));
    });
    await applyMigrations(target);
    const bytes = tables.reduce((n, t) => n + statSync(join(dir, `${t}.tsv`)).size, 0);
    return await withClient(target, async (c) => {
      const started = performance.now();
      let rows = 0;
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      for (const t of tables) rows += await copyTableIn(c, c.escapeIdentifier(t), createReadStream(join(dir, `${t}.tsv`)));
      await c.query('COMMIT');
      return { seconds: (performance.now() - started) / 1000, rows, bytes, tables: tables.length };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
