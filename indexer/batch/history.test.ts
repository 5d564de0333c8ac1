// History rows of entities the batch itself creates: nothing in the database to close, so collecting
// them reads nothing (here: no database at all); an entity the database holds is closed there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as M from '../../db/model/index.ts';
import { runInMemory } from '../../test/support/inMemoryBatch.ts';
import { ZERO_ADDRESS } from '../handlers/common.ts';
import type { StoreAccess } from './storeAccess.ts';

const ALICE = '0x00000000000000000000000000000000000a11ce';
const BOB = '0x0000000000000000000000000000000000000b0b';
const mint = (to: string, value: bigint) => ({ family: 'OPEN' as const, event: 'Transfer', args: { from: ZERO_ADDRESS, to, value } });

test('an account the batch creates needs no read of its history; one the database holds does', async () => {
  const { batch } = await runInMemory([[mint(ALICE, 1n)], [mint(ALICE, 2n)]]);
  const noDatabase = {} as StoreAccess;
  const rows = await batch.accountHistory.collect(noDatabase);
  assert.deepEqual(rows.upserts, []);
  assert.deepEqual(rows.inserts.map((h) => [h.validFromBlock, h.validToBlock, h.openBalance]), [[100, 101, 1n], [101, null, 3n]]);

  const bob = new M.Account({ id: BOB, openBalance: 5n, wopenBalance: 0n, gopenBalance: 0n, votingPower: 0n, delegate: null });
  const existing = await runInMemory([[mint(BOB, 1n)]], [bob]);
  await assert.rejects(existing.batch.accountHistory.collect(noDatabase), TypeError, 'the row open in the database must be read to be closed');
});
