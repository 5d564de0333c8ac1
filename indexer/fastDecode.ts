// Event decoding straight from the log's hex strings. @subsquid/evm-abi turns the data and every
// topic into a Buffer and reads each word through BigInt arithmetic; for the types our events use
// (unsigned integers, address, bytes4, bytes32, bool, string, bytes, arrays of static types) reading the
// hex text directly gives the same values several times faster. Anything else, and any input that
// is not plainly well-formed (short data, pointers out of range, dirty address padding, uppercase
// hex), goes to evm-abi's own decoder, which stays the judge of what decodes and of the error.
import type { AbiEvent } from '@subsquid/evm-abi';

/** Thrown inside the fast path to hand the log over to evm-abi. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

/** Reads the value of the word at hex offset `at` of `d` (`end` = hex length of the area). */
type Reader = (d: string, at: number, base: number, end: number) => unknown;

const HEX = /^0x[0-9a-fA-F]*$/;
const ZERO_PAD = '000000000000000000000000';

function tail(d: string, at: number, end: number, chars: number): string {
  if (at + 64 > end) throw UNSUPPORTED;
  return d.substring(at + 64 - chars, at + 64);
}

const small = (chars: number): Reader => (d, at, _b, end) => parseInt(tail(d, at, end, chars), 16);
const big = (chars: number): Reader => (d, at, _b, end) => BigInt(`0x${tail(d, at, end, chars)}`);

const ZERO_56 = '0'.repeat(56);
/** evm-abi prints hex in lowercase */
const hex = (digits: string) => `0x${digits.toLowerCase()}`;

const address: Reader = (d, at, _b, end) => {
  if (at + 64 > end || d.substring(at, at + 24) !== ZERO_PAD) throw UNSUPPORTED;
  return hex(d.substring(at + 24, at + 64));
};
const bytes32: Reader = (d, at, _b, end) => hex(tail(d, at, end, 64));
const bool: Reader = (d, at, _b, end) => tail(d, at, end, 2) !== '00';

/** Where a dynamic value's tail starts (hex offset), from its head word (a byte offset from `base`). */
function pointer(d: string, at: number, base: number, end: number): number {
  if (d.substring(at, at + 56) !== ZERO_56) throw UNSUPPORTED;
  const ptr = base + 2 * parseInt(tail(d, at, end, 8), 16);
  if (ptr + 64 > end) throw UNSUPPORTED;
  return ptr;
}

function length(d: string, at: number, end: number): number {
  if (d.substring(at, at + 56) !== ZERO_56) throw UNSUPPORTED;
  return parseInt(tail(d, at, end, 8), 16);
}

const string: Reader = (d, at, base, end) => {
  const ptr = pointer(d, at, base, end);
  const len = length(d, ptr, end);
  if (ptr + 64 + 2 * len > end) throw UNSUPPORTED;
  return Buffer.from(d.substring(ptr + 64, ptr + 64 + 2 * len), 'hex').toString('utf-8');
};

const bytes: Reader = (d, at, base, end) => {
  const ptr = pointer(d, at, base, end);
  const len = length(d, ptr, end);
  if (ptr + 64 + 2 * len > end) throw UNSUPPORTED;
  return hex(d.substring(ptr + 64, ptr + 64 + 2 * len));
};

const bytesN =
  (n: number): Reader =>
  (d, at, _b, end) => {
    if (at + 64 > end) throw UNSUPPORTED;
    return hex(d.substring(at, at + 2 * n));
  };

const array =
  (item: Reader): Reader =>
  (d, at, base, end) => {
    const ptr = pointer(d, at, base, end);
    const len = length(d, ptr, end);
    if (ptr + 64 + 64 * len > end) throw UNSUPPORTED;
    const out = new Array<unknown>(len);
    for (let i = 0; i < len; i++) out[i] = item(d, ptr + 64 + 64 * i, ptr + 64, end);
    return out;
  };

const BY_TYPE: Record<string, Reader> = {
  uint8: small(2), uint16: small(4), uint32: small(8), uint64: big(16), uint128: big(32), uint256: big(64),
  address, bytes32, bool, bytes4: bytesN(4), string, bytes,
};

/** The reader of an ABI type ("uint256", "address[]", ...), if it has one. */
function readerOf(type: string): Reader | undefined {
  if (type.endsWith('[]')) {
    const item = BY_TYPE[type.slice(0, -2)];
    return item && item !== string && item !== bytes ? array(item) : undefined;
  }
  return BY_TYPE[type];
}

const isDynamicType = (type: string) => type === 'string' || type === 'bytes' || type.endsWith(']');

/** The parameter types of a signature without tuples: "E(uint256,address[])" -> [uint256, address[]]. */
function signatureTypes(signature: string): string[] | undefined {
  const m = /^[^(]+\((.*)\)$/.exec(signature);
  if (!m || m[1]!.includes('(')) return undefined;
  return m[1] === '' ? [] : m[1]!.split(',');
}

interface Plan {
  names: string[];
  readers: Reader[];
  /** topic index (1..3) of each param, or 0 when it is in the data */
  topics: number[];
  /** topic0 and one per indexed param */
  topicCount: number;
}

const plans = new WeakMap<object, Plan | null>();

function planOf(event: AbiEvent<any>): Plan | null {
  let plan = plans.get(event);
  if (plan !== undefined) return plan;
  // evm-abi wraps indexed codecs in proxies, so the types come from the signature (same order)
  const params = event.params as Record<string, { indexed?: boolean }>;
  const names = Object.keys(params);
  const types = signatureTypes(event.signature);
  const readers: Reader[] = [];
  const topics: number[] = [];
  let topic = 0;
  plan = types && types.length === names.length ? { names, readers, topics, topicCount: 1 } : null;
  for (let i = 0; plan && i < names.length; i++) {
    const indexed = params[names[i]!]!.indexed === true;
    const type = types![i]!;
    // an indexed dynamic value is its keccak256 in the topic: evm-abi reads it as bytes32
    const r = indexed && isDynamicType(type) ? bytes32 : readerOf(type);
    if (!r) plan = null;
    else {
      readers.push(r);
      topics.push(indexed ? ++topic : 0);
    }
  }
  if (plan) plan.topicCount = topic + 1;
  plans.set(event, plan);
  return plan;
}

function fast(plan: Plan, rec: { topics: string[]; data: string }, validHex: boolean): Record<string, unknown> | undefined {
  const d = rec.data;
  if (d.length % 2 !== 0 || !d.startsWith('0x') || (!validHex && !HEX.test(d))) return undefined;
  for (let i = 1; i < rec.topics.length; i++) {
    const t = rec.topics[i]!;
    if (t.length !== 66 || (!validHex && !HEX.test(t))) return undefined;
  }
  const out: Record<string, unknown> = {};
  let head = 2;
  try {
    for (let i = 0; i < plan.readers.length; i++) {
      const t = plan.topics[i]!;
      if (t > 0) {
        out[plan.names[i]!] = plan.readers[i]!(rec.topics[t]!, 2, 2, 66);
      } else {
        out[plan.names[i]!] = plan.readers[i]!(d, head, 2, d.length);
        head += 64;
      }
    }
  } catch (err) {
    if (err === UNSUPPORTED) return undefined;
    throw err;
  }
  return out;
}

/** Logs decoded by the fast path and by evm-abi (for tests and diagnostics). */
export const decodeStats = { fast: 0, fallback: 0 };

/** Whether every parameter of `event` has a fast reader. */
export function hasFastPath(event: AbiEvent<any>): boolean {
  return planOf(event) !== null;
}

/**
 * `event.decode(rec)`, faster for the common types; identical results, and evm-abi's errors.
 * `validHex`: the data and topics are known to be 0x-hex (the processor validates every log it
 * fetches), so the fast path skips checking them again.
 */
export function decodeEvent(event: AbiEvent<any>, rec: { topics: string[]; data: string }, validHex = false): Record<string, unknown> {
  const plan = planOf(event);
  if (plan && rec.topics.length === plan.topicCount && rec.topics[0] === event.topic) {
    const out = fast(plan, rec, validHex);
    if (out) {
      decodeStats.fast += 1;
      return out;
    }
  }
  decodeStats.fallback += 1;
  return event.decode(rec) as Record<string, unknown>;
}
