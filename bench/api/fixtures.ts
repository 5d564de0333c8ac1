/**
 * What the benchmark's queries ask about, read off the served database so that the mix works on
 * any history (a million events or a test's small devnet): the busiest contributors and a block
 * from which each has its latest tenth of attributions, inference ids spread over the whole table, and deep pages of the inferences
 * connection (our cursor, found by paging with our API, and OpenReader's offset cursor).
 */
import type pg from 'pg';

export interface Fixtures {
  /** the (up to) 5 contributors with the most attributions (lowercase), each with the block its latest tenth of them starts at */
  contributors: { id: string; recentBlock: number }[];
  /** up to 20 inference ids spread evenly over the table */
  inferenceIds: string[];
  /** up to 3 models with inferences, and datanets with attributions */
  models: string[];
  datanets: string[];
  /** the whole history's time in whole UTC hours (days when that is over 2,000 hours), for the analytics */
  window: { interval: 'HOUR' | 'DAY'; from: string; to: string };
  /** pages of the inferences connection ordered by blockNumber_DESC: rows skipped, and our cursor there */
  deepPages: { offset: number; cursor: string }[];
}

const DEPTHS = [1_000, 10_000, 50_000];

/** Our cursor after `offset` rows of `inferences(orderBy: [blockNumber_DESC])`, by paging up to 1,000 rows at a time. */
async function ourCursorAt(apiUrl: string, offset: number): Promise<string> {
  let after: string | null = null;
  for (let left = offset; left > 0; ) {
    const n = Math.min(1000, left);
    const res = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query ($n: Int!, $after: String) { inferences(first: $n, after: $after, orderBy: [blockNumber_DESC]) { pageInfo { endCursor } } }',
        variables: { n, after },
      }),
    });
    const body = (await res.json()) as { data?: { inferences: { pageInfo: { endCursor: string | null } } }; errors?: unknown };
    const cursor = body.data?.inferences.pageInfo.endCursor;
    if (!cursor) throw new Error(`fixtures: paging our inferences to row ${offset} failed: ${JSON.stringify(body.errors ?? body)}`);
    after = cursor;
    left -= n;
  }
  return after!;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function analyticsWindow(lo: Date, hi: Date): Fixtures['window'] {
  const hours = Math.floor(hi.getTime() / HOUR) - Math.floor(lo.getTime() / HOUR) + 1;
  const interval = hours <= 2000 ? 'HOUR' : 'DAY';
  const unit = interval === 'HOUR' ? HOUR : DAY;
  const to = (Math.floor(hi.getTime() / unit) + 1) * unit;
  const from = Math.max(Math.floor(lo.getTime() / unit) * unit, to - 2000 * unit);
  return { interval, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

export async function readFixtures(db: pg.Pool | pg.Client, ourApiUrl: string): Promise<Fixtures> {
  const contributors = (await db.query<{ id: string; recentBlock: number }>(
    `SELECT c.id, (SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY a.block_number) FROM inference_attribution a WHERE a.contributor = c.id) AS "recentBlock"
     FROM (SELECT id FROM contributor WHERE attribution_count > 0 ORDER BY attribution_count DESC, id LIMIT 5) c ORDER BY c.id`,
  )).rows;
  const count = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM inference')).rows[0]!.n);
  const inferenceIds = (await db.query<{ id: string }>(
    `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY block_number, id) AS n FROM inference) s
     WHERE n % $1 = 0 ORDER BY n LIMIT 20`,
    [Math.max(1, Math.floor(count / 20))],
  )).rows.map((r) => r.id);
  const models = (await db.query<{ id: string }>('SELECT id FROM model m WHERE EXISTS (SELECT 1 FROM inference i WHERE i.model_id = m.id) ORDER BY id LIMIT 3')).rows.map((r) => r.id);
  const datanets = (await db.query<{ id: string }>('SELECT id FROM datanet WHERE attribution_count > 0 ORDER BY id LIMIT 3')).rows.map((r) => r.id);
  const span = (await db.query<{ lo: Date | null; hi: Date | null }>('SELECT min("timestamp") AS lo, max("timestamp") AS hi FROM inference')).rows[0]!;
  if (contributors.length === 0 || inferenceIds.length === 0 || span.lo === null) {
    throw new Error('fixtures: the database holds no attributed inference; index a devnet history first');
  }
  const depths = DEPTHS.filter((d) => d + 20 <= count);
  if (depths.length === 0) depths.push(Math.max(1, Math.floor(count / 2)));
  const deepPages = [];
  for (const offset of depths) deepPages.push({ offset, cursor: await ourCursorAt(ourApiUrl, offset) });
  return { contributors, inferenceIds, models, datanets, window: analyticsWindow(span.lo, span.hi!), deepPages };
}
