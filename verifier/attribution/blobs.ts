import { keccak256, type Hex } from 'viem';
import { canonicalBytes } from './canonical.ts';
import { AttributionError, mismatch } from './errors.ts';

/** A content-addressed blob: its bytes and keccak256 of them. */
export interface Blob {
  bytes: Uint8Array;
  hash: Hex;
}

/** Serialises `value` as canonical JSON and addresses it by keccak256. */
export function encodeBlob(value: unknown): Blob {
  const bytes = canonicalBytes(value);
  return { bytes, hash: keccak256(bytes) };
}

/** Checks that `bytes` hash to `expected`; `what` names the blob in the error. */
export function verifyBlob(bytes: Uint8Array, expected: Hex, what: string): void {
  const got = keccak256(bytes);
  if (got.toLowerCase() !== expected.toLowerCase()) {
    throw mismatch('BLOB_HASH_MISMATCH', `${what} hash`, expected.toLowerCase(), got);
  }
}

/** Verifies the hash, then parses the JSON. */
export function decodeBlob<T = unknown>(bytes: Uint8Array, expected: Hex, what: string): T {
  verifyBlob(bytes, expected, what);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as T;
  } catch (e) {
    throw new AttributionError('BAD_INPUT', `${what}: expected canonical JSON, got unparsable bytes (${(e as Error).message})`);
  }
}

/** Where blobs come from: the devnet's content store, a directory, a map in memory. */
export interface BlobSource {
  get(hash: Hex): Promise<Uint8Array>;
}

/** A BlobSource over a map, for local use and tests with real encoded blobs. */
export class MemoryBlobStore implements BlobSource {
  private readonly blobs = new Map<string, Uint8Array>();
  put(value: unknown): Hex {
    const blob = encodeBlob(value);
    this.blobs.set(blob.hash, blob.bytes);
    return blob.hash;
  }
  putBytes(bytes: Uint8Array): Hex {
    const hash = keccak256(bytes);
    this.blobs.set(hash, bytes);
    return hash;
  }
  async get(hash: Hex): Promise<Uint8Array> {
    const bytes = this.blobs.get(hash.toLowerCase());
    if (!bytes) throw new AttributionError('BAD_INPUT', `blob ${hash}: expected in store, got nothing`);
    return bytes;
  }
}

/** Fetches a blob by hash and decodes it, checking the hash. */
export async function loadBlob<T>(source: BlobSource, hash: Hex, what: string): Promise<T> {
  return decodeBlob<T>(await source.get(hash), hash, what);
}
