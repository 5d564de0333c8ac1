/**
 * One API benchmark over an indexed database: a read-only login for both servers (and for the SQL
 * peer), our API and OpenReader started on it, the mix's fixtures read, every query checked to
 * answer the same on both sides, then each query driven on each side in turn (ours, then its peer)
 * for `seconds` after a short warm-up that is not counted.
 */
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { newPassword } from '../../db/embeddedCluster.ts';
import type { DbSettings } from '../../db/postgres.ts';
import { createReaderLogin } from '../../db/readerRole.ts';
import { progress } from '../report.ts';
import { assertAgreement, graphqlData } from './agree.ts';
import { readFixtures } from './fixtures.ts';
import { driveGraphql, driveSql, type Load, type LoadOptions } from './load.ts';
import type { MixQuery } from './mixQuery.ts';
import { QUERIES } from './queries.ts';
import { POOL_SIZE, startOpenReader, startOurApi, type GraphqlServer } from './servers.ts';
import { summarise, type ApiBenchResult, type QueryRun } from './summary.ts';

export interface ApiBenchOptions {
  /** the owner's settings on the indexed database */
  admin: DbSettings;
  /** where the servers' project folder and logs go */
  runDir: string;
  events: number;
  blocks: number;
  connections: number;
  /** per query and server */
  seconds: number;
  queries?: readonly MixQuery[];
  /** our API's processes (API_WORKERS) */
  workers: number;
}

export const BENCH_LOGIN = 'openledger_bench_api';

export async function runApiBench(o: ApiBenchOptions): Promise<ApiBenchResult> {
  mkdirSync(o.runDir, { recursive: true });
  const reader = await createReaderLogin(o.admin, BENCH_LOGIN, newPassword());
  const servers: GraphqlServer[] = [];
  const sql = new pg.Pool({ ...reader, max: POOL_SIZE });
  try {
    const ours = await startOurApi(reader, o.runDir, o.workers);
    servers.push(ours);
    const openreader = await startOpenReader(reader, o.runDir);
    servers.push(openreader);
    progress(`servers up: our API ${ours.url} (${o.workers} worker processes), OpenReader ${openreader.url} (one process)`);
    const fixtures = await readFixtures(sql, ours.url);
    const roots = new Set(((await graphqlData(ours.url, '{ __schema { queryType { fields { name } } } }', {})).__schema.queryType.fields as { name: string }[]).map((f) => f.name));
    const all = o.queries ?? QUERIES;
    const skipped = all.filter((q) => q.requires && !roots.has(q.requires)).map((q) => ({ name: q.name, requires: q.requires! }));
    for (const s of skipped) progress(`skipped "${s.name}": our API has no ${s.requires} field`);
    const mix = all.filter((q) => !q.requires || roots.has(q.requires)).map((query) => ({ query, variables: query.variables(fixtures) }));
    await assertAgreement(mix, ours.url, openreader.url, sql);
    progress(`all ${mix.length} queries answer the same on both sides (${mix.reduce((n, m) => n + m.variables.length, 0)} variable sets)`);

    const load: LoadOptions = { connections: o.connections, seconds: o.seconds };
    const warm: LoadOptions = { connections: o.connections, seconds: Math.max(1, Math.min(5, Math.round(o.seconds / 5))) };
    const drive = async (q: MixQuery, variables: Record<string, unknown>[], side: 'ours' | 'peer', opts: LoadOptions): Promise<Load> => {
      if (side === 'ours') return driveGraphql(ours.url, q.ours, variables, opts);
      if (q.peer.kind === 'openreader') return driveGraphql(openreader.url, q.peer.query, variables, opts);
      return driveSql(sql, q.peer.sql, variables.map(q.peer.params), opts);
    };
    // a run's unanswered requests keep the database busy after autocannon stops: wait for them
    const settle = async () => {
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
        const { rows } = await sql.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = current_user AND state = 'active' AND pid <> pg_backend_pid()",
        );
        if (rows[0]!.n === 0) return;
      }
    };
    const runs: QueryRun[] = [];
    for (const { query, variables } of mix) {
      const measured: Partial<Record<'ours' | 'peer', Load>> = {};
      for (const side of ['ours', 'peer'] as const) {
        await drive(query, variables, side, warm);
        await settle();
        measured[side] = await drive(query, variables, side, load);
        await settle();
      }
      const run: QueryRun = { name: query.name, peer: query.peer.kind, ours: measured.ours!, theirs: measured.peer! };
      runs.push(run);
      progress(`${query.name}: ours ${Math.round(run.ours.rps)} rps (p99 ${run.ours.p99Ms.toFixed(1)} ms, ${run.ours.errors} errors), ` +
        `${query.peer.kind === 'openreader' ? 'OpenReader' : 'SQL'} ${Math.round(run.theirs.rps)} rps (p99 ${run.theirs.p99Ms.toFixed(1)} ms, ${run.theirs.errors} errors)`);
    }
    return summarise(runs, skipped, { events: o.events, blocks: o.blocks, connections: o.connections, secondsPerQuery: o.seconds, workers: o.workers });
  } finally {
    await sql.end();
    for (const s of servers.reverse()) await s.stop();
  }
}
