// The notification the indexer sends after each committed batch (Postgres NOTIFY on BATCH_CHANNEL)
// and the API listens to: the batch's block range and the chain head the indexer saw, integers
// only, never rows or text from the chain. Any login of the database may NOTIFY any channel, so
// the API parses a notice as untrusted input: a strict shape, small, or it is ignored.

/** The channel (see docs/indexer.md, "Batch notifications"). */
export const BATCH_CHANNEL = 'openledger_batch';

/** The largest payload accepted (a real notice is about 60 bytes). */
export const MAX_NOTICE_BYTES = 256;

export interface BatchNotice {
  /** first and last block of the batch (hot blocks included) */
  from: number;
  to: number;
  /** the chain head the indexer last saw, when it knows it */
  head?: number;
}

const isHeight = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 2 ** 31 - 1;

export function encodeBatchNotice(n: BatchNotice): string {
  if (!isHeight(n.from) || !isHeight(n.to) || n.from > n.to || (n.head !== undefined && !isHeight(n.head))) {
    throw new Error(`batch notice: expected block heights with from <= to, got ${JSON.stringify(n)}`);
  }
  return JSON.stringify(n.head === undefined ? { from: n.from, to: n.to } : { from: n.from, to: n.to, head: n.head });
}

/** The notice in `payload`, or a sentence saying what was wrong with it. */
export function parseBatchNotice(payload: string | undefined): BatchNotice | string {
  if (payload === undefined || payload.length > MAX_NOTICE_BYTES) return `expected a JSON object of at most ${MAX_NOTICE_BYTES} bytes, got ${payload === undefined ? 'nothing' : `${payload.length} characters`}`;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return 'expected JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected a JSON object';
  const { from, to, head, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return 'expected only from, to and head';
  if (!isHeight(from) || !isHeight(to) || from > to) return 'expected block heights from <= to';
  if (head !== undefined && !isHeight(head)) return 'expected head to be a block height';
  return head === undefined ? { from, to } : { from, to, head };
}
