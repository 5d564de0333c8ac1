// A bytes32 test value from a small number (0x000…0n), for hashes, ids and roots in tests.
import type { Hex } from 'viem';

export const hash32 = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;
