import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OPTIONS, OptionError, parseOptions } from './options.ts';

test('options parse with defaults, separate and inline values', () => {
  assert.deepEqual(parseOptions([]), DEFAULT_OPTIONS);
  const o = parseOptions(['--seed', '7', '--once', '--falsify=0.5', '--scale', '3']);
  assert.equal(o.seed, 7);
  assert.equal(o.once, true);
  assert.equal(o.falsify, 0.5);
  assert.equal(o.scale, 3);
});

test('out-of-range, malformed and unknown options are clear errors', () => {
  assert.throws(() => parseOptions(['--falsify', '1.5']), (e: Error) => e instanceof OptionError && e.message === '--falsify: expected a number in [0, 1], got 1.5');
  assert.throws(() => parseOptions(['--seed', '-1']), /--seed: expected an integer in \[0, 2147483647\], got -1/);
  assert.throws(() => parseOptions(['--seed', '1.5']), /expected an integer/);
  assert.throws(() => parseOptions(['--seed']), /--seed: expected a value, got nothing/);
  assert.throws(() => parseOptions(['--port', 'abc']), /got abc/);
  assert.throws(() => parseOptions(['--bogus']), /unknown option --bogus[\s\S]*usage/);
});
