import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keccak256, toBytes } from 'viem';
import { MemoryBlobStore, decodeBlob, encodeBlob, loadBlob } from './blobs.ts';
import { canonicalHash, canonicalJson } from './canonical.ts';
import { AttributionError } from './errors.ts';

test('canonical JSON sorts keys, drops undefined, prints numbers the ECMAScript way', () => {
  const text = canonicalJson({ b: [1, 0.1, 1e-7, -0, 2 ** 60], a: { z: 1n, y: 'é"' }, c: undefined, d: new Float32Array([0.5]) });
  assert.equal(text, '{"a":{"y":"é\\"","z":"1"},"b":[1,0.1,1e-7,0,1152921504606847000],"d":[0.5]}');
  assert.equal(canonicalHash({ x: 1, y: 2 }), canonicalHash({ y: 2, x: 1 }));
  assert.equal(canonicalHash({ x: 1 }), keccak256(toBytes('{"x":1}')));
});

test('canonical JSON refuses NaN and Infinity with the path', () => {
  assert.throws(() => canonicalJson({ w: [1, Number.NaN] }), (e: AttributionError) => e.code === 'NON_FINITE' && e.message.startsWith('$.w[1]'));
  assert.throws(() => canonicalJson({ w: Infinity }), (e: AttributionError) => e.code === 'NON_FINITE');
});

test('blobs round-trip and a tampered blob is refused before parsing', async () => {
  const store = new MemoryBlobStore();
  const hash = store.put({ kind: 'x', v: [1, 2, 3] });
  assert.deepEqual(await loadBlob(store, hash, 'x'), { kind: 'x', v: [1, 2, 3] });
  const { bytes } = encodeBlob({ kind: 'x', v: [1, 2, 3] });
  const tampered = bytes.slice();
  tampered[tampered.length - 3] = '4'.charCodeAt(0);
  assert.throws(
    () => decodeBlob(tampered, hash, 'checkpoint 0'),
    (e: AttributionError) => e.code === 'BLOB_HASH_MISMATCH' && e.message.includes('checkpoint 0 hash') && e.message.includes(hash),
  );
});
