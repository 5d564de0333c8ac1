import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeBatchNotice, MAX_NOTICE_BYTES, parseBatchNotice } from './batchNotice.ts';

test('a notice survives its encoding, with and without the head', () => {
  for (const n of [{ from: 0, to: 0 }, { from: 12, to: 40, head: 45 }, { from: 2 ** 31 - 1, to: 2 ** 31 - 1 }]) {
    assert.deepEqual(parseBatchNotice(encodeBatchNotice(n)), n);
  }
  assert.throws(() => encodeBatchNotice({ from: 5, to: 4 }), /expected block heights with from <= to, got \{"from":5,"to":4\}/);
  assert.throws(() => encodeBatchNotice({ from: -1, to: 4 }), /expected block heights/);
});

test('anything else is refused with what was expected, never echoing the payload', () => {
  const cases: [string | undefined, RegExp][] = [
    [undefined, /got nothing/],
    ['x'.repeat(MAX_NOTICE_BYTES + 1), new RegExp(`at most ${MAX_NOTICE_BYTES} bytes, got ${MAX_NOTICE_BYTES + 1} characters`)],
    ['<script>', /^expected JSON$/],
    ['[1,2]', /expected a JSON object/],
    ['null', /expected a JSON object/],
    ['{"from":1,"to":2,"rows":[]}', /expected only from, to and head/],
    ['{"from":"1","to":2}', /expected block heights from <= to/],
    ['{"from":3,"to":2}', /expected block heights from <= to/],
    ['{"from":1.5,"to":2}', /expected block heights/],
    ['{"from":1,"to":4294967296}', /expected block heights/],
    ['{"from":1,"to":2,"head":-3}', /expected head to be a block height/],
  ];
  for (const [payload, reason] of cases) {
    const got = parseBatchNotice(payload);
    assert.equal(typeof got, 'string', String(payload));
    assert.match(got as string, reason);
    if (payload) assert.ok(!(got as string).includes(payload.slice(0, 8)) || payload.startsWith('{'), 'no echo');
  }
});
