import { readFile } from 'node:fs/promises';
import { keccak256, type Hex } from 'viem';
import { BlobHashMismatchError, BlobUnavailableError, type BlobAttempt } from './errors.ts';
import { hintLocation, parseStore, redact, type Location, type Store } from './locations.ts';

export interface BlobResolverOptions {
  /** Where blobs live, asked in order: `http(s)://` content store base URLs and `file:///dir` folders. */
  stores: readonly string[];
  /** HTTP gateway for `ipfs://` hints, e.g. `https://ipfs.io` (the blob is `<gateway>/ipfs/<cid>`). */
  ipfsGateway?: string;
  /** Per attempt, for the whole answer (default 30 s). */
  timeoutMs?: number;
  /** Largest blob accepted (default 256 MiB). */
  maxBytes?: number;
  /** Also GET http(s) hints (off by default: hints come from the chain, and the stores suffice). */
  followUrlHints?: boolean;
}

export interface BlobResolver {
  /**
   * The bytes whose keccak256 is `hash`, from the hint's location (ipfs://, or an
   * http(s) URL when allowed) and then each store in order. Throws
   * BlobHashMismatchError when some place answered with other bytes and none with
   * the right ones, BlobUnavailableError (`transient` or not) when no place had them.
   */
  get(hash: Hex, hint?: string): Promise<Uint8Array>;
  /** The configured stores, as shown in errors (without credentials). */
  readonly stores: readonly string[];
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const HASH = /^0x[0-9a-fA-F]{64}$/;

/** Resolves blobs by hash through configured stores (docs/attribution.md, "Artifact references"). */
export function createBlobResolver(options: BlobResolverOptions): BlobResolver {
  if (!Array.isArray(options?.stores)) throw new TypeError('blob resolver: expected options.stores, an array of store URLs');
  const stores: Store[] = options.stores.map(parseStore);
  if (options.ipfsGateway !== undefined) parseStore(options.ipfsGateway); // same URL rules: http(s) only
  if (options.ipfsGateway?.startsWith('file:')) throw new TypeError(`ipfs gateway: expected an http(s) URL, got ${redact(options.ipfsGateway)}`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!(timeoutMs > 0)) throw new TypeError(`blob resolver timeoutMs: expected a positive number, got ${timeoutMs}`);

  return {
    stores: stores.map((s) => s.shown),
    async get(hash, hint) {
      if (typeof hash !== 'string' || !HASH.test(hash)) {
        throw new TypeError(`blob hash: expected 0x followed by 64 hex digits, got ${JSON.stringify(String(hash).slice(0, 80))}`);
      }
      const want = hash.toLowerCase() as Hex;
      const locations: Location[] = [];
      const fromHint = hintLocation(hint, options.ipfsGateway, options.followUrlHints ?? false);
      if (fromHint) locations.push(fromHint);
      for (const s of stores) locations.push(s.locate(want));
      const attempts: BlobAttempt[] = [];
      let mismatch: BlobHashMismatchError | undefined;
      for (const location of locations) {
        const result = await attempt(location, timeoutMs, maxBytes);
        if ('bytes' in result) {
          const got = keccak256(result.bytes);
          if (got === want) return result.bytes;
          mismatch ??= new BlobHashMismatchError(want, got, location.shown);
          attempts.push({ location: location.shown, outcome: 'mismatch', detail: `bytes hash to ${got}`, transient: false });
        } else {
          attempts.push({ location: location.shown, ...result });
        }
      }
      if (mismatch) throw mismatch;
      throw new BlobUnavailableError(want, attempts.some((a) => a.transient), attempts);
    },
  };
}

type Outcome = { bytes: Uint8Array } | Omit<BlobAttempt, 'location'>;

async function attempt(location: Location, timeoutMs: number, maxBytes: number): Promise<Outcome> {
  return location.kind === 'file' ? readLocal(location.path, maxBytes) : fetchRemote(location, timeoutMs, maxBytes);
}

async function readLocal(path: string, maxBytes: number): Promise<Outcome> {
  try {
    const bytes = await readFile(path);
    if (bytes.length > maxBytes) return { outcome: 'refused', detail: `${bytes.length} bytes, more than the ${maxBytes} allowed`, transient: false };
    return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { outcome: 'not-found', detail: 'no such file', transient: false };
    return { outcome: 'unavailable', detail: `read failed (${code})`, transient: true };
  }
}

async function fetchRemote(location: Extract<Location, { kind: 'http' }>, timeoutMs: number, maxBytes: number): Promise<Outcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(location.url, { signal, headers: location.headers, redirect: 'follow' });
    if (res.status === 200) {
      const bytes = await readLimited(res, maxBytes);
      if (!bytes) return { outcome: 'refused', detail: `more than the ${maxBytes} bytes allowed`, transient: false };
      return { bytes };
    }
    await res.body?.cancel();
    if (res.status === 404 || res.status === 410) return { outcome: 'not-found', detail: `HTTP ${res.status}`, transient: false };
    const transient = res.status >= 500 || res.status === 408 || res.status === 429;
    return { outcome: transient ? 'unavailable' : 'refused', detail: `HTTP ${res.status}`, transient };
  } catch (e) {
    if (signal.aborted) return { outcome: 'unavailable', detail: `no answer within ${timeoutMs} ms`, transient: true };
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return { outcome: 'unavailable', detail: `request failed (${cause ?? (e as Error).message})`, transient: true };
  }
}

/** The body, or undefined once it exceeds `maxBytes` (checked while streaming, not trusting content-length). */
async function readLimited(res: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
