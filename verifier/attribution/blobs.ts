import { keccak256, type Hex } from 'viem';
import { canonicalBytes, canonicalJson } from './canonical.ts';
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

/**
 * Verifies the hash, parses the JSON, and refuses (NON_CANONICAL) bytes that are not
 * the canonical JSON of what they parse to: one artifact, one byte string, one hash,
 * and no room for parsers to disagree (duplicate keys, `1.0`, escapes, big integers).
 */
export function decodeBlob<T = unknown>(bytes: Uint8Array, expected: Hex, what: string): T {
  verifyBlob(bytes, expected, what);
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    value = JSON.parse(text);
  } catch (e) {
    throw new AttributionError('BAD_INPUT', `${what}: expected canonical JSON, got unparsable bytes (${(e as Error).message})`);
  }
  let canonical: string;
  try {
    canonical = canonicalJson(value);
  } catch (e) {
    // 1e999 parses to Infinity: name the blob and the path.
    if (e instanceof AttributionError) throw new AttributionError(e.code, `${what} ${e.message.replace(/^\$\.?/, '')}`, { ...e.details, what });
    throw e;
  }
  if (canonical !== text) {
    let at = 0;
    while (at < text.length && text[at] === canonical[at]) at++;
    throw new AttributionError(
      'NON_CANONICAL',
      `${what}: expected canonical JSON (docs/attribution.md section 1), got other bytes of the same value; first difference at character ${at}: expected ${JSON.stringify(canonical.slice(at, at + 16))}, got ${JSON.stringify(text.slice(at, at + 16))}`,
      { what, at },
    );
  }
  return value as T;
}

/**
 * Where blobs come from: the artifact resolver (verifier/content), the devnet's
 * content store, a map in memory. A blob is asked for by its hash; `hint` is the
 * URI its reference carried, if any, which a source may use to find it faster.
 */
export interface BlobSource {
  get(hash: Hex, hint?: string): Promise<Uint8Array>;
}

/**
 * The location-independent URI of a blob, `hash://keccak256/<64 lowercase hex>`
 * (the hash-URI convention): it names the bytes, not a place; any store that has
 * them answers. The devnet writes these on chain and wherever a URI is required.
 */
export function blobUri(hash: Hex): string {
  return `hash://keccak256/${hash.toLowerCase().slice(2)}`;
}

/** The hash a `hash://keccak256/…` URI names, or undefined for any other URI. */
export function hashOfBlobUri(uri: string): Hex | undefined {
  const m = /^hash:\/\/keccak256\/([0-9a-f]{64})$/.exec(uri);
  return m ? (`0x${m[1]}` as Hex) : undefined;
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
    if (!bytes) throw new AttributionError('BLOB_UNAVAILABLE', `blob ${hash}: expected in store, got nothing`);
    return bytes;
  }
}

/** Fetches a blob by hash (with the reference's URI as a hint, if any) and decodes it, checking the hash. */
export async function loadBlob<T>(source: BlobSource, hash: Hex, what: string, hint?: string): Promise<T> {
  return decodeBlob<T>(await source.get(hash, hint), hash, what);
}
