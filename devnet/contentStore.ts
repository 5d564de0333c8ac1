import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { keccak256 } from 'viem';

/** Largest blob the store accepts. */
export const MAX_BLOB_BYTES = 64 * 1024 * 1024;
const HASH = /^0x[0-9a-f]{64}$/;

export interface ContentStore {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * A content-addressed blob store over HTTP on loopback.
 * - `PUT /blobs/<hash>`: stores the body if keccak256(body) equals <hash>, else 400.
 * - `POST /blobs`: stores the body under its hash and answers `{ "hash": ... }`.
 * - `GET /blobs/<hash>`: the bytes, or 404.
 * - `GET /health`: `{ "status": "ok", "blobs": n }`.
 * Blobs are files named by hash in `dir`, written atomically.
 */
export async function startContentStore(opts: { dir: string; port?: number; host?: string }): Promise<ContentStore> {
  mkdirSync(opts.dir, { recursive: true });
  let stored = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => reply(res, 500, { error: e.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://store').pathname;
    if (req.method === 'GET' && path === '/health') return reply(res, 200, { status: 'ok', blobs: stored });
    const m = /^\/blobs(?:\/(.*))?$/.exec(path);
    if (!m) return reply(res, 404, { error: `no route ${req.method} ${path}` });
    const claimed = m[1]?.toLowerCase();
    if (claimed !== undefined && !HASH.test(claimed)) {
      return reply(res, 400, { error: `blob hash: expected 0x followed by 64 hex digits, got ${claimed}` });
    }
    if (req.method === 'GET' && claimed) {
      const file = join(opts.dir, claimed);
      if (!existsSync(file)) return reply(res, 404, { error: `blob ${claimed} not found` });
      const bytes = readFileSync(file);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
      return;
    }
    if (req.method === 'PUT' || req.method === 'POST') {
      const body = await readBody(req);
      if (body === undefined) return reply(res, 413, { error: `blob: expected at most ${MAX_BLOB_BYTES} bytes` });
      const hash = keccak256(body);
      if (claimed && claimed !== hash) return reply(res, 400, { error: `blob hash: expected ${claimed}, got ${hash} for the uploaded bytes` });
      const file = join(opts.dir, hash);
      if (!existsSync(file)) {
        writeFileSync(`${file}.tmp`, body);
        renameSync(`${file}.tmp`, file);
        stored++;
      }
      return reply(res, 201, { hash });
    }
    return reply(res, 405, { error: `method ${req.method} not allowed on ${path}` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BLOB_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

