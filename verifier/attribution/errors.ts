/**
 * Errors of the attribution engine. Each says what was expected and what came,
 * so that a watchdog reading a log knows which input to distrust.
 */
export type AttributionErrorCode =
  | 'BLOB_HASH_MISMATCH'
  | 'BLOB_UNAVAILABLE'
  | 'BAD_SHAPE'
  | 'EMPTY_DATANET'
  | 'NON_FINITE'
  | 'UNKNOWN_METHOD'
  | 'BAD_MANIFEST'
  | 'BAD_SHARES'
  | 'BAD_INPUT'
  | 'BACKEND'
  | 'NON_CANONICAL'
  | 'BAD_HASH'
  | 'BAD_LABEL'
  | 'NOT_FLOAT32'
  | 'BAD_LEARNING_RATE'
  | 'EMPTY_CHECKPOINTS'
  | 'UNSUPPORTED'
  | 'ROW_ORDER'
  | 'MERKLE_ROOT_MISMATCH'
  | 'LM_MISMATCH';

export class AttributionError extends Error {
  override readonly name = 'AttributionError';
  constructor(
    readonly code: AttributionErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** `what` names the thing, `expected`/`got` are shown verbatim. */
export function mismatch(code: AttributionErrorCode, what: string, expected: unknown, got: unknown): AttributionError {
  return new AttributionError(code, `${what}: expected ${show(expected)}, got ${show(got)}`, { what, expected, got });
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return String(v);
}

/** Throws NON_FINITE when any value of `values` is NaN or infinite. */
export function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new AttributionError('NON_FINITE', `${what}: expected finite numbers, got ${v} at index ${i}`, { what, index: i });
    }
  }
}
