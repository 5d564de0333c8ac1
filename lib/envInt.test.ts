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
