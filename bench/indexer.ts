/**
 * `npm run bench -- indexer`: the processor catching up a devnet history of at least a million
 * events from block zero (events/s, peak memory), against the machine's floor (fetching the same
 * logs over RPC plus writing the same rows with COPY), and its head lag with 1-second blocks.
 * Environment: INDEXER_BENCH_SCALE (bulk rounds, default 505: ~1.0M events), INDEXER_BENCH_FRESH=1
 * (regenerate the history snapshot), INDEXER_BENCH_RUNS (catch-ups, each into a fresh database,
 * default 3: the median by time is reported, the peak memory is the highest of all; this shared
 * machine varies by about ±6% from run to run), INDEXER_BENCH_LAG_SECONDS (default 60; 0 skips the lag).
 * Last line: one JSON object.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { dropDatabase, ensureDatabase, startEmbeddedPostgres } from '../db/postgres.ts';
import { envInt } from '../lib/envInt.ts';
import { runtimeDir } from '../lib/runtime.ts';
import { catchUp, type CatchUp } from './indexer/catchup.ts';
import { copyFloor, fetchFloor } from './indexer/floor.ts';
import { measureHeadLag, type HeadLag } from './indexer/headLag.ts';
import { devnetHistory } from './indexer/history.ts';
import { formatRate, printTable, progress } from './report.ts';

const TARGETS = { eventsPerSecond: 20_000, floorRatio: 2, peakRssMiB: 1024, headLagP95Ms: 1000, minEvents: 1_000_000 };

/** Postgres for the benchmark: durability off (fast), room for the tables in shared buffers, no WAL beyond crash safety. */
const PG_FLAGS = ['shared_buffers=1GB', 'wal_buffers=64MB', 'max_wal_size=8GB', 'checkpoint_timeout=1h', 'wal_level=minimal', 'max_wal_senders=0']
  .flatMap((f) => ['-c', f]);

const int = (name: string, fallback: number) => envInt(process.env, name) ?? fallback;

export async function main(): Promise<Record<string, unknown>> {
  const scale = int('INDEXER_BENCH_SCALE', 505);
  const lagSeconds = int('INDEXER_BENCH_LAG_SECONDS', 60);
  const runs = Math.max(1, int('INDEXER_BENCH_RUNS', 3));
  const base = runtimeDir();
  const run = join(base, 'bench', 'indexer-run');
  process.env.OPENLEDGER_RUNTIME_DIR = join(run, 'catchup');
  const history = await devnetHistory({ scale, seed: 1, fresh: process.env.INDEXER_BENCH_FRESH === '1', cacheDir: join(base, 'bench', 'indexer-history') });
  const pg = await startEmbeddedPostgres({ fast: true, flags: PG_FLAGS });
  let lag: HeadLag | undefined;
  try {
    const blocks = history.head + 1;
    progress(`history ready: ${history.events.toLocaleString('en-US')} events in ${blocks} blocks (loaded in ${history.loadSeconds.toFixed(1)} s)`);
    // the fetch floor first: a freshly loaded anvil answers its first eth_getLogs slower, and both
    // measurements should see the same (warm) chain
    const fetch = await fetchFloor(history.state.rpcUrl, history.head);
    progress(`fetch floor: ${fetch.logs.toLocaleString('en-US')} logs (${(fetch.bytes / 2 ** 20).toFixed(0)} MiB of JSON) in ${fetch.seconds.toFixed(1)} s`);
    const all: CatchUp[] = [];
    for (let i = 1; i <= runs; i++) {
      if (i > 1) await dropDatabase(pg.settings, `catchup_${i - 1}`); // the last one feeds the COPY floor
      const db = await ensureDatabase(pg.settings, `catchup_${i}`);
      const one = await catchUp(db, process.env.OPENLEDGER_RUNTIME_DIR, history.head, history.events);
      all.push(one);
      progress(`catch-up ${i} of ${runs}: ${one.seconds.toFixed(1)} s (${formatRate(one.events / one.seconds)} events/s), peak RSS ${(one.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
    }
    const ours = [...all].sort((a, b) => a.seconds - b.seconds)[Math.floor((all.length - 1) / 2)]!;
    const peakRssBytes = Math.max(...all.map((r) => r.peakRssBytes));
    const copy = await copyFloor(await ensureDatabase(pg.settings, `catchup_${runs}`), await ensureDatabase(pg.settings, 'copy_floor'));
    progress(`COPY floor: ${copy.rows.toLocaleString('en-US')} rows in ${copy.tables} tables (${(copy.bytes / 2 ** 20).toFixed(0)} MiB) in ${copy.seconds.toFixed(1)} s`);
    await history.stop();
    if (lagSeconds > 0) lag = await measureHeadLag(await ensureDatabase(pg.settings, 'head_lag'), join(run, 'lag'), lagSeconds);

    const floor = fetch.seconds + copy.seconds;
    const eventsPerSecond = ours.events / ours.seconds;
    const peakRssMiB = peakRssBytes / 2 ** 20;
    const result = {
      bench: 'indexer',
      events: ours.events,
      blocks,
      rows: ours.rows,
      seconds: Number(ours.seconds.toFixed(2)),
      eventsPerSecond: Math.round(eventsPerSecond),
      runs: all.map((r) => ({ seconds: Number(r.seconds.toFixed(2)), eventsPerSecond: Math.round(r.events / r.seconds), peakRssMiB: Math.round(r.peakRssBytes / 2 ** 20) })),
      peakRssMiB: Math.round(peakRssMiB),
      startupSeconds: Number(ours.startupSeconds.toFixed(2)),
      batches: ours.batches,
      phasesSeconds: Object.fromEntries(Object.entries(ours.phases).map(([k, v]) => [k, Number((v / 1000).toFixed(1))])),
      deferredIndexes: ours.deferredIndexes
        ? { dropped: ours.deferredIndexes.dropped, atBlock: ours.deferredIndexes.atBlock, buildSeconds: ours.deferredIndexes.buildSeconds }
        : null,
      fetchSeconds: Number(fetch.seconds.toFixed(2)),
      copySeconds: Number(copy.seconds.toFixed(2)),
      floorSeconds: Number(floor.toFixed(2)),
      floorRatio: Number((ours.seconds / floor).toFixed(2)),
      copyRows: copy.rows,
      headLag: lag ? { blocks: lag.blocks, p50Ms: Math.round(lag.p50Ms), p95Ms: Math.round(lag.p95Ms), maxMs: Math.round(lag.maxMs), seconds: lag.seconds } : null,
      history: { scale, generatedSeconds: Math.round(history.generatedSeconds), loadSeconds: Number(history.loadSeconds.toFixed(1)) },
      machine: { cpus: cpus().length, postgres: 'embedded, fsync off, ' + PG_FLAGS.filter((f) => f !== '-c').join(' ') },
      targets: TARGETS,
      met: {
        events: ours.events >= TARGETS.minEvents,
        eventsPerSecond: eventsPerSecond >= TARGETS.eventsPerSecond,
        floorRatio: ours.seconds / floor <= TARGETS.floorRatio,
        peakRss: peakRssMiB < TARGETS.peakRssMiB,
        headLagP95: lag ? lag.p95Ms < TARGETS.headLagP95Ms : null,
      },
    };
    const yes = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : 'NOT met');
    printTable(`indexer catch-up (${ours.events.toLocaleString('en-US')} events, ${blocks} blocks, ${cpus().length} cores)`, [
      ['events / blocks / rows', `${ours.events.toLocaleString('en-US')} / ${blocks} / ${ours.rows.toLocaleString('en-US')} (${yes(result.met.events)}: >= 1,000,000 events)`],
      ['catch-up time', `${ours.seconds.toFixed(1)} s (the median of ${all.length}: ${all.map((r) => r.seconds.toFixed(1)).join(', ')} s; start-up ${ours.startupSeconds.toFixed(1)} s, ${ours.batches} batches)`],
      ['events/s', `${formatRate(eventsPerSecond)} (${yes(result.met.eventsPerSecond)}: >= ${formatRate(TARGETS.eventsPerSecond)})`],
      ['deferred indexes', ours.deferredIndexes
        ? `${ours.deferredIndexes.dropped} dropped at block ${ours.deferredIndexes.atBlock}, built in ${ours.deferredIndexes.buildSeconds.toFixed(1)} s at the end`
        : 'none'],
      ['handler phases', Object.entries(result.phasesSeconds).map(([k, v]) => `${k} ${v} s`).join(', ')],
      ['fetch floor (eth_getLogs)', `${fetch.seconds.toFixed(1)} s`],
      ['COPY floor', `${copy.seconds.toFixed(1)} s (${copy.rows.toLocaleString('en-US')} rows)`],
      ['ours / (fetch + COPY)', `${(ours.seconds / floor).toFixed(2)}x (${yes(result.met.floorRatio)}: <= ${TARGETS.floorRatio}x)`],
      ['processor peak RSS (highest run)', `${peakRssMiB.toFixed(0)} MiB (${yes(result.met.peakRss)}: < ${TARGETS.peakRssMiB} MiB)`],
      ['head lag, 1-second blocks', lag ? `p50 ${lag.p50Ms.toFixed(0)} ms, p95 ${lag.p95Ms.toFixed(0)} ms, max ${lag.maxMs.toFixed(0)} ms over ${lag.blocks} blocks (${yes(result.met.headLagP95)}: p95 < ${TARGETS.headLagP95Ms} ms)` : 'skipped'],
    ]);
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await history.stop();
    await pg.stop();
  }
}
