// Model handlers on an in-memory batch: a model with its datanets, versions, fee, adapters and
// attribution methods; a model naming a datanet twice or an unknown one quarantined.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from 'viem';
import * as M from '../../db/model/index.ts';
import { hash32 } from '../../test/support/hash32.ts';
import { runInMemory } from '../../test/support/inMemoryBatch.ts';

const OWNER = '0x00000000000000000000000000000000000a11ce';
/** bytes32 left-aligned, as the contracts store a method name */
const METHOD = toHex('tracin-mlp/1', { size: 32 });

test('model registered with its datanets, then versions, fee, adapter and method', async () => {
  const datanets = [1n, 2n].map((n) => new M.Datanet({ id: String(n), owner: OWNER }));
  const register = (modelId: bigint, datanetIds: bigint[]) => ({
    family: 'ModelFactory' as const, event: 'ModelRegistered',
    args: { modelId, owner: OWNER, attributionMethod: METHOD, name: `model ${modelId}`, datanetIds, feePerInference: 1000n },
  });
  const { batch, rejected } = await runInMemory([
    [register(1n, [1n, 2n]), register(2n, [1n, 1n]), register(3n, [4n])],
    [
      { family: 'ModelFactory', event: 'ModelVersionPublished', args: { modelId: 1n, version: 1n, manifestHash: hash32(1), manifestURI: 'blob://1' } },
      { family: 'ModelFactory', event: 'ModelVersionPublished', args: { modelId: 1n, version: 2n, manifestHash: hash32(2), manifestURI: 'blob://2' } },
      { family: 'ModelFactory', event: 'ModelFeeSet', args: { modelId: 1n, feePerInference: 2500n } },
      { family: 'ModelFactory', event: 'AdapterRegistered', args: { adapterId: 5n, baseModelId: 1n, owner: OWNER, baseVersion: 2, adapterHash: hash32(3), uri: 'blob://a' } },
      { family: 'ModelFactory', event: 'AttributionMethodSet', args: { method: METHOD, allowed: true } },
    ],
  ], datanets);
  const m = batch.models.get('1')!;
  assert.deepEqual([m.versionCount, m.feePerInference, m.adapterCount, m.attributionMethodName], [2n, 2500n, 1, 'tracin-mlp/1']);
  assert.deepEqual(m.datanetIds, ['1', '2']);
  assert.deepEqual(batch.staged(M.ModelDatanet).map((r) => r.id), ['1-1', '1-2']);
  assert.deepEqual(batch.staged(M.ModelVersion).map((v) => v.id), ['1-1', '1-2']);
  assert.deepEqual(batch.staged(M.Adapter).map((a) => [a.id, a.baseModel.id, a.baseVersion]), [['5', '1', 2n]]);
  assert.deepEqual(batch.staged(M.AttributionMethod).map((a) => [a.name, a.allowed]), [['tracin-mlp/1', true]]);
  assert.deepEqual([...rejected.values()], ['datanet 1 is listed twice', 'Datanet 4 does not exist']);
  assert.equal(batch.models.get('2'), undefined);
});
