import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keccak256, toBytes } from 'viem';
import { MemoryBlobStore, blobUri, decodeBlob, encodeBlob, hashOfBlobUri, loadBlob } from './blobs.ts';
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

test('bytes that hash correctly but are not canonical JSON are refused (NON_CANONICAL), canonical ones accepted', () => {
  const canonical = '{"a":1,"b":[0.5,"é"]}';
  const bytes = (s: string) => new TextEncoder().encode(s);
  assert.deepEqual(decodeBlob(bytes(canonical), keccak256(bytes(canonical)), 'blob'), { a: 1, b: [0.5, 'é'] });
  for (const variant of [
    '{"a":1, "b":[0.5,"é"]}', // whitespace
    '{"b":[0.5,"é"],"a":1}', // key order
    '{"a":1.0,"b":[0.5,"é"]}', // 1.0 for 1
    '{"a":1,"b":[5e-1,"é"]}', // exponent form
    '{"a":1,"b":[0.5,"\\u00e9"]}', // escaped é
    '{"a":0,"a":1,"b":[0.5,"é"]}', // duplicate key
    '{"a":12345678901234567890,"b":[]}', // an integer beyond float64
  ]) {
    assert.throws(
      () => decodeBlob(bytes(variant), keccak256(bytes(variant)), 'blob'),
      (e: AttributionError) => e.code === 'NON_CANONICAL' && e.message.startsWith('blob: expected canonical JSON'),
      variant,
    );
  }
  // A byte-order mark is kept, so the text does not parse; malformed UTF-8 neither.
  const bom = bytes('\uFEFF' + canonical);
  assert.throws(() => decodeBlob(bom, keccak256(bom), 'blob'), (e: AttributionError) => e.code === 'BAD_INPUT');
  assert.throws(() => decodeBlob(new Uint8Array([0xff, 0x7b]), keccak256(new Uint8Array([0xff, 0x7b])), 'blob'), (e: AttributionError) => e.code === 'BAD_INPUT');
  assert.throws(() => decodeBlob(bytes('{"w":1e999}'), keccak256(bytes('{"w":1e999}')), 'blob'), (e: AttributionError) => e.code === 'NON_FINITE' && e.message.includes('blob w'));
});

test('hash URIs name bytes, not places', () => {
  const hash = keccak256(toBytes('x'));
  assert.equal(blobUri(hash), `hash://keccak256/${hash.slice(2)}`);
  assert.equal(hashOfBlobUri(blobUri(hash)), hash);
  assert.equal(hashOfBlobUri('http://127.0.0.1:1234/blobs/' + hash), undefined);
});
