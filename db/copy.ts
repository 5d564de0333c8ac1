// Postgres COPY in text format over a `pg` client (npm `pg-copy-streams`): value escaping, and
// `COPY <table> FROM STDIN` / `COPY <table> TO STDOUT` for a connection that is already open (for the
// indexer, the batch transaction's own connection; for the benchmark, a plain client).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { safeText } from './safeText.ts';

/** NULL in COPY text format. */
export const COPY_NULL = '\\N';

/** What needs a second look: COPY's specials, U+0000 and surrogates (safeText.ts). */
const NEEDS_ESCAPE = /[\\\t\n\r\u0000\uD800-\uDFFF]/;

/**
 * A text value escaped for COPY text format (backslash, tab, newline, carriage return), made safe
 * first (U+0000 and lone surrogates as U+FFFD, as the parameter path stores them).
 */
export function copyText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return safeText(s).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const PLAIN_ARRAY_ELEMENT = /^[A-Za-z0-9_.:+-]+$/;

/** A Postgres array literal ({"a","b"}) of text or numbers; elements quoted unless plainly safe, text made safe. */
export function arrayLiteral(values: readonly (string | number | bigint | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null) out += 'NULL';
    else if (typeof v !== 'string') out += String(v);
    else if (PLAIN_ARRAY_ELEMENT.test(v) && !(v.length === 4 && v.toUpperCase() === 'NULL')) out += v;
    else out += `"${safeText(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  }
  return `${out}}`;
}

/** Rows per chunk written to the COPY stream (each chunk one CopyData message). */
const CHUNK_ROWS = 1000;

/**
 * Bytes the COPY stream may hold unsent before the writer waits for it to drain. A batch's rows are
 * in memory already, and their text is a few MB: written in one go, it reaches Postgres without
 * waiting for turns of an event loop the processor's ingestion also uses (a 26 MB reply's parse
 * blocks it for ~0.2 s); the bound keeps a huge batch from doubling its memory.
 */
const MAX_UNSENT_BYTES = 64 * 2 ** 20;

/** Serialises chunk by chunk; waits for the stream to drain only past MAX_UNSENT_BYTES. */
async function writeChunked<T>(stream: Writable, rows: readonly T[], line: (row: T) => string): Promise<void> {
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    const end = Math.min(rows.length, i + CHUNK_ROWS);
    lines.length = 0;
    for (let r = i; r < end; r++) lines.push(line(rows[r]!));
    lines.push('');
    stream.write(lines.join('\n'));
    if (stream.writableLength > MAX_UNSENT_BYTES) await once(stream, 'drain');
  }
}

/**
 * `COPY <table> (<columns>) FROM STDIN` with one COPY text line per row (`line`, without newline).
 * `table` and `columns` must be quoted identifiers already. Resolves with the rows copied.
 */
export async function copyRowsInto<T>(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: readonly T[],
  line: (row: T) => string,
): Promise<number> {
  if (rows.length === 0) return 0;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  finished.catch(() => {}); // awaited below on success; on a write failure the thrown error is the one reported
  try {
    await writeChunked(stream, rows, line);
  } catch (err) {
    stream.destroy(err as Error);
    throw err;
  }
  stream.end();
  await finished;
  return stream.rowCount;
}

/** `COPY <table> TO STDOUT` into `sink` (e.g. a file); `table` must be a quoted identifier. */
export async function copyTableOut(client: pg.ClientBase, table: string, sink: Writable): Promise<void> {
  await pipeline(client.query(copyTo(`COPY ${table} TO STDOUT`)), sink);
}

/** `COPY <table> FROM STDIN` from `source` (e.g. a file written by copyTableOut); resolves with the rows. */
export async function copyTableIn(client: pg.ClientBase, table: string, source: NodeJS.ReadableStream): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} FROM STDIN`));
  await pipeline(source, stream);
  return stream.rowCount;
}
