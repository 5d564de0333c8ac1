// The Merkle tree a datanet version commits to (see contracts/README.md, "Datanet versions").
// Leaf: keccak256(abi.encode(uint256 contributionId, bytes32 contentHash)), leaves in ascending
// contribution id; a parent is keccak256 of its two children in ascending byte order (OpenZeppelin's
// commutative hashing); an odd node at the end of a level moves up unchanged. A single leaf is the root.
import { concat, encodeAbiParameters, keccak256, type Hex } from 'viem';

export function contributionLeaf(contributionId: bigint, contentHash: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [contributionId, contentHash]));
}

function hashPair(a: Hex, b: Hex): Hex {
  return BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}

function nextLevel(level: Hex[]): Hex[] {
  const next: Hex[] = [];
  for (let i = 0; i < level.length; i += 2) {
    const right = level[i + 1];
    next.push(right === undefined ? level[i]! : hashPair(level[i]!, right));
  }
  return next;
}

export function merkleRoot(leaves: readonly Hex[]): Hex {
  if (leaves.length === 0) throw new Error('merkleRoot: no leaves');
  let level = [...leaves];
  while (level.length > 1) level = nextLevel(level);
  return level[0]!;
}

/** Sibling hashes from the leaf at `index` up to the root, for `verifyContribution`. */
export function merkleProof(leaves: readonly Hex[], index: number): Hex[] {
  if (index < 0 || index >= leaves.length) throw new Error(`merkleProof: no leaf ${index}`);
  const proof: Hex[] = [];
  let level = [...leaves];
  while (level.length > 1) {
    const sibling = level[index ^ 1];
    if (sibling !== undefined) proof.push(sibling);
    level = nextLevel(level);
    index >>= 1;
  }
  return proof;
}
