// Scalars: what they accept, what they answer and how they refuse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AddressScalar, parseAddress, parseBigInt, parseBytes, parseDateTime } from './scalars.ts';

test('addresses: any case in, lowercase out; wrong length or non-hex is a clear error', () => {
  const checksummed = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
  assert.equal(parseAddress(checksummed), checksummed.toLowerCase());
  assert.equal(AddressScalar.serialize('0xABCDEF0000000000000000000000000000000001'), '0xabcdef0000000000000000000000000000000001');
  assert.throws(() => parseAddress('0x1234'), /Address: expected 0x followed by 40 hex digits, got "0x1234"/);
  assert.throws(() => parseAddress(`0x${'g'.repeat(40)}`), /expected 0x followed by 40 hex digits/);
  assert.throws(() => parseBytes('0xabc'), /Bytes: expected 0x followed by an even number of hex digits/);
});

test('BigInt as decimal strings; DateTime ISO-8601 UTC', () => {
  assert.equal(parseBigInt('123456789012345678901234567890'), '123456789012345678901234567890');
  assert.throws(() => parseBigInt('1e18'), /BigInt: expected an integer as a decimal string/);
  assert.throws(() => parseBigInt("1; DROP TABLE account"), /BigInt: expected/);
  assert.equal(parseDateTime('2026-01-31T13:00:00+01:00'), '2026-01-31T12:00:00.000Z');
  assert.throws(() => parseDateTime('yesterday'), /DateTime: expected an ISO-8601 time/);
});
