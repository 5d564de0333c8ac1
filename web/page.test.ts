// The page in a real headless browser (Debian's chromium, puppeteer-core) on one devnet scenario
// indexed into Postgres and served by the API: the front loads with no console error and shows
// SQL's totals; a contributor's chart has as many points as the API returns buckets (asked here,
// independently) and its totals equal SQL's sums; the disputes list every challenge with its
// outcome, the falsified records among them; bad input and an unreachable API read as errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { createServer } from '../api/server.ts';
import { silentLog } from '../api/log.ts';
import { settingsToUrl, withClient } from '../db/postgres.ts';
import { launchBrowser, type TestBrowser } from '../test/support/browser.ts';
import { graphqlClient, startIndexedApi, type IndexedApi } from '../test/support/indexedApi.ts';
import { startIndexer } from '../test/support/indexerProcess.ts';
import { hash32 } from '../test/support/contracts.ts';
import { actors, record } from '../test/support/scenario.ts';

let ia: IndexedApi;
let browser: TestBrowser;
const client = graphqlClient(() => ia.api.url);
const sql = <T = any>(text: string, params: unknown[] = []) => withClient(ia.pg.settings, async (c) => (await c.query(text, params)).rows as T[]);

before(async () => {
  [ia, browser] = await Promise.all([startIndexedApi({ login: ['page_test', 'page-test-password-0123'] }), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await ia?.stop();
});

/** The text of each cell of each body row of the table `data-table=name`. */
const tableRows = (page: Page, name: string) =>
  page.$$eval(`table[data-table="${name}"] tbody tr`, (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim())));

/** A tab on the API's origin (requests elsewhere are refused and listed) with what it reported as errors. */
async function openPage(origin = ia.api.url) {
  const { page, blocked, pageErrors, consoleErrors } = await browser.page({ origin });
  await page.setViewport({ width: 1280, height: 900 });
  const errors = () => [...consoleErrors.map((m) => `console: ${m}`), ...pageErrors.map((m) => `uncaught: ${m}`), ...blocked.map((u) => `blocked: ${u}`)];
  return { page, errors };
}

async function openView(hash: string) {
  const { page, errors } = await openPage();
  await page.goto(`${ia.api.url}/${hash}`, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
  return { page, errors };
}

/** Types `text` into the address form and submits it; waits for the contributor view. */
async function lookUp(page: Page, text: string) {
  await page.$eval('#address', (el) => ((el as HTMLInputElement).value = ''));
  await page.type('#address', text);
  await page.evaluate(() => delete document.body.dataset.ready);
  await page.click('#lookup button[type=submit]');
  await page.waitForSelector('body[data-ready="contributor"]', { timeout: 30_000 });
}

test('the front loads with no console error and shows the totals SQL counts', async () => {
  const { page, errors } = await openView('');
  const stat = (key: string) => page.$eval(`[data-stat="${key}"] .value`, (el) => el.textContent!.trim());
  const [counts] = await sql(`SELECT (SELECT count(*) FROM inference)::int AS inferences, (SELECT count(*) FROM contribution)::int AS contributions,
    (SELECT count(*) FROM challenge)::int AS challenges, (SELECT count(*) FROM challenge WHERE status = 'OPEN')::int AS open`);
  assert.ok(counts.inferences > 0);
  assert.equal(await stat('inferences'), String(counts.inferences));
  assert.equal(await stat('contributions'), String(counts.contributions));
  assert.equal(await stat('challenges'), `${counts.challenges} (${counts.open})`);
  const latest = await tableRows(page, 'inferences');
  const newest = await sql(`SELECT id FROM inference ORDER BY block_number DESC, id DESC LIMIT 10`);
  assert.deepEqual(latest.map((r) => r[0]), newest.map((r) => `#${r.id}`));
  // the live feed: a subscription when the API has `newInferences`, else polling (said so)
  const schema = await client.data('{ __schema { subscriptionType { fields { name } } } }');
  const hasLive = (schema.__schema.subscriptionType?.fields ?? []).some((f: { name: string }) => f.name === 'newInferences');
  await page.waitForFunction(() => ['live', 'polling'].includes(document.getElementById('live')!.dataset.state ?? ''), { timeout: 15_000 });
  assert.equal(await page.$eval('#live', (el) => (el as HTMLElement).dataset.state), hasLive ? 'live' : 'polling');
  assert.deepEqual(errors(), []);
  await page.close();
});

test("a contributor's chart has as many points as the API returns buckets, and SQL's totals", async () => {
  const [top] = await sql(`SELECT contributor FROM inference_attribution GROUP BY contributor ORDER BY count(*) DESC, contributor LIMIT 1`);
  const address: string = top.contributor;
  const { page, errors } = await openView('');
  await lookUp(page, `0x${address.slice(2).toUpperCase()}`);
  for (const interval of ['HOUR', 'DAY'] as const) {
    if (interval === 'DAY') await page.click('#influence button[data-interval="DAY"]');
    const chart = await page.waitForSelector(`.chart[data-interval="${interval}"][data-points]`, { timeout: 30_000 });
    const shown = await chart!.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
    const answer = await client.data(
      'query ($a: Address!, $i: AnalyticsInterval!, $f: DateTime!, $t: DateTime!) { contributorInfluence(address: $a, interval: $i, from: $f, to: $t) { from to buckets { bucketStart } } }',
      { a: address, i: interval, f: shown.from, t: shown.to },
    );
    const { buckets, from, to } = answer.contributorInfluence;
    assert.ok(buckets.length > 1, `${interval}: ${buckets.length} buckets`);
    assert.equal(Number(shown.points), buckets.length, interval);
    // what the caption sums is what SQL sums over the window's attribution rows
    const [sums] = await sql(`SELECT coalesce(sum(share), 0)::text AS influence, coalesce(sum(reward), 0)::text AS rewards, count(*)::int AS n
      FROM inference_attribution WHERE contributor = $1 AND timestamp >= $2 AND timestamp < $3`, [address, from, to]);
    const [all] = await sql(`SELECT count(*)::int AS n FROM inference_attribution WHERE contributor = $1`, [address]);
    assert.equal(sums.n, all.n, 'the window covers every attribution of the contributor');
    assert.equal(await page.$eval('[data-total="influence"]', (el) => (el as HTMLElement).dataset.value), sums.influence);
    assert.equal(await page.$eval('[data-total="rewards"]', (el) => (el as HTMLElement).dataset.value), sums.rewards);
  }
  const datanets = await sql(`SELECT d.name, count(*)::int AS n FROM contribution c JOIN datanet d ON d.id = c.datanet_id WHERE c.contributor = $1 GROUP BY d.id, d.name ORDER BY d.id`, [address]);
  assert.deepEqual((await tableRows(page, 'datanets')).map((r) => [r[0]!.replace(/ #\d+$/, ''), Number(r[1])]), datanets.map((d) => [d.name, d.n]));
  const latest = await sql(`SELECT inference_id FROM inference_attribution WHERE contributor = $1 ORDER BY block_number DESC, id DESC LIMIT 20`, [address]);
  assert.deepEqual((await tableRows(page, 'latest')).map((r) => r[0]), latest.map((r) => `#${r.inference_id}`));
  assert.deepEqual(errors(), []);
  await page.close();
});

test('the recent disputes list every challenge with its outcome, and the falsified records the scenario produced', async () => {
  const { page, errors } = await openView('#/watchdog');
  const rows = await tableRows(page, 'disputes');
  const challenges = await sql(`SELECT id, inference_id, status FROM challenge ORDER BY opened_at_block DESC, id DESC`);
  assert.ok(challenges.length > 0);
  assert.deepEqual(rows.map((r) => [r[0], r[2], r[4]]), challenges.map((c) => [`#${c.id}`, `inference #${c.inference_id}`, c.status.toLowerCase()]));
  const falsified = (await sql(`SELECT id FROM inference WHERE upheld ORDER BY id`)).map((r) => `inference #${r.id}`);
  assert.ok(falsified.length > 0, 'the scenario has a record proven falsified');
  assert.deepEqual([...new Set(rows.filter((r) => r[5]!.startsWith('falsified')).map((r) => r[2]))].sort(), falsified.sort());
  // verifier verdicts: shown when the API serves them, else said to be absent
  const fields = await client.data('{ __schema { queryType { fields { name } } } }');
  const hasVerifications = fields.__schema.queryType.fields.some((f: { name: string }) => f.name === 'verifications');
  await page.waitForSelector('#verifications p, #verifications table', { timeout: 15_000 });
  assert.equal(await page.$('[data-verifications="absent"]') === null, hasVerifications);
  assert.deepEqual(errors(), []);
  await page.close();
});

test('a bad address, and an address with no history, show a readable error', async () => {
  const { page, errors } = await openView('');
  const error = () => page.$eval('#view .error[role="alert"]', (el) => el.textContent!.trim());
  await lookUp(page, '0x1234');
  assert.equal(await error(), 'Not an address“0x1234” is not an address: expected 40 hex digits after 0x, got 4.');
  await lookUp(page, `0x${'g'.repeat(40)}`);
  assert.match(await error(), /is not an address: it has characters that are not hex digits/);
  await lookUp(page, 'alice');
  assert.match(await error(), /“alice” is not an address: an address starts with 0x, followed by 40 hex digits\./);
  const nobody = '0x000000000000000000000000000000000000dead';
  assert.deepEqual(await sql(`SELECT 1 FROM inference_attribution WHERE contributor = $1 UNION ALL SELECT 1 FROM contribution WHERE contributor = $1`, [nobody]), []);
  await lookUp(page, nobody);
  const [status] = await sql(`SELECT height FROM squid_processor.status WHERE id = 0`);
  assert.equal(await error(), `No history for this address${nobody} has made no contributions and earned no attributions (indexed up to block ${status.height}). Check the address, or come back once it has contributed.`);
  assert.deepEqual(errors(), []);
  await page.close();
});

test('a new inference arrives on the front, and a challenge on the watchdog, through the subscriptions while the indexer follows the chain', async () => {
  const { page, errors } = await openView('');
  const watchdog = await openView('#/watchdog');
  await page.waitForFunction(() => document.getElementById('live')!.dataset.state === 'live', { timeout: 15_000, polling: 250 });
  const before = (await tableRows(page, 'inferences')).map((r) => r[0]);
  const challengesBefore = (await tableRows(watchdog.page, 'disputes')).map((r) => r[0]);
  const indexer = startIndexer({ DATABASE_URL: settingsToUrl(ia.pg.settings), OPENLEDGER_RUNTIME_DIR: process.env.OPENLEDGER_RUNTIME_DIR!, FINALITY_CONFIRMATION: '5' });
  try {
    const a = actors(ia.c);
    const sent = await ia.c.send(a.attributor, 'AttributionEngine', 'recordInference', [record(a, 201)]);
    const id = String(sent.events.find((e) => e.eventName === 'InferenceAttributed')!.args.inferenceId);
    assert.ok(!before.includes(`#${id}`));
    // the processor commits blocks as heads arrive: mine empty ones until the row shows
    const mining = setInterval(() => void ia.c.mine().catch(() => {}), 2000);
    try {
      await page.waitForFunction((id) => document.querySelector('table[data-table="inferences"] tbody tr td')?.textContent === `#${id}`, { timeout: 90_000, polling: 250 }, id).catch(async (e) => {
        const indexed = await sql(`SELECT id FROM inference WHERE id = $1`, [id]);
        const shown = (await tableRows(page, 'inferences')).map((r) => r[0]).join(' ');
        const state = await page.$eval('#live', (el) => (el as HTMLElement).dataset.state);
        throw new Error(`inference #${id} not shown (${e.message}); indexed: ${indexed.length}; shown: ${shown}; live: ${state}; page errors: ${errors().join('; ')}; indexer: ${indexer.lines.slice(-5).join(' | ')}`);
      });
    } finally {
      clearInterval(mining);
    }
    const [row] = await sql(`SELECT id FROM inference WHERE id = $1`, [id]);
    assert.equal(row?.id, id, 'indexed');
    assert.equal(await page.$eval('table[data-table="inferences"] tbody tr', (tr) => tr.className), 'fresh');
    assert.equal(await page.$eval('#live', (el) => (el as HTMLElement).dataset.state), 'live', 'it came by the subscription (the page never fell back to polling)');
    // a challenge of that record: the open watchdog view shows it without a reload
    const opened = await ia.c.send(a.challenger, 'ChallengeManager', 'openChallenge', [BigInt(id), hash32(0x201), 'blob://evidence201'], ia.c.deployment.params.challengeBond);
    const challengeId = String(opened.events.find((e) => e.eventName === 'ChallengeOpened')!.args.challengeId);
    assert.ok(!challengesBefore.includes(`#${challengeId}`));
    const mining2 = setInterval(() => void ia.c.mine().catch(() => {}), 2000);
    try {
      await watchdog.page.waitForFunction((cid) => document.querySelector('table[data-table="disputes"] tbody tr td')?.textContent === `#${cid}`, { timeout: 90_000, polling: 250 }, challengeId);
    } finally {
      clearInterval(mining2);
    }
    const [first] = await tableRows(watchdog.page, 'disputes');
    const [row2] = await sql(`SELECT inference_id, status FROM challenge WHERE id = $1`, [challengeId]);
    assert.deepEqual([first![2], first![4]], [`inference #${row2.inference_id}`, row2.status.toLowerCase()]);
    assert.equal(row2.status, 'OPEN');
  } finally {
    await indexer.stop();
  }
  assert.deepEqual([...errors(), ...watchdog.errors()], []);
  await page.close();
  await watchdog.page.close();
});

test('the API not reachable reads as such', async () => {
  const second = await createServer({ pool: ia.pool, port: 0, log: silentLog });
  const { page } = await openPage(second.url);
  try {
    await page.goto(`${second.url}/#/watchdog`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="watchdog"]', { timeout: 30_000 });
    await second.close();
    await page.evaluate(() => {
      location.hash = '#/';
    });
    await page.waitForSelector('#view .error[role="alert"]', { timeout: 30_000 });
    const text = await page.$eval('#view .error', (el) => el.textContent!.trim());
    assert.equal(text, `The API is not reachableThe API is not reachable at ${second.url}/graphql: the request did not get an answer. Is the API running? Reload the page to retry.`);
  } finally {
    await page.close();
    await second.close();
  }
});
