// Bridge handlers on an in-memory batch: each OFT event is one BridgeTransfer row with its direction,
// remote endpoint and amounts as emitted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as M from '../../db/model/index.ts';
import { addressOf, runInMemory } from '../../test/support/inMemoryBatch.ts';

const GUID = `0x${'ab'.repeat(32)}`;
const USER = '0x00000000000000000000000000000000000a11ce';

test('OFTSent and OFTReceived become BridgeTransfer rows', async () => {
  const { batch } = await runInMemory([[
    { family: 'OFT', event: 'OFTSent', args: { guid: GUID, dstEid: 30102, fromAddress: USER, amountSentLD: 10n ** 18n, amountReceivedLD: 10n ** 18n - 7n } },
    { family: 'OFT', event: 'OFTReceived', args: { guid: GUID, srcEid: 30101, toAddress: USER, amountReceivedLD: 5n } },
  ]]);
  const rows = batch.staged(M.BridgeTransfer);
  assert.deepEqual(rows.map((r) => [r.direction, r.remoteEid, r.account, r.amountSent, r.amountReceived, r.contractAddress, r.guid]), [
    [M.BridgeDirection.SENT, 30102n, USER, 10n ** 18n, 10n ** 18n - 7n, addressOf('OFT'), GUID],
    [M.BridgeDirection.RECEIVED, 30101n, USER, null, 5n, addressOf('OFT'), GUID],
  ]);
});
