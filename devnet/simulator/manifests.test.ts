import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Address } from 'viem';
import { contributionLeaf, merkleRoot } from '../../contracts/merkle.ts';
import {
  attributeGradient,
  attributeNgram,
  canonicalHash,
  contributionBlob,
  initBackend,
  syntheticRows,
  type GradientManifest,
  type ModelManifest,
  type NgramManifest,
} from '../../verifier/attribution/index.ts';
import { createBlobResolver } from '../../verifier/content/index.ts';
import { ContentClient } from '../contentClient.ts';
import { startContentStore, type ContentStore } from '../contentStore.ts';
import { TOPIC_NAMES, fieldNote } from './corpus.ts';
import { Random } from './random.ts';
import { CLASSES, FEATURES } from './steps/datanets.ts';
import { gradientManifest, textManifest } from './steps/models.ts';
import type { Contribution, Datanet } from './world.ts';

const CONTRIBUTOR: Address = '0x000000000000000000000000000000000000c0de';
const stores: { store: ContentStore; client: ContentClient; dir: string }[] = [];

before(async () => {
  await initBackend(['wasm']);
  for (let i = 0; i < 2; i++) {
    const dir = mkdtempSync(join(tmpdir(), `ol-manifests-${i}-`));
    const store = await startContentStore({ dir });
    stores.push({ store, client: new ContentClient(store.url), dir });
  }
  assert.notEqual(stores[0]!.store.url, stores[1]!.store.url);
});
after(() => Promise.all(stores.map((s) => s.store.close())));

/** A datanet as the devnet builds it: contribution blobs uploaded through `client`, version 1 over all of them. */
async function datanet(client: ContentClient, id: bigint, drafts: Pick<Contribution, 'rows' | 'documents'>[]): Promise<Datanet> {
  const contributions: Contribution[] = [];
  for (const [i, d] of drafts.entries()) {
    const { hash, uri } = await client.putJson(contributionBlob(id.toString(), d.rows ? { rows: d.rows } : { documents: d.documents! }));
    contributions.push({ id: BigInt(10 + i), contributor: CONTRIBUTOR, contentHash: hash, uri, status: 'approved', ...d });
  }
  const root = merkleRoot(contributions.map((c) => contributionLeaf(c.id, c.contentHash)));
  return { id, kind: drafts[0]!.rows ? 'tabular' : 'text', owner: CONTRIBUTOR, contributions, versions: [{ version: 1, root, contributionIds: contributions.map((c) => c.id) }] };
}

function drafts(seed: number) {
  const rows = syntheticRows({ datanetId: 'draft', contributions: 3, rowsPerContribution: 12, featureCount: FEATURES, classCount: CLASSES, seed });
  const tabular = [1, 2, 3].map((c) => ({ rows: rows.rows.filter((r) => r.contributionId === String(c)).map((r) => ({ features: r.features, label: r.label })) }));
  const rng = new Random(seed);
  const text = TOPIC_NAMES.slice(0, 3).map((topic) => ({ documents: [fieldNote(rng, topic, 4), fieldNote(rng, topic, 3)] }));
  return { tabular, text };
}

/** Both models of the devnet, published through one content store. */
async function publishThrough(client: ContentClient): Promise<ModelManifest[]> {
  const { tabular, text } = drafts(5);
  return [
    await gradientManifest(client, await datanet(client, 1n, tabular), { initSeed: 7, shuffleSeed: 8 }),
    await textManifest(client, await datanet(client, 2n, text)),
  ];
}

test('the same inputs through content stores on different ports give identical manifests, naming no location', async () => {
  const [a, b] = [await publishThrough(stores[0]!.client), await publishThrough(stores[1]!.client)];
  assert.deepEqual(a.map(canonicalHash), b.map(canonicalHash));
  for (const m of [...a, ...b]) {
    const text = JSON.stringify(m);
    for (const s of stores) assert.ok(!text.includes(s.store.url) && !text.includes('127.0.0.1'), text.slice(0, 200));
    assert.ok(!text.includes('"uri"'), 'manifest references carry no URI');
  }
  // On-chain URIs written by the devnet are hash URIs too.
  const { uri, hash } = await stores[0]!.client.putJson({ kind: 'test' });
  assert.equal(uri, `hash://keccak256/${hash.slice(2)}`);
});

test('every reference of a manifest published through one store resolves by hash through the other store, over HTTP and from its folder', async () => {
  const [gradient, ngram] = await publishThrough(stores[0]!.client);
  await publishThrough(stores[1]!.client);
  for (const spec of [stores[1]!.store.url, pathToFileURL(stores[1]!.dir).href]) {
    const source = createBlobResolver({ stores: [spec] });
    const g = await attributeGradient({ manifest: gradient as GradientManifest, source, inputs: [{ features: Array.from({ length: FEATURES }, (_, i) => i / 10), label: 1 }] });
    assert.equal(g.shares[0]!.ppb.reduce((x, y) => x + y, 0), 1_000_000_000);
    const [shares] = await attributeNgram({ manifest: ngram as NgramManifest, source, outputs: ['the tide came in'] });
    assert.equal(shares!.ppb.reduce((x, y) => x + y, 0), 1_000_000_000);
  }
});
