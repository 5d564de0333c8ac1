/**
 * Before any timing: every query of the mix, with each of its variable sets, must answer the same
 * data on our API and on its peer (OpenReader, or SQL), once both answers are normalised; an empty
 * answer is refused too (a query that finds nothing measures nothing). A difference is an error
 * naming the query, the variables and the first path where the answers part.
 */
import type pg from 'pg';
import type { MixQuery } from './mixQuery.ts';

/** POSTs a GraphQL request; the data, or an error with the server's errors. */
export async function graphqlData(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  let body: { data?: unknown; errors?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  if (res.status !== 200 || body.errors) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  return body.data;
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** One form of a value: object keys sorted, times as `Date#toISOString` (OpenReader prints microseconds). */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  if (typeof value === 'string' && ISO_TIME.test(value)) return new Date(value).toISOString();
  return value;
}

/** The first path where `a` and `b` differ, with both values there; undefined when equal. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return a.length !== b.length ? `${d} (lengths ${a.length} vs ${b.length})` : d;
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? undefined : `${path}: ours ${JSON.stringify(a)}, peer ${JSON.stringify(b)}`;
}

const empty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/** Our answer and the peer's, normalised, for one variable set. */
export async function answers(q: MixQuery, variables: Record<string, unknown>, ours: string, openreader: string, sql: pg.Pool): Promise<[unknown, unknown]> {
  const where = `${q.name} ${JSON.stringify(variables)}`;
  const mine = await graphqlData(ours, q.ours, variables).catch((e: Error) => {
    throw new Error(`${where}: our API failed: ${e.message}`);
  });
  let theirs: unknown;
  if (q.peer.kind === 'openreader') {
    const data = await graphqlData(openreader, q.peer.query, variables).catch((e: Error) => {
      throw new Error(`${where}: OpenReader failed: ${e.message}`);
    });
    theirs = q.peer.normalise(data, variables);
  } else {
    theirs = q.peer.normalise((await sql.query(q.peer.sql, q.peer.params(variables))).rows, variables);
  }
  return [canonical(q.normaliseOurs(mine, variables)), canonical(theirs)];
}

/** Throws unless every query answers the same non-empty data on both sides for each of its variable sets. */
export async function assertAgreement(mix: readonly { query: MixQuery; variables: Record<string, unknown>[] }[], ours: string, openreader: string, sql: pg.Pool): Promise<void> {
  for (const { query, variables } of mix) {
    for (const v of variables) {
      const [a, b] = await answers(query, v, ours, openreader, sql);
      const diff = firstDifference(a, b);
      if (diff) throw new Error(`the servers disagree on "${query.name}" with ${JSON.stringify(v)}: ${diff}`);
      if (empty(a)) throw new Error(`"${query.name}" with ${JSON.stringify(v)} answers nothing on both servers: a benchmark query must find rows`);
    }
  }
}
