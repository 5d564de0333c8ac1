import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envInt } from './envInt.ts';

test('envInt: unset and empty are undefined, integers parse, anything else names the variable and the value', () => {
  assert.equal(envInt({}, 'X'), undefined);
  assert.equal(envInt({ X: '' }, 'X'), undefined);
  assert.equal(envInt({ X: '0' }, 'X'), 0);
  assert.equal(envInt({ X: '58959063' }, 'X'), 58_959_063);
  for (const bad of ['-1', '1.5', 'abc', '9007199254740993', '1e400']) {
    assert.throws(() => envInt({ X: bad }, 'X'), { message: `X: expected a non-negative integer, got ${bad}` });
  }
});

test('envInt with a range: the bounds pass, a value past either names the range', () => {
  assert.equal(envInt({ X: '1' }, 'X', { min: 1, max: 8 }), 1);
  assert.equal(envInt({ X: '8' }, 'X', { min: 1, max: 8 }), 8);
  assert.equal(envInt({}, 'X', { min: 1, max: 8 }), undefined);
  for (const bad of ['0', '9']) assert.throws(() => envInt({ X: bad }, 'X', { min: 1, max: 8 }), { message: `X: expected an integer from 1 to 8, got ${bad}` });
  assert.throws(() => envInt({ X: 'two' }, 'X', { min: 1, max: 8 }), { message: 'X: expected a non-negative integer, got two' });
});
