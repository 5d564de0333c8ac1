import type { Hex } from 'viem';
import { blobUri, type BlobSource, encodeBlob } from '../verifier/attribution/index.ts';

/** Talks to the content store: upload by hash, fetch by hash (hash checked by the caller's decode). */
export class ContentClient implements BlobSource {
  constructor(readonly baseUrl: string) {}

  /**
   * The URI recorded on chain for a blob: `hash://keccak256/<hex>`, location-independent,
   * so the store's (random) port never enters the chain's history (docs/attribution.md).
   */
  uriOf(hash: Hex): string {
    return blobUri(hash);
  }

  /** Where this store serves a blob over HTTP. */
  urlOf(hash: Hex): string {
    return `${this.baseUrl}/blobs/${hash}`;
  }

  async putBytes(bytes: Uint8Array, hash: Hex): Promise<{ hash: Hex; uri: string }> {
    const res = await fetch(this.urlOf(hash), { method: 'PUT', body: Buffer.from(bytes) });
    if (res.status !== 201) throw new Error(`content store PUT ${hash}: expected 201, got ${res.status} ${await res.text()}`);
    return { hash, uri: this.uriOf(hash) };
  }

  /** Canonical-JSON encodes `value`, uploads it, and returns its hash and URI. */
  async putJson(value: unknown): Promise<{ hash: Hex; uri: string }> {
    const blob = encodeBlob(value);
    return this.putBytes(blob.bytes, blob.hash);
  }

  async get(hash: Hex): Promise<Uint8Array> {
    const res = await fetch(this.urlOf(hash));
    if (res.status !== 200) throw new Error(`content store GET ${hash}: expected 200, got ${res.status} ${await res.text()}`);
    return new Uint8Array(await res.arrayBuffer());
  }
}
