// The exact bytes of an event's string arguments. Decoding turns a string's bytes into text
// (Buffer/TextDecoder semantics: a sequence that is not UTF-8 becomes U+FFFD), which loses what a
// user actually sent; this decodes the same log once more with every `string` read as `bytes`
// (and `string[]` as `bytes[]`), which gives the bytes as 0x-hex. Used only for text that had to be
// altered to be stored (indexer/handlers/userText.ts), so its cost does not matter.
import { AbiEvent } from '@subsquid/evm-abi';
import * as p from '@subsquid/evm-codec';
import type { AnyAbiEvent } from './families.ts';

type Codec = AnyAbiEvent['params'][string];

function asBytes(codec: Codec): Codec | undefined {
  const c = codec as { baseType?: string; item?: Codec; indexed?: boolean };
  if (c.indexed) return undefined; // an indexed string is its hash (bytes32) already
  if (c.baseType === 'string') return p.bytes as Codec;
  if (c.baseType === 'array' && c.item && (c.item as { baseType?: string }).baseType === 'string' && !('size' in c)) {
    return p.array(p.bytes) as unknown as Codec;
  }
  return undefined;
}

const variants = new WeakMap<AnyAbiEvent, { event: AnyAbiEvent; names: string[] }>();

function bytesVariant(event: AnyAbiEvent): { event: AnyAbiEvent; names: string[] } {
  let v = variants.get(event);
  if (v) return v;
  const params: Record<string, Codec> = {};
  const names: string[] = [];
  for (const [name, codec] of Object.entries(event.params)) {
    const replaced = asBytes(codec);
    if (replaced) names.push(name);
    params[name] = replaced ?? codec;
  }
  v = { event: new AbiEvent(event.topic, event.signature, params as never) as AnyAbiEvent, names };
  variants.set(event, v);
  return v;
}

/** The 0x-hex bytes of every string (and string[]) argument of `rec` decoded as `event`, by name. */
export function stringBytes(event: AnyAbiEvent, rec: { topics: string[]; data: string }): Record<string, string | string[]> {
  const { event: variant, names } = bytesVariant(event);
  const all = variant.decode(rec) as Record<string, unknown>;
  return Object.fromEntries(names.map((n) => [n, all[n] as string | string[]]));
}
