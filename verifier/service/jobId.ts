import { keccak256, toHex } from 'viem';

/**
 * The queue job id of a record's verification: a UUID derived from the inference id, so that
 * queueing the same record twice (two processes, a restart) inserts one job only.
 */
export function verifyJobId(inferenceId: bigint): string {
  const h = keccak256(toHex(`openledger-squid/verify:${inferenceId}`)).slice(2, 34).split('');
  h[12] = '5';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
