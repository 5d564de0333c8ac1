/**
 * The API benchmark's result: per query, each side's requests per second, p50, p99 and errors and
 * our rps over the peer's; over the mix, the same from all requests together (rps: requests over
 * the summed run time, each query running equally long); the targets and whether they were met.
 * Printed as a table, and as one JSON object on the last line.
 */
import { percentile } from '../report.ts';
import type { Load } from './load.ts';

export const TARGETS = { oursP99Ms: 100, errors: 0, ratioVsOpenReader: 1.5, minEvents: 1_000_000 };

export interface QueryRun {
  name: string;
  peer: 'openreader' | 'sql';
  ours: Load;
  theirs: Load;
}

export interface Side {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
}

export interface ApiBenchResult {
  bench: 'api';
  events: number;
  blocks: number;
  connections: number;
  secondsPerQuery: number;
  /** our API's processes (API_WORKERS; OpenReader runs in one) */
  workers: number;
  queries: { name: string; peer: 'openreader' | 'sql'; ours: Side; peerSide: Side; ratio: number }[];
  /** entries of the mix our API cannot answer yet (the root field each requires) */
  skipped: { name: string; requires: string }[];
  /** our API over the whole mix */
  ours: Side;
  /** over the queries OpenReader answers: ours, OpenReader's, ours / OpenReader's rps */
  shared: { ours: Side; openreader: Side; ratio: number };
  /** over the queries answered by SQL instead: ours, plain SQL's, ours / SQL's rps (null without such queries) */
  analytics: { ours: Side; sql: Side; ratio: number } | null;
  ratio: number;
  targets: typeof TARGETS;
  met: { events: boolean; oursP99: boolean; errors: boolean; ratio: boolean };
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

function side(loads: readonly Load[]): Side {
  const latencies = loads.flatMap((l) => l.latencies).sort((a, b) => a - b);
  const requests = loads.reduce((n, l) => n + l.requests, 0);
  const seconds = loads.reduce((s, l) => s + l.seconds, 0);
  return {
    rps: round(seconds > 0 ? requests / seconds : 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    errors: loads.reduce((n, l) => n + l.errors, 0),
    requests,
  };
}

export function summarise(runs: readonly QueryRun[], skipped: ApiBenchResult['skipped'], context: { events: number; blocks: number; connections: number; secondsPerQuery: number; workers: number }): ApiBenchResult {
  const shared = runs.filter((r) => r.peer === 'openreader');
  const sql = runs.filter((r) => r.peer === 'sql');
  const ours = side(runs.map((r) => r.ours));
  const sharedOurs = side(shared.map((r) => r.ours));
  const openreader = side(shared.map((r) => r.theirs));
  const ratio = round(openreader.rps > 0 ? sharedOurs.rps / openreader.rps : 0, 2);
  const analytics = sql.length === 0 ? null : (() => {
    const o = side(sql.map((r) => r.ours));
    const s = side(sql.map((r) => r.theirs));
    return { ours: o, sql: s, ratio: round(s.rps > 0 ? o.rps / s.rps : 0, 2) };
  })();
  return {
    bench: 'api',
    ...context,
    queries: runs.map((r) => {
      const [o, p] = [side([r.ours]), side([r.theirs])];
      return { name: r.name, peer: r.peer, ours: o, peerSide: p, ratio: round(p.rps > 0 ? o.rps / p.rps : 0, 2) };
    }),
    skipped,
    ours,
    shared: { ours: sharedOurs, openreader, ratio },
    analytics,
    ratio,
    targets: TARGETS,
    met: {
      events: context.events >= TARGETS.minEvents,
      oursP99: ours.p99Ms < TARGETS.oursP99Ms,
      errors: ours.errors === TARGETS.errors,
      ratio: ratio >= TARGETS.ratioVsOpenReader,
    },
  };
}

function pad(cells: string[][]): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

/** The table and, last, the JSON line. */
export function reportLines(r: ApiBenchResult): string[] {
  const fmt = (s: Side) => [Math.round(s.rps).toLocaleString('en-US'), s.p50Ms.toFixed(1), s.p99Ms.toFixed(1), String(s.errors)];
  const header = ['query', 'peer', 'ours rps', 'p50 ms', 'p99 ms', 'errors', 'peer rps', 'p50 ms', 'p99 ms', 'errors', 'ours/peer'];
  const rows = r.queries.map((q) => [q.name, q.peer === 'openreader' ? 'OpenReader' : 'SQL', ...fmt(q.ours), ...fmt(q.peerSide), `${q.ratio.toFixed(2)}x`]);
  rows.push(['queries both servers answer', 'OpenReader', ...fmt(r.shared.ours), ...fmt(r.shared.openreader), `${r.shared.ratio.toFixed(2)}x`]);
  if (r.analytics) rows.push(['analytics vs plain SQL', 'SQL', ...fmt(r.analytics.ours), ...fmt(r.analytics.sql), `${r.analytics.ratio.toFixed(2)}x`]);
  rows.push(['our API, the whole mix', '', ...fmt(r.ours), '', '', '', '', '']);
  const table = pad([header, ...rows]);
  const yes = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return [
    '',
    `GraphQL API vs OpenReader (${r.events.toLocaleString('en-US')} events, ${r.blocks.toLocaleString('en-US')} blocks; ${r.connections} connections, ${r.secondsPerQuery} s per query and server; ` +
      `our API in ${r.workers} worker process${r.workers === 1 ? '' : 'es'} (API_WORKERS), OpenReader in one)`,
    '-'.repeat(table[0]!.length),
    table[0]!,
    '-'.repeat(table[0]!.length),
    ...table.slice(1),
    ...(r.skipped.length > 0 ? ['', `skipped (our API has no such field): ${r.skipped.map((q) => `${q.name} (${q.requires})`).join(', ')}`] : []),
    '',
    `targets: our p99 over the mix ${r.ours.p99Ms.toFixed(1)} ms (${yes(r.met.oursP99)}: < ${TARGETS.oursP99Ms} ms); our errors ${r.ours.errors} (${yes(r.met.errors)}: 0); ` +
      `ours / OpenReader rps ${r.ratio.toFixed(2)}x (${yes(r.met.ratio)}: >= ${TARGETS.ratioVsOpenReader}x); events ${yes(r.met.events)} (>= 1,000,000)`,
    '',
    JSON.stringify(r),
  ];
}
