// The processor SIGKILLed at random moments (a seeded RNG) while it catches up, and restarted on the
// same database each time: the final database must equal an uninterrupted run's, row for row.
// History: the devnet simulator's story with bulk rounds (~2,000 events per block), 40 lighter
// blocks, then two more bulk rounds: the first bulk blocks are caught up in large finalized batches,
// the last ones as hot blocks (devnet finality 32, one transaction per block), and kills land in
// both. Every finalized batch is a bulk load (BULK_LOAD_ROWS=1) and the catch-up defers its indexes
// (DEFER_INDEXES=always), so they stay dropped from the first batch to the hot blocks: kills land
// while they are, and the last life must build every declared index again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runOnce, startDevnet, type RunningDevnet } from '../../devnet/devnet.ts';
import { DEFAULT_OPTIONS } from '../../devnet/options.ts';
import { Random } from '../../devnet/simulator/random.ts';
import { bulkActivity } from '../../devnet/simulator/steps/bulk.ts';
import { ensureDatabase, settingsToUrl, startEmbeddedPostgres, withClient, type DbSettings, type RunningPostgres } from '../../db/postgres.ts';
import { deferredIndexes } from '../../indexer/batch/deferredIndexes.ts';
import { DEFAULT_STATE_SCHEMA } from '../../indexer/status.ts';
import { declaredIndexes, publicIndexes } from '../support/compare.ts';
import { indexedHeight, startIndexer, waitForHeight } from '../support/indexerProcess.ts';
import { assertSameRows, Cleanup, eventually, indexToHeight, tempRuntime, trackedIndexer } from '../support/indexerRuns.ts';

const SEED = 20_240_601;
const KILLS = 5;
const cleanup = new Cleanup();
let pg: RunningPostgres;
let devnet: RunningDevnet;
let env: Record<string, string>;
let top: number;

const head = async () => Number(await devnet.client.publicClient.getBlockNumber({ cacheTime: 0 }));
const nudge = () => devnet.client.mine();

before(async () => {
  // devnet defaults: ws, finality 32
  env = { OPENLEDGER_RUNTIME_DIR: tempRuntime(cleanup, 'kills'), BULK_LOAD_ROWS: '1', DEFER_INDEXES: 'always' };
  [pg, devnet] = await Promise.all([
    cleanup.track(startEmbeddedPostgres({ fast: true }), (p) => p.stop()),
    cleanup.track(startDevnet({ ...DEFAULT_OPTIONS, seed: 3, once: true, scale: 3 }), (d) => d.stop()),
  ]);
  devnet.world.log = () => {};
  await runOnce(devnet);
  const rng = new Random(SEED).fork('tail');
  const { actors } = devnet.world;
  const receivers = [...actors.contributors, ...actors.users];
  for (let i = 0; i < 40; i++) {
    if (i % 4 === 3) await devnet.client.send(rng.pick(actors.voters), 'GOPEN', 'deposit', [], { value: BigInt(rng.int(1, 10 ** 6)) });
    else await devnet.client.send(actors.deployer, 'OPEN', 'transfer', [rng.pick(receivers), BigInt(rng.int(1, 10 ** 9))]);
  }
  await bulkActivity(devnet.world, 2);
  top = await head();
});

after(() => cleanup.run());

interface Kill {
  life: number;
  /** ms after start (life 0) or after the life's first commit (the others) */
  delayMs: number;
  heightBefore: number;
  heightAtKill: number;
  /** how far the life got: 'start-up', 'migrated' or 'indexing' (it had logged a batch) */
  stage: string;
  /** indexes recorded as deferred when it died */
  deferredAtKill: number;
  signal: NodeJS.Signals | null;
}

const stageOf = (lines: string[]) =>
  lines.some((l) => l.includes('"msg":"batch"')) ? 'indexing' : lines.some((l) => l.includes('migrations applied')) ? 'migrated' : 'start-up';

/**
 * Runs one life of the processor on `db` and SIGKILLs it. Life 0 dies at a random moment after
 * start (start-up, migrations, the first batches); the others once they have committed something
 * of their own, after a random delay, so that they die mid-catch-up rather than before they start.
 */
async function killedLife(db: DbSettings, life: number, rng: Random): Promise<Kill> {
  const heightBefore = await indexedHeight(db);
  const indexer = startIndexer({ ...env, DATABASE_URL: settingsToUrl(db) });
  try {
    const delayMs = life === 0 ? rng.int(300, 2500) : rng.int(0, 600);
    if (life > 0) {
      let lastProgress = Date.now();
      await eventually(`life ${life} commits past block ${heightBefore}`, async () => {
        if (indexer.child.exitCode !== null) throw new Error(`life ${life} exited with ${indexer.child.exitCode}:\n${indexer.lines.slice(-20).join('\n')}`);
        if ((await indexedHeight(db)) > heightBefore) return true;
        if (Date.now() - lastProgress > 1000) {
          await nudge(); // the hot tail waits for a new head over ws
          lastProgress = Date.now();
        }
        return false;
      }, 60_000);
    }
    await new Promise((r) => setTimeout(r, delayMs));
    await indexer.kill();
    const deferredAtKill = (await withClient(db, (c) => deferredIndexes(c, DEFAULT_STATE_SCHEMA))).length;
    return { life, delayMs, heightBefore, heightAtKill: await indexedHeight(db), stage: stageOf(indexer.lines), signal: indexer.child.signalCode, deferredAtKill };
  } finally {
    await indexer.kill();
  }
}

test(`killed ${KILLS} times at random moments and restarted, the processor ends with the database of an uninterrupted run`, async (t) => {
  const rng = new Random(SEED);
  const killed = await ensureDatabase(pg.settings, 'killed');
  const kills: Kill[] = [];
  for (let life = 0; life < KILLS; life++) kills.push(await killedLife(killed, life, rng));
  for (const k of kills) {
    t.diagnostic(`life ${k.life}: killed ${k.delayMs} ms in (${k.stage}), indexed ${k.heightBefore} -> ${k.heightAtKill} of ${top}, ${k.deferredAtKill} indexes deferred`);
  }

  assert.deepEqual(kills.map((k) => k.signal), kills.map(() => 'SIGKILL'), 'every life was running until SIGKILL (none crashed or finished)');
  const midway = kills.filter((k) => k.heightAtKill < top).length;
  assert.ok(midway >= 3, `at least 3 of ${KILLS} kills land before the head is indexed (got ${midway}): the history is too short to test kills mid-catch-up`);
  assert.ok(kills.some((k) => k.deferredAtKill > 0), 'at least one kill lands while the catch-up has its indexes dropped');

  // The last life runs to the head; then an uninterrupted run indexes a second database.
  const last = trackedIndexer(cleanup, { ...env, DATABASE_URL: settingsToUrl(killed) });
  await waitForHeight(killed, top, { indexer: last, timeoutMs: 90_000, nudge });
  const reference = await indexToHeight(pg.settings, 'uninterrupted', await head(), { env, nudge });
  await waitForHeight(killed, await head(), { indexer: last, timeoutMs: 30_000 });
  await eventually('the last life builds the deferred indexes', async () =>
    (await withClient(killed, (c) => deferredIndexes(c, DEFAULT_STATE_SCHEMA))).length === 0);
  await last.stop();
  await assertSameRows(killed, reference, 'killed and restarted vs uninterrupted');
  assert.deepEqual(await publicIndexes(killed), await declaredIndexes(pg.settings), 'every index the migrations declare exists again');
});
