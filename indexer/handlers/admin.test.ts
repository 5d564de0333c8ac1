// Admin handlers on an in-memory batch: roles granted and revoked (named when known), the treasury
// of a contract, settings as ParameterChange rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keccak256, toHex } from 'viem';
import * as M from '../../db/model/index.ts';
import { addressOf, runInMemory } from '../../test/support/inMemoryBatch.ts';

const ACCOUNT = '0x00000000000000000000000000000000000a11ce';
const TREASURY = '0x0000000000000000000000000000000000007ea5';

test('roles, treasury and parameter changes', async () => {
  const engine = addressOf('AttributionEngine');
  const contract = new M.Contract({ id: engine, name: 'AttributionEngine', treasury: null, eventCount: 3 });
  const slasher = keccak256(toHex('SLASHER_ROLE'));
  const other = keccak256(toHex('SOMETHING_ELSE'));
  const { batch } = await runInMemory([[
    { family: 'AttributionEngine', event: 'RoleGranted', args: { role: slasher, account: ACCOUNT, sender: ACCOUNT } },
    { family: 'AttributionEngine', event: 'RoleGranted', args: { role: other, account: ACCOUNT, sender: ACCOUNT } },
    { family: 'AttributionEngine', event: 'RoleRevoked', args: { role: slasher, account: ACCOUNT, sender: ACCOUNT } },
    { family: 'AttributionEngine', event: 'TreasurySet', args: { treasury: TREASURY } },
    { family: 'AttributionEngine', event: 'FeeSplitSet', args: { protocolBps: 500, modelOwnerBps: 2000 } },
  ]], [contract]);
  const roles = batch.staged(M.RoleMembership).map((r) => [r.role, r.roleName, r.active]);
  assert.deepEqual(roles, [[slasher, 'SLASHER_ROLE', false], [other, null, true]], 'the last event per role wins');
  assert.equal(batch.contracts.get(engine)!.treasury, TREASURY);
  const changes = batch.staged(M.ParameterChange);
  assert.deepEqual(changes.map((c) => [c.event, c.args]), [['TreasurySet', { treasury: TREASURY }], ['FeeSplitSet', { protocolBps: 500, modelOwnerBps: 2000 }]]);
});
