// The API's scalars: integers of any size and decimals as decimal strings, addresses and bytes as
// lowercase 0x-hex (accepted in any case), times as ISO-8601 UTC. Input that does not fit gets a
// GraphQL error saying what was expected and what came.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

function literal(node: ValueNode): unknown {
  if (node.kind === Kind.STRING || node.kind === Kind.INT || node.kind === Kind.FLOAT) return node.value;
  if (node.kind === Kind.BOOLEAN) return node.value;
  return `<${node.kind}>`;
}

function scalar(name: string, description: string, parse: (v: unknown) => string, serialize: (v: unknown) => string): GraphQLScalarType {
  return new GraphQLScalarType({
    name,
    description,
    serialize,
    parseValue: parse,
    parseLiteral: (node) => parse(literal(node)),
  });
}

const INTEGER = /^-?(0|[1-9][0-9]{0,99})$/;
const DECIMAL = /^-?(0|[1-9][0-9]{0,99})(\.[0-9]{1,100})?$/;

export function parseBigInt(v: unknown): string {
  const s = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  if (typeof s !== 'string' || !INTEGER.test(s)) throw new GraphQLError(`BigInt: expected an integer as a decimal string (e.g. "1000000000000000000"), got ${show(v)}`);
  return s;
}

export function parseBigDecimal(v: unknown): string {
  const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
  if (typeof s !== 'string' || !DECIMAL.test(s)) throw new GraphQLError(`BigDecimal: expected a decimal number as a string (e.g. "12.5"), got ${show(v)}`);
  return s;
}

function hexParser(name: string, bytes: number | undefined): (v: unknown) => string {
  const what = bytes === undefined ? 'an even number of hex digits' : `${bytes * 2} hex digits`;
  return (v) => {
    const ok = typeof v === 'string' && /^0[xX][0-9a-fA-F]*$/.test(v) && (bytes === undefined ? v.length % 2 === 0 : v.length === 2 + bytes * 2);
    if (!ok) throw new GraphQLError(`${name}: expected 0x followed by ${what}, got ${show(v)}`);
    return (v as string).toLowerCase();
  };
}

export const parseAddress = hexParser('Address', 20);
export const parseBytes = hexParser('Bytes', undefined);

export function parseDateTime(v: unknown): string {
  const ok = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v));
  if (!ok) throw new GraphQLError(`DateTime: expected an ISO-8601 time with a zone (e.g. "2026-01-31T12:00:00Z"), got ${show(v)}`);
  return new Date(v as string).toISOString();
}

const text = (v: unknown): string => (typeof v === 'bigint' ? v.toString() : String(v));

export const BigIntScalar = scalar('BigInt', 'An integer of any size as a decimal string.', parseBigInt, text);
export const BigDecimalScalar = scalar('BigDecimal', 'A decimal number as a string.', parseBigDecimal, text);
export const AddressScalar = scalar(
  'Address',
  'A 20-byte address: lowercase 0x-hex in results; any case (checksummed or not) accepted in input.',
  parseAddress,
  (v) => text(v).toLowerCase(),
);
export const BytesScalar = scalar('Bytes', 'Bytes as 0x-hex: lowercase in results; any case accepted in input.', parseBytes, (v) => text(v).toLowerCase());
export const DateTimeScalar = scalar('DateTime', 'A time as ISO-8601 in UTC (e.g. "2026-01-31T12:00:00.000Z").', parseDateTime, (v) =>
  (v instanceof Date ? v : new Date(text(v))).toISOString(),
);
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'A JSON value (decoded event arguments; integers as decimal strings). Output only.',
  serialize: (v) => v,
  parseValue: () => {
    throw new GraphQLError('JSON: not accepted as input');
  },
  parseLiteral: () => {
    throw new GraphQLError('JSON: not accepted as input');
  },
});
