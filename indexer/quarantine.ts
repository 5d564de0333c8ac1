// Logs that cannot be stored become QuarantinedLog rows (the raw log, its family and event, and
// why), with a structured warning; the batch goes on without them (docs/indexer.md, Hostile data).
import { createLogger } from '@subsquid/logger';
import * as M from '../db/model/index.ts';
import type { Batch } from './batch/context.ts';
import type { DecodedEvent } from './decode.ts';

const log = createLogger('sqd:processor:quarantine');

/** Reasons are kept whole up to this many characters (a database error may quote a huge value). */
const MAX_REASON = 4_000;

export function quarantine(b: Batch, e: DecodedEvent, reason: string): void {
  const { log: at, raw } = e;
  const why = reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}… (${reason.length} characters)` : reason;
  log.warn(
    { block: at.block.height, tx: at.txHash, logIndex: at.logIndex, address: at.address, contract: e.family, event: e.name, reason: why },
    'quarantined log',
  );
  b.insert(new M.QuarantinedLog({
    id: at.id, blockNumber: at.block.height, blockHash: at.block.hash, timestamp: new Date(at.block.timestamp),
    txHash: at.txHash, logIndex: at.logIndex, address: at.address, contract: e.family, event: e.name,
    topics: raw.topics, data: raw.data, reason: why,
  }));
}

/**
 * Whether a failed write is about the data: a value or a key the database refuses (SQLSTATE classes
 * 22 data exception, 23 integrity constraint violation, 54 program limit exceeded, e.g. an index
 * row too large), or a value our code could not convert. Anything else (a lost connection, a
 * serialization failure) is not: it goes to the processor as before.
 */
export function isDataError(err: unknown): boolean {
  if (err instanceof TypeError || err instanceof RangeError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}

/** A short description of a failed write for a quarantined row. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const detail = (err as { detail?: unknown }).detail;
  return [typeof code === 'string' ? `${code}: ` : '', err.message, typeof detail === 'string' ? ` (${detail})` : ''].join('');
}
