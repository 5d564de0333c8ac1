/**
 * The database the API benchmark serves: the devnet's history (`npm run devnet -- --once --scale
 * 505`, over a million events) indexed from block zero by the processor (`npm run indexer`,
 * finality 0) into an embedded Postgres whose data folder is kept in the runtime folder. It is keyed by what produced it (scale, seed, the contracts' and the devnet's sources,
 * and the indexer's, the migrations' and the schema's), so a second run starts that Postgres in
 * seconds. Unlike the indexer benchmark it keeps no anvil snapshot: the processor follows the
 * devnet while it runs (its view calls read recent blocks), and anvil keeps only 128 recent states
 * (the default 256 grew to ~17 GB, and the snapshot's dump on top of it was killed for memory on
 * this shared machine).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureDatabase, settingsToUrl, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from '../../db/postgres.ts';
import { rpcCall } from '../../lib/rpc.ts';
import { PROJECT_ROOT } from '../../lib/runtime.ts';
import { runOnce, startDevnet } from '../../devnet/devnet.ts';
import { DEFAULT_OPTIONS } from '../../devnet/options.ts';
import { startIndexer, waitForHeight } from '../../test/support/indexerProcess.ts';
import { sourcesHash } from '../indexer/history.ts';
import { progress } from '../report.ts';

export interface BenchDatabaseOptions {
  scale: number;
  seed: number;
  /** the runtime folder of the benchmarks (`<runtime>/bench`) */
  benchDir: string;
  /** rebuild even when a cached database exists */
  fresh?: boolean;
}

export interface BenchDatabase {
  pg: RunningPostgres;
  /** the owner's settings on the indexed database */
  admin: DbSettings;
  events: number;
  head: number;
  /** seconds spent producing it (0 when it was cached) */
  builtSeconds: number;
  /** the cache folder's name (what produced it) */
  key: string;
}

interface Meta {
  events: number;
  head: number;
  builtSeconds: number;
}

/** Serving settings: room for the hot pages of the big tables; durability off (a benchmark's copy). */
const PG_FLAGS = ['shared_buffers=512MB', 'effective_cache_size=4GB', 'max_wal_size=8GB', 'checkpoint_timeout=1h'].flatMap((f) => ['-c', f]);
const DB_NAME = 'history';
/** anvil's states kept in memory while it generates: the processor's view calls read blocks at most this far behind */
const PRUNE_HISTORY = 128;

/** Hash of what decides the indexed rows beyond the chain: the processor, the migrations and the schema. */
function indexerHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const files = [...walk(join(PROJECT_ROOT, 'indexer')), ...walk(join(PROJECT_ROOT, 'db')), join(PROJECT_ROOT, 'schema', 'schema.graphql')]
    .filter((f) => /\.(js|json|ts|graphql)$/.test(f) && !f.endsWith('.test.ts'))
    .sort();
  for (const f of files) hash.update(relative(PROJECT_ROOT, f)).update(readFileSync(f));
  return hash.digest('hex').slice(0, 12);
}

/** The indexed history of `options`, built first when no cached copy exists. */
export async function benchDatabase(options: BenchDatabaseOptions): Promise<BenchDatabase> {
  const key = `scale${options.scale}-seed${options.seed}-${sourcesHash()}-${indexerHash()}`;
  const dir = join(options.benchDir, 'api-db', key);
  if (options.fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const metaFile = join(dir, 'meta.json');
  const cached = existsSync(metaFile);
  if (!cached) {
    // a half-built folder (an interrupted run) starts over
    rmSync(join(dir, 'pg'), { recursive: true, force: true });
    rmSync(join(dir, 'pg.password'), { force: true });
  }
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), fast: true, flags: PG_FLAGS });
  try {
    const admin = await ensureDatabase(pg.settings, DB_NAME);
    if (cached) {
      const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
      progress(`indexed history: cached (${meta.events.toLocaleString('en-US')} events, ${meta.head + 1} blocks, ${key})`);
      return { pg, admin, ...meta, builtSeconds: 0, key };
    }
    const started = performance.now();
    const runDir = join(options.benchDir, 'api-run', 'catchup');
    process.env.OPENLEDGER_RUNTIME_DIR = runDir;
    progress(`generating the devnet history: --scale ${options.scale} --seed ${options.seed}, indexed as it grows (a million events take 5 to 25 min, by the machine's load)`);
    const devnet = await startDevnet({ ...DEFAULT_OPTIONS, once: true, scale: options.scale, seed: options.seed, pruneHistory: PRUNE_HISTORY });
    let summary: Awaited<ReturnType<typeof runOnce>>;
    const indexer = startIndexer({ DATABASE_URL: settingsToUrl(admin), OPENLEDGER_RUNTIME_DIR: runDir, FINALITY_CONFIRMATION: '0' });
    try {
      // the processor at the head of the deployed contracts before any activity, so it follows the
      // scenario closely enough for its view calls (Staking's state at the event's block)
      await waitForHeight(admin, Number(await rpcCall<string>(devnet.state.rpcUrl, 'eth_blockNumber')), { indexer, timeoutMs: 300_000 });
      summary = await runOnce(devnet);
      progress(`generated ${summary.totalEvents.toLocaleString('en-US')} events (${summary.head + 1} blocks); the processor indexes the last of them`);
      await waitForHeight(admin, summary.head, { indexer, timeoutMs: 1_800_000 });
      progress('indexed; VACUUM ANALYZE');
    } finally {
      writeFileSync(join(runDir, 'indexer.log'), `${indexer.lines.join('\n')}\n`);
      await indexer.stop();
      await devnet.stop();
    }
    // what autovacuum does on a live database some time after a catch-up: planner statistics and the visibility map
    await withClient(admin, (c) => c.query('VACUUM ANALYZE'));
    const meta: Meta = { events: summary.totalEvents, head: summary.head, builtSeconds: (performance.now() - started) / 1000 };
    writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
    return { pg, admin, ...meta, key };
  } catch (err) {
    await pg.stop();
    throw err;
  }
}
