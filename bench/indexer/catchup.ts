/**
 * The processor catching up a history from block zero, as `npm run indexer` runs it (a child
 * process, `TO_BLOCK` = the head, finality 0 so that it exits once the head is written): wall time,
 * events and rows from its batch log lines, progress every few seconds, and its peak resident
 * memory (VmHWM from /proc, sampled while it runs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsToUrl, type DbSettings } from '../../db/postgres.ts';
import { startIndexer } from '../../test/support/indexerProcess.ts';
import { progress } from '../report.ts';

export interface CatchUp {
  /** spawn to the last batch's commit, or to the end of the index build after it if later */
  seconds: number;
  /** spawn to the first batch (process start, migrations, first fetch) */
  startupSeconds: number;
  events: number;
  rows: number;
  batches: number;
  /** peak resident set of the processor process */
  peakRssBytes: number;
  /** summed handler phases over all batches, ms (wait: for the previous batch's commit, pipelined) */
  phases: { decode: number; wait: number; load: number; handle: number; write: number };
  /** indexes dropped for the catch-up (deferredIndexes.ts) and the time their build took at its end */
  deferredIndexes: { dropped: number; atBlock: number; buildSeconds: number; builtAt: number } | undefined;
}

/** The catch-up's index deferral, from its log lines. */
function deferral(lines: readonly string[]): CatchUp['deferredIndexes'] {
  const find = (msg: string) => {
    const line = lines.find((l) => l.includes(`"msg":"${msg}"`));
    return line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>);
  };
  const deferred = find('catch-up: indexes deferred');
  if (!deferred) return undefined;
  const built = find('catch-up ended: indexes built');
  return {
    dropped: (deferred.indexes as string[]).length,
    atBlock: deferred.height as number,
    buildSeconds: built ? (built.ms as number) / 1000 : Number.NaN,
    builtAt: built ? (built.time as number) : Number.NaN,
  };
}

interface BatchLine {
  msg: string;
  time: number;
  to: number;
  events: number;
  rows: number;
  phases?: CatchUp['phases'];
}

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function batchLines(lines: readonly string[], from: number): BatchLine[] {
  const out: BatchLine[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('"msg":"batch"')) continue;
    try {
      out.push(JSON.parse(line) as BatchLine);
    } catch {
      // not JSON (a line from something else that mentions it): not a batch
    }
  }
  return out;
}

/** Runs the processor from block zero to `head` on `db`; resolves when it has exited. */
export async function catchUp(db: DbSettings, runtimeDir: string, head: number, totalEvents: number): Promise<CatchUp> {
  const spawnedAt = Date.now();
  const indexer = startIndexer({
    DATABASE_URL: settingsToUrl(db), OPENLEDGER_RUNTIME_DIR: runtimeDir, FINALITY_CONFIRMATION: '0', TO_BLOCK: String(head),
  });
  const pid = indexer.child.pid!;
  let peak = 0;
  let seen = 0;
  const batches: BatchLine[] = [];
  let lastReport = Date.now();
  const sample = setInterval(() => {
    peak = Math.max(peak, peakRss(pid));
    batches.push(...batchLines(indexer.lines, seen));
    seen = indexer.lines.length;
    if (Date.now() - lastReport >= 5000 && batches.length > 0) {
      lastReport = Date.now();
      const events = batches.reduce((n, b) => n + b.events, 0);
      const seconds = (Date.now() - spawnedAt) / 1000;
      progress(`catch-up: block ${batches.at(-1)!.to} of ${head}, ${events.toLocaleString('en-US')} of ${totalEvents.toLocaleString('en-US')} events, ` +
        `${Math.round(events / seconds).toLocaleString('en-US')} events/s, RSS peak ${(peak / 2 ** 20).toFixed(0)} MiB`);
    }
  }, 250);
  const code = await indexer.exited;
  clearInterval(sample);
  batches.push(...batchLines(indexer.lines, seen));
  writeFileSync(join(runtimeDir, 'catchup.log'), `${indexer.lines.join('\n')}\n`);
  if (code !== 0) throw new Error(`the processor exited with ${code}:\n${indexer.lines.slice(-20).join('\n')}`);
  if (batches.length === 0) throw new Error('the processor logged no batch');
  const indexes = deferral(indexer.lines);
  if (indexes && Number.isNaN(indexes.builtAt)) throw new Error('the processor deferred indexes and exited without building them');
  const done = Math.max(batches.at(-1)!.time, indexes?.builtAt ?? 0);
  const phases = { decode: 0, wait: 0, load: 0, handle: 0, write: 0 };
  for (const b of batches) for (const k of Object.keys(phases) as (keyof typeof phases)[]) phases[k] += b.phases?.[k] ?? 0;
  return {
    seconds: (done - spawnedAt) / 1000,
    startupSeconds: (batches[0]!.time - spawnedAt) / 1000,
    events: batches.reduce((n, b) => n + b.events, 0),
    rows: batches.reduce((n, b) => n + b.rows, 0),
    batches: batches.length,
    peakRssBytes: peak,
    phases,
    deferredIndexes: indexes,
  };
}
