import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeAbiParameters, keccak256, toBytes, type Hex } from 'viem';
import { checkDatanetRoot, datanetRoot } from './contributions.ts';
import { TABULAR_ROWS, TEXT_DOCUMENTS, type TabularRows, type TextDocuments } from './datasets.ts';
import { AttributionError } from './errors.ts';

const rows: TabularRows = {
  kind: TABULAR_ROWS,
  datanetId: '4',
  version: 2,
  featureCount: 2,
  classCount: 3,
  rows: [
    { contributionId: '9', features: [0.5, -1], label: 2 },
    { contributionId: '9', features: [1.25, 0], label: 0 },
    { contributionId: '10', features: [3, 4], label: 1 },
    { contributionId: '12', features: [-0.125, 7], label: 1 },
  ],
};

/** The tree of docs/attribution.md, written out by hand: leaf, commutative parent, odd node up. */
function leaf(id: bigint, contentText: string): Hex {
  return keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [id, keccak256(toBytes(contentText))]));
}
function parent(a: Hex, b: Hex): Hex {
  return BigInt(a) < BigInt(b) ? keccak256(`0x${a.slice(2)}${b.slice(2)}`) : keccak256(`0x${b.slice(2)}${a.slice(2)}`);
}

test('the rows Merkle root is the tree over the contributions\' canonical blobs (built by hand here)', () => {
  const l9 = leaf(9n, '{"datanetId":"4","kind":"openledger-squid/contribution","rows":[{"features":[0.5,-1],"label":2},{"features":[1.25,0],"label":0}]}');
  const l10 = leaf(10n, '{"datanetId":"4","kind":"openledger-squid/contribution","rows":[{"features":[3,4],"label":1}]}');
  const l12 = leaf(12n, '{"datanetId":"4","kind":"openledger-squid/contribution","rows":[{"features":[-0.125,7],"label":1}]}');
  const expected = parent(parent(l9, l10), l12);
  assert.equal(datanetRoot(rows), expected);
  checkDatanetRoot(rows, expected, 'rows');
  const docs: TextDocuments = { kind: TEXT_DOCUMENTS, datanetId: '5', version: 1, documents: [{ contributionId: '3', text: 'a b' }, { contributionId: '3', text: 'c' }] };
  assert.equal(datanetRoot(docs), leaf(3n, '{"datanetId":"5","documents":["a b","c"],"kind":"openledger-squid/contribution"}'));
});

test('rows that differ from the committed contributions are refused', () => {
  const root = datanetRoot(rows);
  const refused = (edit: (r: TabularRows) => void, code: string) => {
    const copy = structuredClone(rows);
    edit(copy);
    assert.throws(() => checkDatanetRoot(copy, root, 'datanet 4 v2'), (e: AttributionError) => e.code === code && e.message.startsWith('datanet 4 v2'), code);
  };
  refused((r) => (r.rows[1]!.label = 1), 'MERKLE_ROOT_MISMATCH'); // an edited label
  refused((r) => r.rows.pop(), 'MERKLE_ROOT_MISMATCH'); // a dropped contribution
  refused((r) => r.rows.push({ contributionId: '13', features: [0, 0], label: 0 }), 'MERKLE_ROOT_MISMATCH'); // an unapproved one
  refused((r) => r.rows.reverse(), 'ROW_ORDER');
  refused((r) => ([r.rows[1], r.rows[2]] = [r.rows[2]!, r.rows[1]!]), 'ROW_ORDER'); // contribution 9 split around 10
  refused((r) => ([r.rows[0], r.rows[1]] = [r.rows[1]!, r.rows[0]!]), 'MERKLE_ROOT_MISMATCH'); // rows of one contribution reordered
});
