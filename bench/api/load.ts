/**
 * Load for a fixed time at a fixed concurrency, every request's latency kept: GraphQL over HTTP
 * with autocannon (each connection cycling through the variable sets), and SQL straight through a
 * pg pool (as many callers as connections) for the questions OpenReader cannot answer. An error is
 * a failed or timed-out request, a status other than 2xx, or a GraphQL answer with `errors`.
 */
import autocannon from 'autocannon';
import type pg from 'pg';
import { percentile } from '../report.ts';

export interface LoadOptions {
  connections: number;
  seconds: number;
}

export interface Load {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** every request's latency, ascending (ms) */
  latencies: number[];
}

function summary(latencies: number[], seconds: number, errors: number): Load {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length, seconds, rps: latencies.length / seconds,
    p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors, latencies,
  };
}

/** `query` POSTed to `${url}/graphql` with each of `variableSets` in turn. */
export async function driveGraphql(url: string, query: string, variableSets: Record<string, unknown>[], o: LoadOptions): Promise<Load> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections: o.connections,
    duration: o.seconds,
    timeout: 30,
    headers: { 'content-type': 'application/json' },
    requests: variableSets.map((variables) => ({ body: JSON.stringify({ query, variables }) })),
    verifyBody: (body) => !body.startsWith('{"errors"') && !body.includes('"errors":['),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  return summary(latencies, result.duration, result.errors + result.non2xx + result.mismatches);
}

/** `sql` through `pool` with each of `paramSets` in turn, by `connections` concurrent callers. */
export async function driveSql(pool: pg.Pool, sql: string, paramSets: unknown[][], o: LoadOptions): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + o.seconds * 1000;
  let next = 0;
  const caller = async () => {
    while (performance.now() < end) {
      const params = paramSets[next++ % paramSets.length];
      const t0 = performance.now();
      try {
        await pool.query(sql, params);
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, caller));
  return summary(latencies, (performance.now() - started) / 1000, errors);
}
