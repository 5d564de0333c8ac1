import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hex } from 'viem';

/** Where one attempt to read a blob goes: an HTTP GET or a file read. */
export type Location = { kind: 'http'; url: string; shown: string; headers?: Record<string, string> } | { kind: 'file'; path: string; shown: string };

/** A configured store: turns a hash into the location of its bytes in that store. */
export interface Store {
  shown: string;
  locate(hash: Hex): Location;
}

/**
 * Parses one entry of `stores`:
 * - `http(s)://host[:port][/base]`: a content store; the blob is `GET <base>/blobs/<hash>`;
 * - `file:///dir`: a folder holding each blob as a file named by its hash (`<dir>/<hash>`),
 *   the layout the devnet content store writes.
 */
export function parseStore(spec: string): Store {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new TypeError(`blob store: expected an http(s):// or file:/// URL, got ${JSON.stringify(redact(spec))}`);
  }
  const shown = redact(spec);
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    if (url.search || url.hash) throw new TypeError(`blob store ${shown}: expected a base URL without query or fragment`);
    // fetch refuses URLs with credentials: user info becomes a Basic authorization header.
    const headers = url.username ? { authorization: `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` } : undefined;
    url.username = '';
    url.password = '';
    const base = url.href.replace(/\/+$/, '');
    const shownBase = shown.replace(/\/+$/, '');
    return { shown, locate: (hash) => ({ kind: 'http', url: `${base}/blobs/${hash}`, shown: `${shownBase}/blobs/${hash}`, headers }) };
  }
  if (url.protocol === 'file:') {
    if (url.host !== '') throw new TypeError(`blob store ${shown}: expected file:///absolute/dir (no host), got host ${url.host}`);
    const dir = fileURLToPath(url);
    return { shown, locate: (hash) => ({ kind: 'file', path: join(dir, hash), shown: `${shown.replace(/\/+$/, '')}/${hash}` }) };
  }
  throw new TypeError(`blob store ${shown}: expected an http:, https: or file: URL, got ${url.protocol}`);
}

/**
 * The location a hint URI names, or undefined when the hint adds nothing or is not
 * followed. `ipfs://<cid>[/path]` goes through the gateway (`<gateway>/ipfs/<cid>[/path]`);
 * http(s) hints are followed only when `followUrlHints` is set (they come from the chain,
 * i.e. from anyone); `file:` hints never are. Other schemes name no place.
 */
export function hintLocation(hint: string | undefined, ipfsGateway: string | undefined, followUrlHints: boolean): Location | undefined {
  if (!hint) return undefined;
  let url: URL;
  try {
    url = new URL(hint);
  } catch {
    return undefined;
  }
  if (url.protocol === 'ipfs:' && ipfsGateway) {
    const rest = hint.slice('ipfs://'.length).replace(/^ipfs\//, '');
    if (!/^[A-Za-z0-9]+(\/[^?#]*)?$/.test(rest)) return undefined;
    const gateway = ipfsGateway.replace(/\/+$/, '');
    return { kind: 'http', url: `${gateway}/ipfs/${rest}`, shown: `${redact(gateway)}/ipfs/${rest}` };
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && followUrlHints) return { kind: 'http', url: url.href, shown: redact(url.href) };
  return undefined;
}

/** The URL without user info and query string: they may carry tokens, which never reach an error. */
export function redact(spec: string): string {
  try {
    const url = new URL(spec);
    url.username = '';
    url.password = '';
    const hadQuery = url.search !== '';
    url.search = '';
    url.hash = '';
    return hadQuery ? `${url.href}?…` : url.href;
  } catch {
    return spec.replace(/\/\/[^/@]*@/, '//').replace(/\?.*$/, '?…');
  }
}
