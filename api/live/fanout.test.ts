// The fan-out on a real Postgres: each notice is one statement per field with subscribers (none
// for a field without), the rows go to the subscribers whose filter takes them, a gap left by lost
// notices or a failed read is covered by the next notice, and a reader that does not read is
// dropped. The feed here reads block numbers with generate_series, so what arrives is checkable.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPool } from '../db.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../db/postgres.ts';
import type pg from 'pg';
import type { Queryable } from '../sql/page.ts';
import { Fanout, MAX_ROWS_PER_NOTICE, type Feed } from './fanout.ts';
import { MAX_QUEUED, type Subscriber } from './subscriber.ts';

let server: RunningPostgres;
let pool: pg.Pool;
const statements: string[] = [];
let db: Queryable;
const logs: string[] = [];

before(async () => {
  server = await startEmbeddedPostgres({ fast: true });
  pool = createPool(server.settings);
  db = { query: (sql, params) => (statements.push(sql), pool.query(sql, params)) as never };
});
after(async () => {
  await pool?.end();
  await server?.stop();
});

type N = { n: number };
let failNext = false;
const blocks: Feed<N> = {
  name: 'blocks',
  async load(q, { from, to }, limit) {
    if (failNext) {
      failNext = false;
      await q.query('SELECT no_such_column FROM pg_class', []);
    }
    return (await q.query('SELECT n FROM generate_series($1::int, $2::int) AS n LIMIT $3', [from, to, limit])).rows as unknown as N[];
  },
};
const unused: Feed<N> = { name: 'unused', load: async () => assert.fail('a field without subscribers is not read') };

/** The next `k` events of a subscriber (what follows them is checked by the next call). */
async function take(s: Subscriber<N>, k: number): Promise<number[]> {
  const got: number[] = [];
  for (let i = 0; i < k; i++) {
    const r = await s.next();
    assert.equal(r.done, false, `event ${i + 1} of ${k}`);
    got.push(r.value.n);
  }
  return got;
}

test('one statement per notice for all subscribers; filters in memory; gaps and failed reads covered by the next notice', async () => {
  const fanout = new Fanout(db, (_level, msg) => logs.push(msg));
  const all = fanout.subscribe(blocks, () => true);
  const even = fanout.subscribe(blocks, (r) => r.n % 2 === 0);
  const gone = fanout.subscribe(unused, () => true);
  await gone.return();
  statements.length = 0;

  await fanout.notify({ from: 1, to: 3 });
  assert.deepEqual([await take(all, 3), await take(even, 1)], [[1, 2, 3], [2]]);
  assert.equal(statements.length, 1, 'one read for two subscribers');

  await fanout.notify({ from: 7, to: 8 }); // notices of 4..6 were lost
  assert.deepEqual(await take(all, 5), [4, 5, 6, 7, 8]);
  await fanout.notify({ from: 8, to: 9 }); // a reorg of block 8: read again
  assert.deepEqual(await take(all, 2), [8, 9]);

  failNext = true;
  await fanout.notify({ from: 10, to: 11 });
  assert.ok(logs.includes('live fan-out read failed'));
  await fanout.notify({ from: 12, to: 12 });
  assert.deepEqual(await take(all, 3), [10, 11, 12], 'nothing from the failed read; its range comes with the next notice');
  assert.deepEqual(await take(even, 6), [4, 6, 8, 8, 10, 12]);
  assert.equal(statements.length, 5, 'one statement per notice');

  fanout.close();
  assert.deepEqual([await all.next(), await even.next()], [{ value: undefined, done: true }, { value: undefined, done: true }], 'nothing more');
});

test('at most MAX_ROWS_PER_NOTICE rows per notice; a subscriber that does not read is ended with an error', async () => {
  const fanout = new Fanout(db, (_level, msg) => logs.push(msg));
  const slow = fanout.subscribe(blocks, () => true);
  await fanout.notify({ from: 1, to: MAX_ROWS_PER_NOTICE + 5 });
  assert.ok(logs.includes('live fan-out: too many rows for one notice, the rest left out'));
  const got: number[] = [];
  await assert.rejects(async () => {
    for (;;) {
      const r = await slow.next();
      if (r.done) break;
      got.push(r.value.n);
    }
  }, new RegExp(`more than ${MAX_QUEUED} events waited to be read`));
  assert.deepEqual(got, Array.from({ length: MAX_QUEUED }, (_, i) => i + 1), 'the first events are read, then the error');
  assert.equal(slow.closed, true);
});
