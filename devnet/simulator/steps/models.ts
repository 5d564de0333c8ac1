import { buildNgramModel, encodeBlob, initBackend, methodId, type ModelManifest, TABULAR_ROWS, type TabularRows, trainMlp } from '../../../verifier/attribution/index.ts';
import { eventsOf } from '../../client.ts';
import type { ContentClient } from '../../contentClient.ts';
import { gradientAttributor, ngramAttributor } from '../attributors.ts';
import { OPEN, datanetOf, type Attributor, type Datanet, type Model, type World } from '../world.ts';
import { CLASSES, FEATURES } from './datanets.ts';


function latestVersion(d: Datanet) {
  const v = d.versions.at(-1);
  if (!v) throw new Error(`simulator: datanet ${d.id} has no published version to train on`);
  return { ...v, contributions: d.contributions.filter((c) => v.contributionIds.includes(c.id)).sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

/**
 * Trains the MLP on the tabular datanet's latest version and stores every blob.
 * The manifest names blobs by hash only, so it does not depend on the store's address.
 */
export async function gradientManifest(store: ContentClient, d: Datanet, seeds: { initSeed: number; shuffleSeed: number }): Promise<ModelManifest> {
  const v = latestVersion(d);
  const rows: TabularRows = {
    kind: TABULAR_ROWS,
    datanetId: d.id.toString(),
    version: v.version,
    featureCount: FEATURES,
    classCount: CLASSES,
    rows: v.contributions.flatMap((c) => c.rows!.map((r) => ({ contributionId: c.id.toString(), features: r.features, label: r.label }))),
  };
  const trained = await trainMlp({
    name: 'vitals-triage',
    layerSizes: [FEATURES, 16, CLASSES],
    datanets: [{ rows, root: v.root }],
    epochs: 3,
    batchSize: 16,
    learningRate: 0.05,
    learningRateDecay: 0.7,
    ...seeds,
  });
  for (const b of trained.blobs) await store.putBytes(b.bytes, b.hash);
  return trained.manifest;
}

/** Builds the n-gram model (Markov LM + corpus) on the text datanet's latest version; blobs by hash, as above. */
export async function textManifest(store: ContentClient, d: Datanet): Promise<ModelManifest> {
  const v = latestVersion(d);
  const pending: ReturnType<typeof encodeBlob>[] = [];
  const { manifest } = buildNgramModel({
    name: 'field-notes-lm',
    datanets: [{ datanetId: d.id.toString(), version: v.version, root: v.root, documents: v.contributions.flatMap((c) => c.documents!.map((text) => ({ contributionId: c.id.toString(), text }))) }],
    store: { put: (value) => (pending.push(encodeBlob(value)), pending.at(-1)!.hash) },
  });
  for (const b of pending) await store.putBytes(b.bytes, b.hash);
  return manifest;
}

async function register(w: World, name: string, method: 'gradient' | 'ngram', d: Datanet, manifest: ModelManifest, fee: bigint, attributor: (m: ModelManifest) => Promise<Attributor>): Promise<Model> {
  const { send } = w.client;
  const owner = w.actors.modelOwner;
  const res = await send(owner, 'ModelFactory', 'registerModel', [name, methodId(manifest.method), [d.id], fee]);
  const id = eventsOf(res, 'ModelFactory', 'ModelRegistered')[0]!.modelId as bigint;
  const stored = await w.store.putJson(manifest);
  await send(owner, 'ModelFactory', 'publishVersion', [id, stored.hash, stored.uri]);
  const model: Model = { id, method, version: 1, manifest, manifestHash: stored.hash, fee, datanet: d, attributor: await attributor(manifest) };
  w.models.push(model);
  w.log('model published', { model: id.toString(), method: manifest.method, manifest: stored.hash });
  return model;
}

/** Model owners train and publish both models, adjust a fee, and register a LoRA adapter. */
export async function publishModels(w: World): Promise<void> {
  const backend = await initBackend();
  w.log('attribution backend', { backend: backend.name, skipped: backend.skipped });
  const tabular = datanetOf(w, 'tabular');
  const text = datanetOf(w, 'text');
  const gradient = await register(w, 'Vitals triage', 'gradient', tabular, await gradientManifest(w.store, tabular, { initSeed: w.rng.int(1, 2 ** 30), shuffleSeed: w.rng.int(1, 2 ** 30) }), OPEN / 100n, (m) => gradientAttributor(m as never, w.store));
  await register(w, 'Field notes LM', 'ngram', text, await textManifest(w.store, text), OPEN / 50n, (m) => ngramAttributor(m as never, w.store));
  gradient.fee = OPEN / 80n;
  await w.client.send(w.actors.modelOwner, 'ModelFactory', 'setFee', [gradient.id, gradient.fee]);
  const adapter = await w.store.putJson({ kind: 'openledger-squid/lora-adapter', baseModel: gradient.id.toString(), baseVersion: 1, rank: 2, note: 'night-shift calibration' });
  await w.client.send(w.actors.contributors[0], 'ModelFactory', 'registerAdapter', [gradient.id, 1, adapter.hash, adapter.uri]);
}
