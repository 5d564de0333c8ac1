import { keccak256, toBytes, type Hex } from 'viem';
import { AttributionError } from './errors.ts';

/**
 * Canonical JSON (RFC 8785 style): object keys sorted by UTF-16 code units,
 * no whitespace, numbers printed by ECMAScript Number::toString, bigints as
 * decimal strings, typed arrays as plain arrays. NaN, Infinity, undefined
 * values and functions are refused: a hash over them would not be portable.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(v: unknown, path: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) {
        throw new AttributionError('NON_FINITE', `${path}: expected a finite number, got ${v}`, { path });
      }
      return Object.is(v, -0) ? '0' : String(v);
    case 'bigint':
      return JSON.stringify(v.toString());
    case 'string':
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((x, i) => write(x, `${path}[${i}]`)).join(',')}]`;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        const arr = Array.from(v as unknown as ArrayLike<number | bigint>);
        return `[${arr.map((x, i) => write(x, `${path}[${i}]`)).join(',')}]`;
      }
      const keys = Object.keys(v as object).sort(compareUtf16);
      const parts: string[] = [];
      for (const k of keys) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined) continue;
        parts.push(`${JSON.stringify(k)}:${write(x, `${path}.${k}`)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new AttributionError('BAD_INPUT', `${path}: expected a JSON value, got ${typeof v}`, { path });
  }
}

function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** UTF-8 bytes of the canonical JSON of `value`. */
export function canonicalBytes(value: unknown): Uint8Array {
  return toBytes(canonicalJson(value));
}

/** keccak256 over the canonical JSON of `value`. */
export function canonicalHash(value: unknown): Hex {
  return keccak256(canonicalBytes(value));
}
