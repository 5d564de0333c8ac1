/**
 * `npm run bench -- dashboards`: every panel's query (and every variable's), expanded as Grafana
 * expands it, over a devnet history of at least a million events, as a login of the read-only role.
 * The history is the indexer benchmark's (the simulator with 505 bulk rounds, seed 1), indexed by
 * the processor while the devnet makes it: anvil keeps the state of recent blocks only (the snapshot
 * the indexer benchmark loads, none), and the Staking view calls read the state at their event's
 * block. The indexed database is what is kept (an embedded Postgres data folder,
 * `<runtime>/bench/dashboards-db/<scale>-<sources and migrations hash>`), so later runs start in
 * seconds. Each query runs once to warm the cache, then DASHBOARDS_BENCH_RUNS times (default 5); the
 * median is reported. Time range: the whole history. Environment: INDEXER_BENCH_SCALE (default 505),
 * DASHBOARDS_BENCH_FRESH=1 (generate and index again). Last line: one JSON object. The verdict panels
 * read the verifier's view over an empty table (its migrations are applied; no verifier runs here).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { newPassword } from '../db/embeddedCluster.ts';
import { ensureDatabase, settingsToUrl, startEmbeddedPostgres, withClient, type DbSettings } from '../db/postgres.ts';
import { createReaderLogin } from '../db/readerRole.ts';
import { expandPanelSql, type TimeRange } from '../dashboards/macros.ts';
import { startDevnet } from '../devnet/devnet.ts';
import { DEFAULT_OPTIONS } from '../devnet/options.ts';
import { runScenario } from '../devnet/simulator/scenario.ts';
import { panelQueries, selectionsFor, variableQueries } from '../dashboards/panelQueries.ts';
import { envInt } from '../lib/envInt.ts';
import { runtimeDir } from '../lib/runtime.ts';
import { startIndexer, waitForHeight } from '../test/support/indexerProcess.ts';
import { migrateVerifier } from '../verifier/db/migrate.ts';
import { sourcesHash } from './indexer/history.ts';
import { printTable, progress } from './report.ts';

const TARGET_MS = 1000;
const PG_FLAGS = ['shared_buffers=1GB', 'work_mem=64MB', 'max_wal_size=8GB', 'checkpoint_timeout=1h', 'wal_level=minimal', 'max_wal_senders=0']
  .flatMap((f) => ['-c', f]);

interface Timing {
  dashboard: string;
  panel: string;
  selection: string;
  ms: number;
  rows: number;
}

/**
 * Generates the history on a devnet while the processor follows it, into `db`: anvil keeps the state
 * of its recent blocks only, and the Staking view calls read the state at their event's block, so
 * the processor must read them while they are recent. Returns the head and the indexed events.
 */
async function generateAndIndex(db: DbSettings, scale: number, runtime: string): Promise<{ head: number; events: number; seconds: number }> {
  progress(`generating the devnet history (--scale ${scale} --seed 1) with the processor following it`);
  const started = performance.now();
  const devnet = await startDevnet({ ...DEFAULT_OPTIONS, once: true, scale, seed: 1 });
  const indexer = startIndexer({ DATABASE_URL: settingsToUrl(db), OPENLEDGER_RUNTIME_DIR: runtime, FINALITY_CONFIRMATION: '0' });
  try {
    await runScenario(devnet.world);
    const head = Number(await devnet.client.publicClient.getBlockNumber({ cacheTime: 0 }));
    progress(`generated up to block ${head} in ${((performance.now() - started) / 1000).toFixed(0)} s; waiting for the processor`);
    await waitForHeight(db, head, { indexer, timeoutMs: 3_600_000, nudge: () => devnet.client.mine() });
    const events = await withClient(db, async (c) => Number((await c.query<{ n: string }>('SELECT coalesce(sum(count), 0) AS n FROM event_count')).rows[0]!.n));
    return { head, events, seconds: (performance.now() - started) / 1000 };
  } finally {
    await indexer.stop();
    await devnet.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function timed(client: pg.Client, sql: string, runs: number): Promise<{ ms: number; rows: number }> {
  let rows = (await client.query(sql)).rowCount ?? 0; // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    rows = (await client.query(sql)).rowCount ?? 0;
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), rows };
}

export async function main(): Promise<Record<string, unknown>> {
  const scale = envInt(process.env, 'INDEXER_BENCH_SCALE') ?? 505;
  const runs = Math.max(1, envInt(process.env, 'DASHBOARDS_BENCH_RUNS') ?? 5);
  const base = runtimeDir();
  process.env.OPENLEDGER_RUNTIME_DIR = join(base, 'bench', 'dashboards-run');
  const dataDir = join(base, 'bench', 'dashboards-db', `scale${scale}-seed1-${sourcesHash(['contracts/out', 'devnet', 'indexer', 'db/migrations'])}`);
  mkdirSync(join(dataDir, '..'), { recursive: true });
  const marker = `${dataDir}.indexed.json`;
  if (process.env.DASHBOARDS_BENCH_FRESH === '1' || !existsSync(marker)) {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(marker, { force: true });
  }
  const server = await startEmbeddedPostgres({ fast: true, flags: PG_FLAGS, dataDir });
  try {
    const db: DbSettings = await ensureDatabase(server.settings, 'dashboards');
    if (!existsSync(marker)) {
      const indexed = await generateAndIndex(db, scale, process.env.OPENLEDGER_RUNTIME_DIR);
      await withClient(db, (c) => c.query('VACUUM ANALYZE'));
      writeFileSync(marker, `${JSON.stringify(indexed)}\n`);
      progress(`generated and indexed ${indexed.events.toLocaleString('en-US')} events in ${indexed.seconds.toFixed(0)} s; kept in ${dataDir}`);
    }
    const indexed = JSON.parse(readFileSync(marker, 'utf8')) as { head: number; events: number };
    // the verifier's schema and its view for the verdict panels (no verifier runs over this history:
    // those two panels read an empty table)
    await withClient(db, migrateVerifier);
    const reader = await createReaderLogin(db, 'dashboards_bench', newPassword());
    const client = new pg.Client(reader);
    await client.connect();
    try {
      const span = (await client.query<{ from: Date; to: Date }>(
        'SELECT min(time) AS from, max(time) AS to FROM (SELECT min(time) AS time FROM analytics_open_flow UNION ALL SELECT max(time) FROM analytics_open_flow) x')).rows[0]!;
      const range: TimeRange = { from: new Date(span.from.getTime() - 3_600_000), to: new Date(span.to.getTime() + 3_600_000) };
      progress(`running every panel over ${range.from.toISOString()} .. ${range.to.toISOString()}, ${runs} runs each (median)`);
      const timings: Timing[] = [];
      const options = new Map<string, string[]>();
      for (const v of variableQueries()) {
        const { sql } = expandPanelSql(v.rawSql, { range, maxDataPoints: 1000 });
        const t = await timed(client, sql, runs);
        timings.push({ dashboard: v.dashboard, panel: `$${v.name} (variable)`, selection: '', ...t });
        options.set(`${v.dashboard}/${v.name}`, (await client.query<{ __value: string }>(sql)).rows.map((r) => String(r.__value)));
      }
      for (const q of panelQueries()) {
        for (const s of selectionsFor(q, options)) {
          const { sql } = expandPanelSql(q.rawSql, { range, maxDataPoints: q.maxDataPoints, minInterval: q.minInterval, variables: s.variables });
          timings.push({ dashboard: q.dashboard, panel: q.panel, selection: s.label, ...(await timed(client, sql, runs)) });
        }
      }
      timings.sort((a, b) => b.ms - a.ms);
      const slowest = timings[0]!;
      const over = timings.filter((t) => t.ms >= TARGET_MS);
      printTable(`dashboards: the 15 slowest of ${timings.length} queries (${indexed.events.toLocaleString('en-US')} events, ${cpus().length} cores, median of ${runs})`,
        timings.slice(0, 15).map((t) => [`${t.dashboard} / ${t.panel}${t.selection ? ` (${t.selection})` : ''}`, `${t.ms.toFixed(1)} ms, ${t.rows} rows`]));
      const result = {
        bench: 'dashboards',
        events: indexed.events,
        blocks: indexed.head + 1,
        queries: timings.length,
        slowestMs: Number(slowest.ms.toFixed(1)),
        slowest: { dashboard: slowest.dashboard, panel: slowest.panel, selection: slowest.selection },
        medianMs: Number(median(timings.map((t) => t.ms)).toFixed(1)),
        overTarget: over.map((t) => `${t.dashboard} / ${t.panel} (${t.selection}): ${t.ms.toFixed(0)} ms`),
        targets: { panelMs: TARGET_MS, minEvents: 1_000_000 },
        met: { panelMs: over.length === 0, events: indexed.events >= 1_000_000 },
      };
      console.log(JSON.stringify(result));
      return result;
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
}
