/**
 * Head lag: how long after a block is mined its rows are committed, with 1-second blocks and the
 * simulator's continuous activity, the processor following the head (hot blocks, devnet finality).
 * Mined: when eth_blockNumber first shows the block (polled every 10 ms). Committed: when the
 * transaction that inserted its hot block commits (a trigger on the processor's hot_block table
 * NOTIFYs, the benchmark LISTENs).
 */
import pg from 'pg';
import { settingsToUrl, type DbSettings } from '../../db/postgres.ts';
import { produce, runOnce, startDevnet } from '../../devnet/devnet.ts';
import { DEFAULT_OPTIONS } from '../../devnet/options.ts';
import { indexedHeight, startIndexer, waitForHeight } from '../../test/support/indexerProcess.ts';
import { percentile, progress } from '../report.ts';
import { rpcCall } from '../../lib/rpc.ts';

export interface HeadLag {
  blocks: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  seconds: number;
}

const CHANNEL = 'openledger_bench_indexed';

/** A trigger that announces every hot block the processor writes (delivered when it commits). */
async function listen(db: DbSettings, committed: Map<number, number>): Promise<pg.Client> {
  const client = new pg.Client({ ...db });
  await client.connect();
  await client.query(`CREATE OR REPLACE FUNCTION squid_processor.bench_notify_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('${CHANNEL}', NEW.height::text); RETURN NEW; END $$`);
  await client.query(`DROP TRIGGER IF EXISTS bench_indexed ON squid_processor.hot_block`);
  await client.query(`CREATE TRIGGER bench_indexed AFTER INSERT ON squid_processor.hot_block FOR EACH ROW
    EXECUTE FUNCTION squid_processor.bench_notify_indexed()`);
  client.on('notification', (n) => {
    const height = Number(n.payload);
    if (!committed.has(height)) committed.set(height, performance.now());
  });
  await client.query(`LISTEN ${CHANNEL}`);
  return client;
}

async function blockNumber(rpcUrl: string): Promise<number> {
  return Number(await rpcCall<string>(rpcUrl, 'eth_blockNumber'));
}

/** Runs a fresh devnet with 1-second blocks for `seconds` of activity and measures the lag. */
export async function measureHeadLag(db: DbSettings, runtimeDir: string, seconds: number): Promise<HeadLag> {
  process.env.OPENLEDGER_RUNTIME_DIR = runtimeDir;
  progress('head lag: a fresh devnet (the scenario, automined), then 1-second blocks with continuous activity');
  const devnet = await startDevnet({ ...DEFAULT_OPTIONS, seed: 2, intervalMs: 200 });
  const abort = new AbortController();
  let indexer: ReturnType<typeof startIndexer> | undefined;
  let listener: pg.Client | undefined;
  try {
    await runOnce(devnet);
    const rpcUrl = devnet.state.rpcUrl;
    await devnet.client.testClient.setAutomine(false);
    await devnet.client.testClient.setIntervalMining({ interval: 1 });
    indexer = startIndexer({ DATABASE_URL: settingsToUrl(db), OPENLEDGER_RUNTIME_DIR: runtimeDir });
    await waitForHeight(db, await blockNumber(rpcUrl), { indexer, timeoutMs: 120_000 });
    const committed = new Map<number, number>();
    listener = await listen(db, committed);
    const activity = produce(devnet, abort.signal).catch(() => {});
    const mined = new Map<number, number>();
    const first = (await blockNumber(rpcUrl)) + 1;
    const started = performance.now();
    let lastReport = started;
    while (performance.now() - started < seconds * 1000) {
      const h = await blockNumber(rpcUrl);
      const now = performance.now();
      for (let b = first; b <= h; b++) if (!mined.has(b)) mined.set(b, now);
      if (now - lastReport > 10_000) {
        lastReport = now;
        progress(`head lag: block ${h}, indexed ${await indexedHeight(db)}, ${committed.size} blocks committed while watching`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    abort.abort();
    await new Promise((r) => setTimeout(r, 3000));
    await activity;
    const lags = [...mined].filter(([b]) => committed.has(b)).map(([b, t]) => committed.get(b)! - t).sort((x, y) => x - y);
    if (lags.length < mined.size * 0.9) throw new Error(`head lag: only ${lags.length} of ${mined.size} blocks were committed`);
    return { blocks: lags.length, p50Ms: percentile(lags, 50), p95Ms: percentile(lags, 95), maxMs: lags.at(-1)!, seconds };
  } finally {
    abort.abort();
    await listener?.end();
    await indexer?.stop();
    await devnet.stop();
  }
}
