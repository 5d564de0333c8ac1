/**
 * `npm run bench -- api`: our GraphQL API against SQD's OpenReader on one database holding a
 * devnet history of at least a million events (bench/api/database.ts, cached in the runtime
 * folder), each query of the mix (bench/api/queries.ts) driven on each server with autocannon,
 * and our analytics against the plain SQL a user would otherwise run.
 * Options (flags, or the environment): --duration=S / API_BENCH_SECONDS (per query and server,
 * default 60), --connections=N / API_BENCH_CONNECTIONS (default 50), API_BENCH_SCALE (bulk rounds of
 * the history, default 505: ~1.0M events), --fresh / API_BENCH_FRESH=1 (rebuild the database),
 * API_WORKERS (our API's processes, default the machine's cores, as `npm run api`; 1 to compare one
 * process with OpenReader's one).
 * Last line: one JSON object.
 */
import { join } from 'node:path';
import { runtimeDir } from '../lib/runtime.ts';
import { benchDatabase } from './api/database.ts';
import { runApiBench } from './api/runApiBench.ts';
import { reportLines, type ApiBenchResult } from './api/summary.ts';
import { benchFlag } from './flags.ts';
import { workersFromEnv } from '../api/workers.ts';

export async function main(): Promise<ApiBenchResult> {
  const int = (flag: string, env: string, fallback: number) => {
    const value = benchFlag(flag) ?? process.env[env];
    const n = value === undefined || value === '' ? fallback : Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${flag} / ${env}: expected a whole number from 1, got ${JSON.stringify(value)}`);
    return n;
  };
  const seconds = int('duration', 'API_BENCH_SECONDS', 60);
  const connections = int('connections', 'API_BENCH_CONNECTIONS', 50);
  const scale = int('scale', 'API_BENCH_SCALE', 505);
  const fresh = benchFlag('fresh') !== undefined || process.env.API_BENCH_FRESH === '1';
  const benchDir = runtimeDir('bench');
  const db = await benchDatabase({ scale, seed: 1, benchDir, fresh });
  try {
    const result = await runApiBench({
      admin: db.admin, runDir: join(benchDir, 'api-run'), events: db.events, blocks: db.head + 1, connections, seconds, workers: workersFromEnv(process.env),
    });
    for (const line of reportLines(result)) console.log(line);
    return result;
  } finally {
    await db.pg.stop();
  }
}
