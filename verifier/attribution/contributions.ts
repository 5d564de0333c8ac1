import type { Hex } from 'viem';
import { contributionLeaf, merkleRoot } from '../../contracts/merkle.ts';
import { encodeBlob } from './blobs.ts';
import type { TabularRows, TextDocuments } from './datasets.ts';
import { AttributionError, mismatch } from './errors.ts';

/** Blob kind of what a contributor submits: the blob its on-chain `contentHash` commits to. */
export const CONTRIBUTION_KIND = 'openledger-squid/contribution';

/** One contribution's content: tabular rows or text documents, in submission order. */
export type ContributionContent = { rows: { features: number[]; label: number }[] } | { documents: string[] };

/**
 * The contribution blob `{kind, datanetId, rows | documents}` whose keccak256 is the
 * `contentHash` of `ContributionSubmitted`; rows are `{features, label}`.
 */
export function contributionBlob(datanetId: string, content: ContributionContent): { kind: typeof CONTRIBUTION_KIND; datanetId: string } & ContributionContent {
  return { kind: CONTRIBUTION_KIND, datanetId, ...content };
}

/** The contributions of a datanet-version blob, each with its content, in ascending id; refuses rows not grouped that way. */
export function contributionsOf(blob: TabularRows | TextDocuments, what: string): { id: bigint; content: ContributionContent }[] {
  const items = 'rows' in blob ? blob.rows.map((r) => ({ id: r.contributionId, part: { features: r.features, label: r.label } })) : blob.documents.map((d) => ({ id: d.contributionId, part: d.text }));
  const out: { id: bigint; parts: unknown[] }[] = [];
  for (const [i, item] of items.entries()) {
    const id = BigInt(item.id);
    const last = out.at(-1);
    if (last && last.id === id) {
      last.parts.push(item.part);
      continue;
    }
    // Strictly ascending groups: a contribution's rows split in two would come back below the last id.
    if (last && id < last.id) {
      throw new AttributionError('ROW_ORDER', `${what}: expected rows grouped by contribution in ascending id, got contribution ${id} at row ${i} after ${last.id}`, { what, row: i });
    }
    out.push({ id, parts: [item.part] });
  }
  return out.map((c) => ({ id: c.id, content: 'rows' in blob ? { rows: c.parts as { features: number[]; label: number }[] } : { documents: c.parts as string[] } }));
}

/**
 * The Merkle root a datanet version publishes, recomputed from its rows or documents:
 * per contribution (ascending id) the leaf keccak256(abi.encode(uint256 id, bytes32
 * keccak256(canonical contribution blob))), then the tree of contracts/merkle.ts.
 */
export function datanetRoot(blob: TabularRows | TextDocuments, what = 'datanet rows'): Hex {
  const datanetId = String(blob.datanetId);
  return merkleRoot(contributionsOf(blob, what).map((c) => contributionLeaf(c.id, encodeBlob(contributionBlob(datanetId, c.content)).hash)));
}

/** Refuses (MERKLE_ROOT_MISMATCH) a datanet blob whose rows are not exactly the approved contributions under `root`. */
export function checkDatanetRoot(blob: TabularRows | TextDocuments, root: Hex, what: string): void {
  const got = datanetRoot(blob, what);
  if (got !== root.toLowerCase()) throw mismatch('MERKLE_ROOT_MISMATCH', `${what}: Merkle root of the rows`, root.toLowerCase(), got);
}
