// The hourly bond cap against a real Postgres with the verifier's own migrations: under a cap of
// 2.5 OPEN and bonds of 1 OPEN, two challenges are signed and the third waits with a reason naming
// the amounts; another account's bonds do not count; once an intent was signed more than an hour
// ago it no longer counts and the third may go. The expectations are the test's own arithmetic.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { parseEther } from 'viem';
import { startEmbeddedPostgres, withClient, type RunningPostgres } from '../../db/postgres.ts';
import { migrateVerifier } from '../db/migrate.ts';
import { checkBondCap } from './bondCap.ts';

const ACCOUNT = '0x00000000000000000000000000000000000000A1';
const OTHER = '0x00000000000000000000000000000000000000b2';
const BOND = parseEther('1');
const CAP = parseEther('2.5');

let server: RunningPostgres;
let pool: pg.Pool;

before(async () => {
  server = await startEmbeddedPostgres({ fast: true });
  await withClient(server.settings, migrateVerifier);
  pool = new pg.Pool({ ...server.settings, max: 2 });
});

after(async () => {
  await pool?.end();
  await server?.stop();
});

/** A DISPUTE verdict and its pending intent, as the verdict writer leaves them. */
async function dispute(id: number): Promise<void> {
  await pool.query(
    `INSERT INTO verifier.verification (inference_id, verdict, tolerance, duration_ms, engine_version) VALUES ($1, 'DISPUTE', 0.01, 1, 'test')`,
    [id],
  );
  await pool.query(`INSERT INTO verifier.challenge_intent (inference_id, state, evidence_hash, evidence_uri) VALUES ($1, 'pending', '0x00', 'ipfs://x')`, [id]);
}

/** What the challenger records when it signs: account (lower case), bond, signed_at. */
async function signed(id: number, account: string, bond: bigint, ago = '0 seconds'): Promise<void> {
  await pool.query(
    `UPDATE verifier.challenge_intent SET state = 'signed', account = $2, bond = $3, signed_at = now() - $4::interval WHERE inference_id = $1`,
    [id, account.toLowerCase(), bond.toString(), ago],
  );
}

test('2.5 OPEN per hour: two bonds of 1 OPEN pass, the third waits naming the amounts, an hour later it goes', async () => {
  for (const id of [1, 2, 3, 4]) await dispute(id);

  const first = await checkBondCap(pool, ACCOUNT, BOND, CAP);
  assert.deepEqual(first, { ok: true, spentWei: 0n });
  await signed(1, ACCOUNT, BOND);

  const second = await checkBondCap(pool, ACCOUNT, BOND, CAP);
  assert.deepEqual(second, { ok: true, spentWei: BOND });
  await signed(2, ACCOUNT, BOND);

  // Another account's bonds are not this account's spending.
  await signed(4, OTHER, parseEther('50'));

  const third = await checkBondCap(pool, ACCOUNT, BOND, CAP);
  assert.equal(third.ok, false);
  assert.equal(third.spentWei, 2n * BOND);
  if (!third.ok) {
    assert.equal(
      third.reason,
      'hourly bond cap: 2 OPEN (2000000000000000000 wei) signed in the last hour, another bond of 1 OPEN (1000000000000000000 wei) ' +
        'would pass the cap of 2.5 OPEN (2500000000000000000 wei) per hour',
    );
  }
  // The account is matched whatever its case (the challenger stores it lower case).
  assert.equal((await checkBondCap(pool, ACCOUNT.toLowerCase(), BOND, CAP)).ok, false);

  // The first bond was signed 61 minutes ago: only the second counts now.
  await pool.query(`UPDATE verifier.challenge_intent SET signed_at = now() - interval '61 minutes' WHERE inference_id = 1`);
  const later = await checkBondCap(pool, ACCOUNT, BOND, CAP);
  assert.deepEqual(later, { ok: true, spentWei: BOND });
  await signed(3, ACCOUNT, BOND);

  // 59 minutes is still inside the hour: bonds 2 (59 minutes ago) and 3 (now) count, so a fourth waits.
  await pool.query(`UPDATE verifier.challenge_intent SET signed_at = now() - interval '59 minutes' WHERE inference_id = 2`);
  const fourth = await checkBondCap(pool, ACCOUNT, BOND, CAP);
  assert.equal(fourth.ok, false);
  assert.equal(fourth.spentWei, 2n * BOND);

  // A bond exactly filling the cap passes: 2 + 0.5 = 2.5.
  assert.deepEqual(await checkBondCap(pool, ACCOUNT, parseEther('0.5'), CAP), { ok: true, spentWei: 2n * BOND });
});
