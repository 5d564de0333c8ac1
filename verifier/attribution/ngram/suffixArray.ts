/**
 * Suffix array of an integer sequence by prefix doubling with radix sort
 * (Manber and Myers): O(n log n) time, a few typed arrays of memory.
 * Symbols are compared as integers; a suffix that ends sorts before every
 * suffix it is a proper prefix of.
 */
export function suffixArray(s: Int32Array): Int32Array {
  const n = s.length;
  if (n === 0) return new Int32Array(0);
  let rank = new Int32Array(n);
  let tmp = new Int32Array(n);

  // Round 0: rank by symbol, alphabet compressed to 0..classes-1.
  const sa = sortBySymbol(s);
  let classes = 0;
  for (let j = 0; j < n; j++) {
    if (j > 0 && s[sa[j]!] !== s[sa[j - 1]!]) classes++;
    rank[sa[j]!] = classes;
  }
  classes++;

  const count = new Int32Array(n + 1);
  for (let k = 1; classes < n; k <<= 1) {
    // Suffixes ordered by their second key rank[i + k] (absent sorts first).
    let p = 0;
    for (let i = Math.max(0, n - k); i < n; i++) tmp[p++] = i;
    for (let j = 0; j < n; j++) if (sa[j]! >= k) tmp[p++] = sa[j]! - k;
    // Stable counting sort by the first key rank[i].
    count.fill(0, 0, classes);
    for (let i = 0; i < n; i++) count[rank[i]!]!++;
    for (let c = 1; c < classes; c++) count[c]! += count[c - 1]!;
    for (let j = n - 1; j >= 0; j--) sa[--count[rank[tmp[j]!]!]!] = tmp[j]!;
    // New ranks from (rank[i], rank[i + k]) pairs.
    tmp[sa[0]!] = 0;
    classes = 1;
    for (let j = 1; j < n; j++) {
      const a = sa[j - 1]!;
      const b = sa[j]!;
      const same = rank[a] === rank[b] && (a + k < n ? rank[a + k]! : -1) === (b + k < n ? rank[b + k]! : -1);
      tmp[b] = same ? classes - 1 : classes++;
    }
    [rank, tmp] = [tmp, rank];
  }
  return sa;
}

/** Positions of `s` ordered by symbol: counting sort when the symbols span a small range. */
function sortBySymbol(s: Int32Array): Int32Array {
  const n = s.length;
  let min = s[0]!;
  let max = s[0]!;
  for (let i = 1; i < n; i++) {
    if (s[i]! < min) min = s[i]!;
    else if (s[i]! > max) max = s[i]!;
  }
  if (max - min > 4 * n) return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => s[a]! - s[b]! || a - b);
  const start = new Int32Array(max - min + 2);
  for (let i = 0; i < n; i++) start[s[i]! - min + 1]!++;
  for (let c = 1; c < start.length; c++) start[c]! += start[c - 1]!;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[start[s[i]! - min]!++] = i;
  return out;
}

/** A half-open range `[lo, hi)` of suffix-array slots. */
export interface SaRange {
  lo: number;
  hi: number;
}

/**
 * Narrows `range`, whose suffixes all share a prefix of length `depth`, to the
 * suffixes whose symbol at `depth` is `symbol`. Empty when none is.
 */
export function narrow(s: Int32Array, sa: Int32Array, range: SaRange, depth: number, symbol: number): SaRange {
  const at = (slot: number): number => {
    const p = sa[slot]! + depth;
    return p < s.length ? s[p]! : -Infinity;
  };
  let lo = range.lo;
  let hi = range.hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(mid) < symbol) lo = mid + 1;
    else hi = mid;
  }
  const start = lo;
  hi = range.hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(mid) <= symbol) lo = mid + 1;
    else hi = mid;
  }
  return { lo: start, hi: lo };
}
