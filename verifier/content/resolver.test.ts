import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { keccak256, toBytes, type Hex } from 'viem';
import { ContentClient } from '../../devnet/contentClient.ts';
import { startContentStore, type ContentStore } from '../../devnet/contentStore.ts';
import { BlobHashMismatchError, BlobUnavailableError, createBlobResolver } from './index.ts';

let store: ContentStore;
let empty: ContentStore;
let dir: string;
const servers: Server[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ol-resolver-'));
  store = await startContentStore({ dir });
  empty = await startContentStore({ dir: mkdtempSync(join(tmpdir(), 'ol-resolver-empty-')) });
});
after(async () => {
  await Promise.all([store.close(), empty.close(), ...servers.map((s) => new Promise((r) => s.close(r)))]);
});

/** A real HTTP server on loopback answering every request with `handler`. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

const missing = keccak256(toBytes('never stored anywhere'));

test('a blob put into the devnet content store resolves by hash over HTTP and from its folder as file://', async () => {
  const { hash } = await new ContentClient(store.url).putJson({ kind: 'test', rows: [1, 2, 3] });
  const expected = toBytes('{"kind":"test","rows":[1,2,3]}');
  const overHttp = await createBlobResolver({ stores: [store.url] }).get(hash);
  assert.deepEqual(overHttp, expected);
  const fromFolder = await createBlobResolver({ stores: [pathToFileURL(dir).href] }).get(hash);
  assert.deepEqual(fromFolder, expected);
  // Upper-case hex asks for the same blob.
  assert.deepEqual(await createBlobResolver({ stores: [store.url] }).get(hash.toUpperCase().replace('0X', '0x') as Hex), expected);
});

test('stores are asked in order: a store without the blob is skipped', async () => {
  const { hash } = await new ContentClient(store.url).putJson({ kind: 'test', order: true });
  const resolver = createBlobResolver({ stores: [empty.url, `${store.url}/`] });
  assert.equal(keccak256(await resolver.get(hash)), hash);
});

test('404 everywhere is a permanent BlobUnavailableError naming every place asked', async () => {
  const resolver = createBlobResolver({ stores: [store.url, pathToFileURL(dir).href] });
  const e = await resolver.get(missing).then(() => undefined, (x: unknown) => x);
  assert.ok(e instanceof BlobUnavailableError, String(e));
  assert.equal(e.code, 'BLOB_UNAVAILABLE');
  assert.equal(e.transient, false);
  assert.deepEqual(e.attempts.map((a) => a.outcome), ['not-found', 'not-found']);
  assert.ok(e.message.includes(missing) && e.message.includes('HTTP 404') && e.message.includes('no such file'), e.message);
});

test('connection refused, 5xx and timeouts are transient; one transient place makes the whole miss transient', async () => {
  const refused = await closedPort();
  const failing = await serve((_req, res) => {
    res.writeHead(503);
    res.end('busy');
  });
  const silent = await serve(() => {
    /* never answers */
  });
  for (const [stores, detail] of [
    [[refused], /request failed/],
    [[failing], /HTTP 503/],
    [[silent], /no answer within 200 ms/],
    [[empty.url, refused], /request failed/],
  ] as const) {
    const e = await createBlobResolver({ stores: [...stores], timeoutMs: 200 }).get(missing).then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof BlobUnavailableError, String(e));
    assert.equal(e.transient, true, e.message);
    assert.match(e.message, detail);
  }
});

test('bytes that do not hash to the asked hash are refused; another store with the right bytes wins', async () => {
  const honest = await new ContentClient(store.url).putJson({ kind: 'test', honest: true });
  const tamperedDir = mkdtempSync(join(tmpdir(), 'ol-resolver-tampered-'));
  const tampered = toBytes('{"kind":"test","honest":false}');
  writeFileSync(join(tamperedDir, honest.hash), tampered);
  const only = createBlobResolver({ stores: [pathToFileURL(tamperedDir).href] });
  const e = await only.get(honest.hash).then(() => undefined, (x: unknown) => x);
  assert.ok(e instanceof BlobHashMismatchError, String(e));
  assert.equal(e.code, 'BLOB_HASH_MISMATCH');
  assert.equal(e.expected, honest.hash);
  assert.equal(e.got, keccak256(tampered));
  const both = createBlobResolver({ stores: [pathToFileURL(tamperedDir).href, store.url] });
  assert.equal(keccak256(await both.get(honest.hash)), honest.hash);
});

test('ipfs:// hints go through the configured gateway; http hints only when allowed; file hints never', async () => {
  const bytes = toBytes('{"kind":"test","via":"ipfs"}');
  const hash = keccak256(bytes);
  const cid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
  const seen: string[] = [];
  const gateway = await serve((req, res) => {
    seen.push(req.url ?? '');
    if (req.url === `/ipfs/${cid}`) {
      res.writeHead(200);
      res.end(bytes);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  assert.deepEqual(await createBlobResolver({ stores: [], ipfsGateway: gateway }).get(hash, `ipfs://${cid}`), bytes);
  assert.deepEqual(seen, [`/ipfs/${cid}`]);
  // Without a gateway the ipfs hint names no place, and there is no store: permanent.
  const none = await createBlobResolver({ stores: [] }).get(hash, `ipfs://${cid}`).then(() => undefined, (x: unknown) => x);
  assert.ok(none instanceof BlobUnavailableError && none.transient === false && none.attempts.length === 0);
  // An http hint is ignored by default and followed when allowed.
  const url = `${gateway}/ipfs/${cid}`;
  await assert.rejects(createBlobResolver({ stores: [] }).get(hash, url), BlobUnavailableError);
  assert.deepEqual(await createBlobResolver({ stores: [], followUrlHints: true }).get(hash, url), bytes);
  // A file: hint is never read, whatever it points at.
  const local = mkdtempSync(join(tmpdir(), 'ol-resolver-hint-'));
  mkdirSync(local, { recursive: true });
  writeFileSync(join(local, hash), bytes);
  await assert.rejects(createBlobResolver({ stores: [], followUrlHints: true }).get(hash, pathToFileURL(join(local, hash)).href), BlobUnavailableError);
});

test('credentials in a store URL reach the store but never an error', async () => {
  let authorization: string | undefined;
  const guarded = await serve((req, res) => {
    authorization = req.headers.authorization;
    res.writeHead(500);
    res.end();
  });
  const secret = 's3cr3t-t0ken';
  const withCredentials = guarded.replace('http://', `http://reader:${secret}@`);
  const e = await createBlobResolver({ stores: [withCredentials] }).get(missing).then(() => undefined, (x: unknown) => x);
  assert.ok(e instanceof BlobUnavailableError);
  assert.equal(authorization, `Basic ${Buffer.from(`reader:${secret}`).toString('base64')}`);
  assert.ok(!e.message.includes(secret) && !JSON.stringify(e.details).includes(secret), e.message);
  assert.throws(() => createBlobResolver({ stores: [`ftp://user:${secret}@host/x`] }), (x: Error) => x.message.includes('ftp:') && !x.message.includes(secret));
});

test('bad options and bad hashes are clear errors', async () => {
  assert.throws(() => createBlobResolver({ stores: ['not a url'] }), /expected an http\(s\):\/\/ or file:\/\/\/ URL/);
  assert.throws(() => createBlobResolver({ stores: ['file://host/dir'] }), /no host/);
  assert.throws(() => createBlobResolver({ stores: [store.url], timeoutMs: 0 }), /positive/);
  const resolver = createBlobResolver({ stores: [store.url] });
  await assert.rejects(resolver.get('0x12' as Hex), /expected 0x followed by 64 hex digits, got "0x12"/);
});

test('a blob larger than maxBytes is refused without reading it all', async () => {
  const { hash } = await new ContentClient(store.url).putJson({ kind: 'test', big: 'x'.repeat(4096) });
  const e = await createBlobResolver({ stores: [store.url], maxBytes: 1024 }).get(hash).then(() => undefined, (x: unknown) => x);
  assert.ok(e instanceof BlobUnavailableError && e.transient === false, String(e));
  assert.match(e.message, /more than the 1024 bytes allowed/);
});
