// Every panel's SQL and every variable's query, expanded exactly as Grafana's Postgres datasource
// expands them (dashboards/macros.ts), run on the devnet scenario indexed into a real Postgres as a
// login of the read-only role: no error, the shape its panel needs, rows in the scenario's time
// range; with each multi-value variable as two values, as one, and as "All". A few panels are
// checked against the chain's own view functions or the raw indexed rows. The verifier's view
// (`analytics_verdicts_daily`) gets its rows from the real watchdog run over the devnet's records.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { QueryResult } from 'pg';
import { toEventSelector } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import { settingsToUrl, withClient } from '../db/postgres.ts';
import { newPassword } from '../db/embeddedCluster.ts';
import { startIndexedApi, type IndexedApi } from '../test/support/indexedApi.ts';
import { emitUndecodableLog } from '../test/support/scenario.ts';
import { startVerifier } from '../test/support/verifierProcess.ts';
import { migrateVerifier } from '../verifier/db/migrate.ts';
import { expandPanelSql, type TimeRange, type VariableSelection } from './macros.ts';
import { panelQueries, selectionsFor, variableQueries, type PanelQuery } from './panelQueries.ts';

let world: IndexedApi;
let range: TimeRange;
/** each variable's options, by `<dashboard>/<name>` */
const options = new Map<string, string[]>();

const TIME = 1184; // timestamptz
const NUMERIC_TYPES = new Set([20, 21, 23, 700, 701, 1700]); // int8, int2, int4, float4, float8, numeric

before(async () => {
  // one undecodable log (an OPEN Transfer topic with 5 bytes of data) for the indexer-health panels
  world = await startIndexedApi({ login: ['dash_reader', newPassword()], more: async (c) => {
    await emitUndecodableLog(c, c.addr('OPEN'), [toEventSelector('Transfer(address,address,uint256)')]);
  } });
  await withClient(world.pg.settings, migrateVerifier);
  await runVerifierUntilEveryRecordHasAVerdict();
  // the scenario's span, from the admin connection (the expectation does not come from the views)
  const span = await withClient(world.pg.settings, async (c) => (await c.query<{ from: Date; to: Date }>(
    `SELECT min(t) AS from, max(t) AS to FROM (
       SELECT "timestamp" AS t FROM token_transfer UNION ALL SELECT "timestamp" FROM inference UNION ALL SELECT opened_at FROM challenge
       UNION ALL SELECT "timestamp" FROM vote UNION ALL SELECT submitted_at FROM contribution) x`)).rows[0]!);
  // (and now: the verdicts are bucketed by the day they were made)
  const to = Math.max(span.to.getTime(), Date.now());
  range = { from: new Date(span.from.getTime() - 3_600_000), to: new Date(to + 3_600_000) };
  for (const v of variableQueries()) {
    const sql = expandPanelSql(v.rawSql, { range, maxDataPoints: 1000 }).sql;
    const res = await world.pool.query<{ __value: string }>(sql);
    options.set(`${v.dashboard}/${v.name}`, res.rows.map((r) => String(r.__value)));
  }
}, { timeout: 600_000 });

after(() => world?.stop());

/**
 * The watchdog over the indexed records (dry run: nothing sent; every record sampled) until each has a
 * verdict. The scenario's records point at artifacts no store holds (an empty folder is the content
 * store), so the verdicts are UNVERIFIABLE: the DISPUTE share is 0 here (verifier/db tests the view's
 * sums by kind).
 */
async function runVerifierUntilEveryRecordHasAVerdict(): Promise<void> {
  const store = mkdtempSync(join(process.env.OPENLEDGER_RUNTIME_DIR!, 'blobs-'));
  const p = startVerifier(['--watch', '--dry-run'], {
    DATABASE_URL: settingsToUrl(world.pg.settings),
    OPENLEDGER_RUNTIME_DIR: process.env.OPENLEDGER_RUNTIME_DIR!,
    CONTENT_STORES: pathToFileURL(store).href,
    VERIFIER_PRIVATE_KEY: generatePrivateKey(),
    VERIFIER_SAMPLE_RATE_PPM: '1000000',
    VERIFIER_FINALITY_DEPTH: '0',
    VERIFIER_POLL_MS: '200',
    VERIFIER_RETRY_LIMIT: '1',
    VERIFIER_RETRY_DELAY_SECONDS: '1',
  });
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const missing = await withClient(world.pg.settings, async (c) => (await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM inference i WHERE NOT EXISTS (SELECT 1 FROM verifier.verification v WHERE v.id = i.id)`)).rows[0]!.n);
      if (missing === 0) break;
      if (Date.now() > deadline || p.child.exitCode !== null) throw new Error(`${missing} records without a verdict:\n${p.lines.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await p.stop();
  }
}

async function run(sql: string): Promise<QueryResult> {
  try {
    return await world.pool.query(sql);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- SQL as expanded ---\n${sql}`);
  }
}

/**
 * Stats the scenario may leave at 0: nothing is quarantined, its challenges end, its stakes are paid,
 * its records' artifacts are in no store (no DISPUTE verdict).
 */
const MAY_BE_ZERO = new Set(['Quarantined logs', 'Open challenges', 'Still open', 'Cooling down', 'Share of DISPUTE']);

const numeric = (res: QueryResult, name: string) => NUMERIC_TYPES.has(res.fields.find((f) => f.name === name)!.dataTypeID);

/** What Grafana needs of the result to draw the panel. */
function assertShape(q: PanelQuery, res: QueryResult, what: string): void {
  const names = res.fields.map((f) => f.name);
  assert.ok(res.rows.length > 0, `${what}: no rows in the scenario's time range`);
  switch (q.type) {
    case 'timeseries': {
      const time = res.fields.find((f) => f.name === 'time');
      assert.ok(time, `${what}: a time series needs a "time" column (got ${names.join(', ')})`);
      assert.ok(time.dataTypeID === TIME || NUMERIC_TYPES.has(time.dataTypeID), `${what}: "time" is a timestamp or epoch seconds`);
      const values = names.filter((n) => n !== 'time' && n !== 'metric');
      assert.ok(values.length > 0 && values.every((n) => numeric(res, n)), `${what}: value columns are numbers (${names.join(', ')})`);
      const times = res.rows.map((r) => (r.time instanceof Date ? r.time.getTime() : Number(r.time)));
      assert.deepEqual(times, [...times].sort((a, b) => a - b), `${what}: rows ordered by time`);
      for (const t of times) {
        const ms = time.dataTypeID === TIME ? t : t * 1000;
        assert.ok(ms >= range.from.getTime() - 86_400_000 && ms <= range.to.getTime(), `${what}: a time outside the range`);
      }
      break;
    }
    case 'stat': {
      assert.equal(res.rows.length, 1, `${what}: a stat reads one row`);
      const value = names.find((n) => numeric(res, n));
      assert.ok(value, `${what}: a number`);
      // a sum over the range that comes out 0 is a range the query missed (what a healthy scenario leaves at 0 aside)
      if (!MAY_BE_ZERO.has(q.panel)) assert.notEqual(Number(res.rows[0][value]), 0, `${what}: 0 over the scenario`);
      break;
    }
    case 'bargauge':
      assert.ok(!numeric(res, names[0]!) && names.slice(1).some((n) => numeric(res, n)), `${what}: a name column, then values (${names.join(', ')})`);
      break;
    case 'table':
      assert.ok(names.length >= 2, `${what}: columns`);
      break;
    default:
      assert.fail(`${what}: unexpected panel type ${q.type}`);
  }
}

test('every variable query returns options', () => {
  assert.deepEqual([...options.keys()].sort(), ['attribution-and-rewards/contributor', 'datanets-and-contributions/datanet', 'models-inference-adapters/model']);
  for (const [k, values] of options) assert.ok(values.length >= 2, `${k}: ${values.length} options`);
});

test('every panel query runs as the read-only role and returns the shape its panel needs', async () => {
  const queries = panelQueries();
  assert.ok(queries.length >= 50, `${queries.length} panel queries`);
  let runs = 0;
  for (const q of queries) {
    for (const s of selectionsFor(q, options)) {
      const { sql } = expandPanelSql(q.rawSql, { range, maxDataPoints: q.maxDataPoints, minInterval: q.minInterval, variables: s.variables });
      assert.doesNotMatch(sql, /\$\w/, `${q.dashboard}/${q.panel}: something left unexpanded`);
      assertShape(q, await run(sql), `${q.dashboard}/${q.panel} (${s.label})`);
      runs++;
    }
  }
  assert.ok(runs > queries.length);
});

/** The first row's `column` of the panel titled `title` in `dashboard`, expanded with `variables`. */
async function panelValue(dashboard: string, title: string, column: string, variables: Record<string, VariableSelection> = {}): Promise<string> {
  const q = panelQueries().find((p) => p.dashboard === dashboard && p.panel === title);
  assert.ok(q, `${dashboard}/${title}`);
  const res = await run(expandPanelSql(q.rawSql, { range, maxDataPoints: q.maxDataPoints, minInterval: q.minInterval, variables }).sql);
  return String(res.rows[0][column]);
}

const inOpen = (wei: bigint) => `${wei / 10n ** 18n}.${(wei % 10n ** 18n).toString().padStart(18, '0')}`;
const sameNumber = (a: string, b: string) => assert.equal(Number(a), Number(b), `${a} vs ${b}`);

test("panel values agree with the chain's view functions", async () => {
  const c = world.c;
  const inferences = await c.read<bigint>('AttributionEngine', 'inferenceCount');
  assert.equal(await panelValue('protocol-overview', 'Inferences', 'inferences'), String(inferences));
  const supply = await c.read<bigint>('OPEN', 'totalSupply');
  // exact: the view multiplies by 1e-18 in numeric (trailing zeros aside)
  assert.equal((await panelValue('protocol-overview', 'OPEN supply', 'supply')).replace(/\.?0+$/, ''), inOpen(supply).replace(/\.?0+$/, ''));
  const challenges = await c.read<bigint>('ChallengeManager', 'challengeCount');
  assert.equal(await panelValue('disputes-and-verifier-health', 'Challenges opened', 'challenges'), String(challenges));
  let ended = 0n;
  for (const [title] of [['Upheld'], ['Rejected'], ['Expired'], ['Still open']]) ended += BigInt(await panelValue('disputes-and-verifier-health', title!, 'challenges'));
  assert.equal(ended, challenges, 'the outcomes add up to the challenges opened');
  assert.equal(await panelValue('indexer-health', 'Decode failures', 'failures'), '1', 'the one undecodable log the test emitted');
  const [status] = await withClient(world.pg.settings, async (c) => (await c.query<{ height: number }>('SELECT height FROM squid_processor.status')).rows);
  assert.equal(await panelValue('indexer-health', 'Indexed height', 'height'), String(status!.height));
});

test("a contributor's panels agree with the raw attribution rows, and a hostile variable value stays a string", async () => {
  const who = options.get('attribution-and-rewards/contributor')![0]!;
  const vars = { contributor: { value: who, multi: false, includeAll: false } };
  const raw = await withClient(world.pg.settings, async (c) => (await c.query<{ reward: string; n: string }>(
    'SELECT sum(reward)::text AS reward, count(*)::text AS n FROM inference_attribution WHERE contributor = $1', [who])).rows[0]!);
  assert.ok(BigInt(raw.reward) > 0n, 'the top contributor earned something');
  sameNumber(await panelValue('attribution-and-rewards', 'Rewards', 'rewards', vars), inOpen(BigInt(raw.reward)));
  assert.equal(await panelValue('attribution-and-rewards', 'Attributions', 'attributions', vars), raw.n);
  const hostile = { contributor: { value: `${who}' OR '1'='1`, multi: false, includeAll: false } };
  assert.equal(await panelValue('attribution-and-rewards', 'Rewards', 'rewards', hostile), '0', 'the quote is part of the value');
});

test("the verdict panels count what the verifier wrote", async () => {
  const raw = await withClient(world.pg.settings, async (c) => (await c.query<{ verdict: string; n: number }>(
    'SELECT verdict, count(*)::int AS n FROM verifier.verification GROUP BY verdict ORDER BY verdict')).rows);
  const q = panelQueries().find((p) => p.dashboard === 'disputes-and-verifier-health' && p.panel === 'Verifier verdicts')!;
  const res = await run(expandPanelSql(q.rawSql, { range, maxDataPoints: q.maxDataPoints, minInterval: q.minInterval }).sql);
  const shown = new Map<string, number>();
  for (const r of res.rows) shown.set(r.metric, (shown.get(r.metric) ?? 0) + Number(r.verdicts));
  assert.deepEqual([...shown].sort().map(([verdict, n]) => ({ verdict, n })), raw);
  const total = raw.reduce((a, r) => a + r.n, 0);
  assert.ok(total > 0, 'the verifier wrote verdicts');
  const disputes = raw.find((r) => r.verdict === 'DISPUTE')?.n ?? 0;
  sameNumber(await panelValue('disputes-and-verifier-health', 'Share of DISPUTE', 'dispute share'), (Math.round(disputes * 10_000 / total) / 100).toFixed(2));
});

test('the read-only role reads every analytics view and writes nothing through them', async () => {
  const views = (await world.pool.query<{ v: string }>(`SELECT viewname AS v FROM pg_views WHERE schemaname = 'public' AND viewname LIKE 'analytics_%' ORDER BY 1`)).rows.map((r) => r.v);
  assert.ok(views.length >= 30, `${views.length} views`);
  for (const v of views) await run(`SELECT * FROM ${v} LIMIT 1`);
  await assert.rejects(world.pool.query(`DELETE FROM analytics_stake`), /permission denied/);
});
