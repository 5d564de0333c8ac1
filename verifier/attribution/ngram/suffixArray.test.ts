import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mulberry32 } from '../prng.ts';
import { narrow, suffixArray, type SaRange } from './suffixArray.ts';

function naiveSuffixArray(s: Int32Array): number[] {
  const compare = (a: number, b: number): number => {
    for (; a < s.length && b < s.length; a++, b++) if (s[a] !== s[b]) return s[a]! - s[b]!;
    return a < s.length ? 1 : b < s.length ? -1 : 0;
  };
  return Array.from({ length: s.length }, (_, i) => i).sort(compare);
}

function randomSequence(rng: Mulberry32, length: number, alphabet: number, offset: number): Int32Array {
  return Int32Array.from({ length }, () => rng.below(alphabet) + offset);
}

test('suffix array equals a naive sort on random sequences', () => {
  const rng = new Mulberry32(2024);
  for (let round = 0; round < 300; round++) {
    const alphabet = [1, 2, 3, 5, 50, 100_000][round % 6]!;
    const s = randomSequence(rng, rng.below(200), alphabet, round % 2 ? -7 : 0);
    assert.deepEqual([...suffixArray(s)], naiveSuffixArray(s), `round ${round}, alphabet ${alphabet}, n ${s.length}`);
  }
});

test('suffix array of edge cases: empty, one symbol, periodic, descending', () => {
  assert.deepEqual([...suffixArray(new Int32Array(0))], []);
  assert.deepEqual([...suffixArray(Int32Array.of(5))], [0]);
  assert.deepEqual([...suffixArray(Int32Array.of(1, 1, 1, 1))], [3, 2, 1, 0]);
  assert.deepEqual([...suffixArray(Int32Array.of(1, 2, 1, 2, 1, 2))], [4, 2, 0, 5, 3, 1]);
  assert.deepEqual([...suffixArray(Int32Array.of(3, 2, 1))], [2, 1, 0]);
});

test('narrowing a range finds exactly the occurrences of a pattern', () => {
  const rng = new Mulberry32(7);
  const s = randomSequence(rng, 2000, 4, 0);
  const sa = suffixArray(s);
  for (let round = 0; round < 200; round++) {
    const pattern = randomSequence(rng, 1 + rng.below(6), 4, 0);
    let range: SaRange = { lo: 0, hi: sa.length };
    for (let d = 0; d < pattern.length; d++) range = narrow(s, sa, range, d, pattern[d]!);
    const found = [...sa.slice(range.lo, range.hi)].sort((a, b) => a - b);
    const expected: number[] = [];
    for (let i = 0; i + pattern.length <= s.length; i++) {
      if (pattern.every((x, k) => s[i + k] === x)) expected.push(i);
    }
    assert.deepEqual(found, expected, `pattern ${pattern.join(',')}`);
  }
});

test('a corpus of 300,000 tokens is indexed in well under two seconds', () => {
  const rng = new Mulberry32(1);
  const s = Int32Array.from({ length: 300_000 }, (_, i) => (i % 200 === 199 ? 5000 + i : rng.below(3000)));
  const t0 = performance.now();
  const sa = suffixArray(s);
  const ms = performance.now() - t0;
  assert.equal(sa.length, s.length);
  for (let j = 1; j < 2000; j++) assert.ok(s[sa[j - 1]!]! <= s[sa[j]!]!, 'sorted by first symbol');
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
});
