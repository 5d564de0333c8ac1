/**
 * anvil state snapshots for benchmarks: `anvil_dumpState` streamed to a plain JSON file (the reply
 * is hex of gzip of JSON, ~0.5 GB for a million events: too large for one string), and that file
 * loaded back with `--load-state`, which restores every block, receipt and log.
 */
import { createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** Passes the hex digits of `"result":"0x…"` on as bytes; anything else in the reply is an error. */
class HexResult extends Transform {
  private head = '';
  private inResult = false;
  private done = false;
  private odd = '';

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let text = chunk.toString('latin1');
    if (!this.inResult) {
      this.head += text;
      const at = this.head.indexOf('"result":"0x');
      if (at < 0) {
        if (this.head.length > 4096) return cb(new Error(`anvil_dumpState: unexpected reply ${this.head.slice(0, 200)}`));
        return cb();
      }
      this.inResult = true;
      text = this.head.slice(at + '"result":"0x'.length);
      this.head = '';
    }
    if (this.done) return cb();
    const end = text.indexOf('"');
    if (end >= 0) {
      text = text.slice(0, end);
      this.done = true;
    }
    text = this.odd + text;
    const even = text.length - (text.length % 2);
    this.odd = text.slice(even);
    cb(null, Buffer.from(text.slice(0, even), 'hex'));
  }

  override _flush(cb: TransformCallback): void {
    cb(this.done ? null : new Error(`anvil_dumpState: reply ended early ${this.head.slice(0, 200)}`));
  }
}

/** Dumps anvil's whole chain (blocks, receipts, state) at `rpcUrl` into `path` as JSON. */
export async function dumpAnvilState(rpcUrl: string, path: string): Promise<void> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_dumpState', params: [] });
  const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    const req = request(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' } }, resolve);
    req.once('error', reject);
    req.end(body);
  });
  await pipeline(res, new HexResult(), createGunzip(), createWriteStream(path));
}

/** anvil arguments that start a chain from a dumped state (keeping only recent states in memory). */
export function loadStateArgs(path: string): string[] {
  return ['--load-state', path, '--prune-history', '256'];
}
