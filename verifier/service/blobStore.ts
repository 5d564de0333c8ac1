// Blobs by hash from the configured content stores (`<store>/blobs/<hash>`, the devnet content
// store's layout), tried in order. Bytes are checked against the hash by the engine's decode; here
// only availability is decided: 404 from every store is a missing blob (not worth retrying), a
// store that is down or answers 5xx is transient (the queue retries with back-off).
import { keccak256, type Hex } from 'viem';
import type { BlobSource } from './engine.ts';

export class BlobUnavailableError extends Error {
  override readonly name = 'BlobUnavailableError';
  constructor(message: string, readonly transient: boolean) {
    super(message);
  }
}

const HASH = /^0x[0-9a-fA-F]{64}$/;

export class StoreBlobSource implements BlobSource {
  constructor(readonly stores: readonly string[], readonly timeoutMs = 10_000) {
    if (stores.length === 0) throw new Error('content stores: expected at least one http(s) URL, got none');
    for (const s of stores) {
      if (!/^https?:\/\//.test(s)) throw new Error(`content store: expected an http(s):// URL, got ${JSON.stringify(s.slice(0, 40))}`);
    }
  }

  uriOf(hash: Hex, store = this.stores[0]!): string {
    return `${store.replace(/\/$/, '')}/blobs/${hash.toLowerCase()}`;
  }

  async get(hash: Hex): Promise<Uint8Array> {
    if (!HASH.test(hash)) throw new BlobUnavailableError(`blob hash: expected 0x and 64 hex digits, got ${String(hash).slice(0, 80)}`, false);
    const failures: string[] = [];
    let transient = false;
    for (const store of this.stores) {
      try {
        const res = await fetch(this.uriOf(hash, store), { signal: AbortSignal.timeout(this.timeoutMs) });
        if (res.status === 200) return new Uint8Array(await res.arrayBuffer());
        await res.body?.cancel();
        failures.push(`${res.status}`);
        if (res.status !== 404) transient = true;
      } catch (e) {
        failures.push((e as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable');
        transient = true;
      }
    }
    throw new BlobUnavailableError(`blob ${hash.toLowerCase()}: expected from one of ${this.stores.length} content store(s), got ${failures.join(', ')}`, transient);
  }

  /** Stores `bytes` in the first store under their hash; returns the hash and its URI there. */
  async put(bytes: Uint8Array): Promise<{ hash: Hex; uri: string }> {
    const hash = keccak256(bytes);
    const uri = this.uriOf(hash);
    let res: Response;
    try {
      res = await fetch(uri, { method: 'PUT', body: Buffer.from(bytes), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch {
      throw new BlobUnavailableError(`content store PUT ${hash}: store unreachable`, true);
    }
    if (res.status !== 201 && res.status !== 200) throw new BlobUnavailableError(`content store PUT ${hash}: expected 201, got ${res.status}`, res.status >= 500);
    await res.body?.cancel();
    return { hash, uri };
  }
}
