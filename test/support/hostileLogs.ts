// Logs a hostile contract at a watched address could emit, ABI-encoded as real logs: for the
// hostile-data tests (indexer/hostile.test.ts). `encodeLog` encodes any event of a family from
// its typegen signature (a `string` argument may be given as exact bytes, which is how bytes that
// are not UTF-8 get into a log); `hostileArgs` draws every argument of an event from a seeded
// Random: extreme integers (0, 2^31 - 1, 2^31, 2^32 - 1, 2^64 - 1, 2^256 - 1, clipped to the
// type), ids from a small pool (so events refer to rows that exist, that do not, and repeat ids),
// strings with NUL, bytes that are not UTF-8, huge strings, arrays of unrelated lengths.
import { encodeAbiParameters, keccak256, toHex, type Hex } from 'viem';
import type { Random } from '../../devnet/simulator/random.ts';
import { logId, type RawLog } from '../../indexer/decode.ts';
import { eventsOf, FAMILY_NAMES, type Family } from '../../indexer/families.ts';
import type { BlockInput } from '../../indexer/batchHandler.ts';
import type { NetworkConfig } from '../../indexer/networks/types.ts';

/** A string argument given as its exact bytes (0x-hex), not as text. */
export interface ExactBytes {
  bytes: Hex;
}

export const exactBytes = (bytes: Hex): ExactBytes => ({ bytes });

/** One watched address per family: 0x…01, 0x…02, … in FAMILY_NAMES order. */
export function watchedNetwork(): NetworkConfig {
  return {
    name: 'devnet',
    chainId: 31337,
    rpc: { url: 'http://127.0.0.1:1' },
    finality: 0,
    contracts: FAMILY_NAMES.map((family, i) => ({ family, address: addressOf(i + 1), startBlock: 0 })),
  };
}

function addressOf(n: number): Hex {
  return `0x${n.toString(16).padStart(40, '0')}`;
}

export function familyAddress(family: Family): Hex {
  return addressOf(FAMILY_NAMES.indexOf(family) + 1);
}

interface Param {
  name: string;
  type: string;
  indexed: boolean;
}

/** The parameters of a family's event: names and indexed flags from typegen, types from its signature. */
function paramsOf(family: Family, event: string): Param[] {
  const e = eventsOf(family)[event];
  if (!e) throw new Error(`family ${family} has no event ${event}`);
  const inner = /^[^(]+\((.*)\)$/.exec(e.signature)![1]!;
  const types = inner === '' ? [] : inner.split(',');
  const names = Object.keys(e.params);
  if (types.length !== names.length) throw new Error(`${e.signature}: expected ${names.length} types, found ${types.length}`);
  return names.map((name, i) => ({ name, type: types[i]!, indexed: (e.params[name] as { indexed?: boolean }).indexed === true }));
}

/** Strings are encoded as the bytes type (the same ABI layout), so any bytes can be sent. */
function abiType(type: string): string {
  return type === 'string' ? 'bytes' : type === 'string[]' ? 'bytes[]' : type;
}

function abiValue(type: string, v: unknown): unknown {
  if (type === 'string') return typeof v === 'string' ? toHex(v) : (v as ExactBytes).bytes;
  if (type === 'string[]') return (v as unknown[]).map((x) => abiValue('string', x));
  return v;
}

/** A log of `family`'s `event` with `args` (every parameter), as its contract would emit it. */
export function encodeLog(family: Family, event: string, args: Record<string, unknown>): Pick<RawLog, 'address' | 'topics' | 'data'> {
  const params = paramsOf(family, event);
  const topics: Hex[] = [eventsOf(family)[event]!.topic as Hex];
  for (const p of params.filter((x) => x.indexed)) {
    if (!/^(uint\d+|address|bytes32|bool)$/.test(p.type)) throw new Error(`encodeLog: indexed ${p.type} is not supported`);
    topics.push(encodeAbiParameters([{ type: p.type }], [abiValue(p.type, args[p.name])]));
  }
  const plain = params.filter((x) => !x.indexed);
  const data = encodeAbiParameters(
    plain.map((p) => ({ type: abiType(p.type) })),
    plain.map((p) => abiValue(p.type, args[p.name])),
  );
  return { address: familyAddress(family), topics, data };
}

export interface EncodedLog {
  family: Family;
  event: string;
  args: Record<string, unknown>;
  log: Pick<RawLog, 'address' | 'topics' | 'data'>;
}

/** Blocks from `start` holding `perBlock` logs each; `txPerBlock` transactions share a block's logs in order. */
export function blocksOf(logs: EncodedLog[], start: number, perBlock: number, label = 'hostile'): { blocks: BlockInput[]; ids: Map<string, EncodedLog> } {
  const blocks: BlockInput[] = [];
  const ids = new Map<string, EncodedLog>();
  for (let i = 0, height = start; i < logs.length; i += perBlock, height++) {
    const chunk = logs.slice(i, i + perBlock);
    blocks.push({
      header: { height, hash: keccak256(toHex(`${label} block ${height}`)), timestamp: 1_700_000_000_000 + height * 1000 },
      logs: chunk.map((l, j) => {
        ids.set(logId(height, j), l);
        // two logs per transaction: a public event and a companion may share one
        const tx = Math.floor(j / 2);
        return { ...l.log, id: logId(height, j), logIndex: j, transactionIndex: tx, transactionHash: keccak256(toHex(`${label} tx ${height} ${tx}`)) };
      }),
    });
  }
  return { blocks, ids };
}

const TWO = 2n;
const EXTREMES = [0n, 1n, TWO ** 31n - 1n, TWO ** 31n, TWO ** 32n - 1n, TWO ** 64n - 1n, TWO ** 256n - 1n];
const ID_POOL = [1n, 2n, 3n];
const ADDRESSES: Hex[] = [addressOf(0), addressOf(0xa11ce), addressOf(0xb0b), addressOf(0xca201)];
const WORDS: Hex[] = [keccak256(toHex('word 1')), keccak256(toHex('word 2')), `0x${'00'.repeat(32)}`];

/** Strings by their exact bytes: plain, NUL, not UTF-8 (truncated, overlong, encoded surrogate), U+FFFD itself, COPY's specials. */
const HOSTILE_STRINGS: ExactBytes[] = [
  exactBytes('0x'),
  exactBytes(toHex('plain text')),
  exactBytes(toHex('nul\u0000inside')),
  exactBytes('0xfffefd'),
  exactBytes('0x61c3'),
  exactBytes('0xc080'),
  exactBytes('0xeda080'),
  exactBytes('0xefbfbd'),
  exactBytes(toHex('tab\tnewline\ncr\rbackslash\\ "quote" \u00e9 \u{1F600}')),
];

function hugeString(r: Random): ExactBytes {
  const size = r.int(20_000, 100_000);
  return exactBytes(`0x${'61'.repeat(size)}00ff${'62'.repeat(r.int(0, 100))}`);
}

function uintValue(r: Random, bits: number, name: string): bigint {
  const max = TWO ** BigInt(bits) - 1n;
  const idLike = /(Id|Ids|^id|index|version|Version)$/.test(name);
  if (idLike && r.chance(0.75)) return r.pick(ID_POOL);
  if (bits <= 8) return BigInt(r.pick([0, 1, 2, 3, 255]));
  const v = r.chance(0.8) ? r.pick(EXTREMES) : BigInt(r.int(0, 1_000_000_000));
  return v > max ? max : v;
}

const listLength = (r: Random) => r.pick([0, 1, 1, 2, 2, 3, 5]);

/** `length`: the length the event's lists share, unless this one draws its own (so lists of one event mostly fit). */
function valueOf(r: Random, type: string, name: string, length: number): unknown {
  if (type.endsWith('[]')) {
    const item = type.slice(0, -2);
    const n = r.chance(0.7) ? length : listLength(r);
    return Array.from({ length: n }, () => valueOf(r, item, name, length));
  }
  const uint = /^uint(\d+)$/.exec(type);
  if (uint) {
    const v = uintValue(r, Number(uint[1]), name);
    return Number(uint[1]) <= 48 ? Number(v) : v;
  }
  switch (type) {
    case 'address':
      return r.pick(ADDRESSES);
    case 'bytes32':
      return r.chance(0.7) ? r.pick(WORDS) : keccak256(toHex(`random ${r.int(0, 1e9)}`));
    case 'bool':
      return r.chance(0.5);
    case 'bytes':
      return r.chance(0.3) ? '0x' : toHex(`bytes ${r.int(0, 1e9)}`);
    case 'string':
      return r.chance(0.04) ? hugeString(r) : r.pick(HOSTILE_STRINGS);
    default:
      throw new Error(`hostileArgs: type ${type} is not supported`);
  }
}

/** Every argument of `family`'s `event`, drawn from `r`. */
export function hostileArgs(r: Random, family: Family, event: string): Record<string, unknown> {
  const length = listLength(r);
  return Object.fromEntries(paramsOf(family, event).map((p) => [p.name, valueOf(r, p.type, p.name, length)]));
}
