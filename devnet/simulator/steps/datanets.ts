import type { Address, Hex } from 'viem';
import { contributionLeaf, merkleRoot } from '../../../contracts/merkle.ts';
import { contributionBlob, syntheticRows } from '../../../verifier/attribution/index.ts';
import { eventsOf } from '../../client.ts';
import { TOPIC_NAMES, fieldNote } from '../corpus.ts';
import type { Contribution, Datanet, DatanetKind, World } from '../world.ts';

export const FEATURES = 8;
export const CLASSES = 4;

/** What a contributor submits: the blob the content hash commits to. */
interface Draft {
  contributor: Address;
  rows?: { features: number[]; label: number }[];
  documents?: string[];
}

/** Creates a datanet (paying the creation fee) and returns its id. */
async function createDatanet(w: World, owner: Address, kind: DatanetKind, name: string): Promise<Datanet> {
  const meta = await w.store.putJson({ kind: 'openledger-squid/datanet-metadata', name, dataKind: kind, license: 'CC-BY-4.0' });
  const res = await w.client.send(owner, 'DatanetFactory', 'createDatanet', [name, meta.uri], { value: w.client.deployment.params.datanetCreationFee });
  const id = eventsOf(res, 'DatanetFactory', 'DatanetCreated')[0]!.datanetId as bigint;
  const datanet: Datanet = { id, kind, owner, contributions: [], versions: [] };
  w.datanets[kind] = datanet;
  return datanet;
}

/** Uploads each draft's blob and submits them: the first alone, the rest in one batch call. */
async function submit(w: World, datanet: Datanet, drafts: Draft[]): Promise<Contribution[]> {
  const blobs: { hash: Hex; uri: string }[] = [];
  for (const d of drafts) {
    // The blob a model's datanet rows are checked against (docs/attribution.md, "Datanet rows and the version's Merkle root").
    blobs.push(await w.store.putJson(contributionBlob(datanet.id.toString(), d.rows ? { rows: d.rows } : { documents: d.documents! })));
  }
  const rowCounts = drafts.map((d) => d.rows?.length ?? d.documents!.length);
  const ids: bigint[] = [];
  const [first, ...rest] = drafts;
  if (first) {
    const res = await w.client.send(first.contributor, 'DatanetFactory', 'submitContribution', [datanet.id, blobs[0]!.hash, blobs[0]!.uri, rowCounts[0]!]);
    ids.push(...eventsOf(res, 'DatanetFactory', 'ContributionSubmitted').map((e) => e.contributionId as bigint));
  }
  // A batch is sent by one account: each contributor submits its own drafts together.
  for (const contributor of new Set(rest.map((d) => d.contributor))) {
    const mine = rest.map((d, i) => ({ d, i: i + 1 })).filter((x) => x.d.contributor === contributor);
    const res = await w.client.send(contributor, 'DatanetFactory', 'submitContributions', [
      datanet.id,
      mine.map((x) => blobs[x.i]!.hash),
      mine.map((x) => blobs[x.i]!.uri),
      mine.map((x) => rowCounts[x.i]!),
    ]);
    const got = eventsOf(res, 'DatanetFactory', 'ContributionSubmitted').map((e) => e.contributionId as bigint);
    mine.forEach((x, k) => (ids[x.i] = got[k]!));
  }
  return drafts.map((d, i) => {
    const c: Contribution = { id: ids[i]!, contributor: d.contributor, contentHash: blobs[i]!.hash, uri: blobs[i]!.uri, status: 'pending', rows: d.rows, documents: d.documents };
    datanet.contributions.push(c);
    return c;
  });
}

/** The owner approves every contribution but those in `reject`, in one batch call. */
async function review(w: World, datanet: Datanet, contributions: Contribution[], reject: Set<bigint>): Promise<void> {
  const [first, ...rest] = contributions;
  if (!first) return;
  await w.client.send(datanet.owner, 'DatanetFactory', 'reviewContribution', [first.id, !reject.has(first.id)]);
  if (rest.length) await w.client.send(datanet.owner, 'DatanetFactory', 'reviewContributions', [rest.map((c) => c.id), rest.map((c) => !reject.has(c.id))]);
  for (const c of contributions) c.status = reject.has(c.id) ? 'rejected' : 'approved';
}

/** Publishes a version over every approved contribution (Merkle root of contracts/merkle.ts). */
export async function publishVersion(w: World, datanet: Datanet): Promise<void> {
  const approved = datanet.contributions.filter((c) => c.status === 'approved').sort((a, b) => (a.id < b.id ? -1 : 1));
  const root = merkleRoot(approved.map((c) => contributionLeaf(c.id, c.contentHash)));
  const res = await w.client.send(datanet.owner, 'DatanetFactory', 'publishVersion', [datanet.id, root, approved.length]);
  const version = Number(eventsOf(res, 'DatanetFactory', 'DatanetVersionPublished')[0]!.version as bigint);
  datanet.versions.push({ version, root, contributionIds: approved.map((c) => c.id) });
}

function tabularDrafts(w: World, perContributor: number, rows: number): Draft[] {
  const { contributors, sybil } = w.actors;
  const count = contributors.length * perContributor;
  const data = syntheticRows({ datanetId: 'draft', contributions: count, rowsPerContribution: rows, featureCount: FEATURES, classCount: CLASSES, seed: w.rng.int(1, 2 ** 30) });
  const drafts: Draft[] = Array.from({ length: count }, (_, i) => ({
    contributor: contributors[i % contributors.length]!,
    rows: data.rows.filter((r) => r.contributionId === String(i + 1)).map((r) => ({ features: r.features, label: r.label })),
  }));
  // The sybil's junk: labels at random around the origin.
  drafts.push({ contributor: sybil, rows: Array.from({ length: 4 }, () => ({ features: Array.from({ length: FEATURES }, () => w.rng.int(-100, 100) / 1000), label: w.rng.int(0, CLASSES - 1) })) });
  return drafts;
}

function textDrafts(w: World, perContributor: number, docs: number): Draft[] {
  const { contributors, sybil } = w.actors;
  const drafts: Draft[] = [];
  for (let k = 0; k < perContributor; k++) {
    contributors.forEach((c, i) => {
      const topic = TOPIC_NAMES[i % TOPIC_NAMES.length]!;
      drafts.push({ contributor: c, documents: Array.from({ length: docs }, () => fieldNote(w.rng, topic, w.rng.int(3, 6))) });
    });
  }
  drafts.push({ contributor: sybil, documents: [fieldNote(w.rng, 'sybil', 2)] });
  return drafts;
}

/**
 * Two datanets (tabular rows for the gradient method, field notes for the
 * n-gram method): contributors submit, owners approve all but one, versions
 * are published.
 */
export async function buildDatanets(w: World): Promise<void> {
  const [tabularOwner, textOwner] = w.actors.datanetOwners;
  const plans: [Datanet, Draft[]][] = [
    [await createDatanet(w, tabularOwner, 'tabular', 'Clinical vitals'), tabularDrafts(w, 2, 40)],
    [await createDatanet(w, textOwner, 'text', 'Field notes'), textDrafts(w, 2, 3)],
  ];
  for (const [datanet, drafts] of plans) {
    const submitted = await submit(w, datanet, drafts);
    // One honest contribution is rejected; the sybil's junk slips through review.
    await review(w, datanet, submitted, new Set([submitted[1]!.id]));
    await publishVersion(w, datanet);
    w.log('datanet published', { datanet: datanet.id.toString(), kind: datanet.kind, contributions: submitted.length });
  }
}

/** A contributor adds to a datanet during continuous activity; the owner reviews it. */
export async function contributeMore(w: World, kind: DatanetKind): Promise<void> {
  const datanet = w.datanets[kind];
  if (!datanet) return;
  const contributor = w.rng.pick(w.actors.contributors);
  const draft: Draft =
    kind === 'tabular'
      ? { contributor, rows: tabularDrafts(w, 1, 10)[0]!.rows }
      : { contributor, documents: [fieldNote(w.rng, w.rng.pick(TOPIC_NAMES), 4)] };
  const [c] = await submit(w, datanet, [draft]);
  await review(w, datanet, [c!], new Set(w.rng.chance(0.2) ? [c!.id] : []));
}
