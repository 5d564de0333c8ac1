import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { keccak256, toBytes } from 'viem';
import { decodeBlob } from '../verifier/attribution/index.ts';
import { ContentClient } from './contentClient.ts';
import { type ContentStore, startContentStore } from './contentStore.ts';

let store: ContentStore;
let client: ContentClient;
before(async () => {
  store = await startContentStore({ dir: mkdtempSync(join(tmpdir(), 'ol-store-')) });
  client = new ContentClient(store.url);
});
after(() => store.close());

test('a blob put by hash is served back byte for byte', async () => {
  const { hash, uri } = await client.putJson({ kind: 'test', n: [1, 2] });
  assert.equal(uri, `hash://keccak256/${hash.slice(2)}`);
  const bytes = await client.get(hash);
  assert.deepEqual(decodeBlob(bytes, hash, 'test'), { kind: 'test', n: [1, 2] });
  const health = await (await fetch(`${store.url}/health`)).json();
  assert.equal(health.status, 'ok');
  assert.ok(health.blobs >= 1);
});

test('an upload whose bytes do not match the claimed hash is refused and not stored', async () => {
  const claimed = keccak256(toBytes('honest'));
  const res = await fetch(`${store.url}/blobs/${claimed}`, { method: 'PUT', body: 'tampered' });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /expected 0x[0-9a-f]{64}, got 0x[0-9a-f]{64}/);
  assert.equal((await fetch(`${store.url}/blobs/${claimed}`)).status, 404);
});

test('POST stores under the computed hash; malformed hashes and unknown routes are clear errors', async () => {
  const res = await fetch(`${store.url}/blobs`, { method: 'POST', body: 'abc' });
  assert.equal(res.status, 201);
  assert.equal((await res.json()).hash, keccak256(toBytes('abc')));
  const bad = await fetch(`${store.url}/blobs/0x12`);
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /64 hex digits/);
  assert.equal((await fetch(`${store.url}/nope`)).status, 404);
});
