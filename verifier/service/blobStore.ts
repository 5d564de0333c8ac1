// Blobs by hash through the configured stores (the engine's resolver, verifier/content), and the
// upload of evidence documents to the first http(s) store (`PUT <store>/blobs/<hash>`, the devnet
// content store's API).
import { keccak256, type Hex } from 'viem';
import { blobUri, createBlobResolver, type BlobResolver, type BlobSource } from './engine.ts';

export class StoreBlobSource implements BlobSource {
  private readonly resolver: BlobResolver;
  private readonly writable: string | undefined;

  constructor(stores: readonly string[], options: { ipfsGateway?: string; timeoutMs?: number } = {}) {
    if (stores.length === 0) throw new Error('content stores: expected at least one store (http(s):// or file:///dir), got none');
    this.resolver = createBlobResolver({ stores, ...options });
    this.writable = stores.find((s) => /^https?:\/\//.test(s))?.replace(/\/$/, '');
  }

  get(hash: Hex): Promise<Uint8Array> {
    return this.resolver.get(hash);
  }

  /**
   * Stores `bytes` under their hash in the first http(s) store; returns the hash and its
   * location-independent URI (`hash://keccak256/<hex>`, docs/attribution.md), what goes on chain.
   */
  async put(bytes: Uint8Array): Promise<{ hash: Hex; uri: string }> {
    const hash = keccak256(bytes);
    if (!this.writable) throw new Error('evidence: expected an http(s) content store to upload to, got only file:// stores');
    const res = await fetch(`${this.writable}/blobs/${hash}`, { method: 'PUT', body: Buffer.from(bytes), signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
    if (!res) throw new Error(`content store PUT ${hash}: store unreachable`);
    await res.body?.cancel();
    if (res.status !== 201 && res.status !== 200) throw new Error(`content store PUT ${hash}: expected 201, got ${res.status}`);
    return { hash, uri: blobUri(hash) };
  }
}
