import type { Corpus } from './corpus.ts';
import { narrow, suffixArray, type SaRange } from './suffixArray.ts';

/** A corpus with its suffix array: built once per model, queried per output. */
export interface SpanIndex {
  corpus: Corpus;
  sa: Int32Array;
}

export function buildSpanIndex(corpus: Corpus): SpanIndex {
  return { corpus, sa: suffixArray(corpus.ids) };
}

export interface SpanParams {
  /** Shortest span, in tokens, that counts. */
  minSpan: number;
  /** A span found in more distinct documents than this is too common to attribute. */
  maxDocuments: number;
}

/**
 * A maximal span of the output: `output[start, start + length)` occurs in the
 * corpus, and no longer occurring stretch of the output contains it.
 * `status`: `kept` (counts), `short` (fewer than minSpan tokens) or `common`
 * (in more than maxDocuments documents).
 */
export interface Span {
  start: number;
  length: number;
  status: 'kept' | 'short' | 'common';
  /** Distinct documents containing the span, ascending; filled for kept spans only. */
  documents: number[];
}

/** Longest corpus match starting at each output position, with its suffix-array range. */
export function longestMatches(index: SpanIndex, output: Int32Array): { length: number; range: SaRange }[] {
  const { ids } = index.corpus;
  const { sa } = index;
  const out: { length: number; range: SaRange }[] = [];
  for (let i = 0; i < output.length; i++) {
    let range: SaRange = { lo: 0, hi: sa.length };
    let d = 0;
    while (i + d < output.length && output[i + d]! >= 0) {
      const symbol = output[i + d]!;
      let next: SaRange;
      if (range.hi - range.lo === 1) {
        // One candidate left: compare directly (a corpus suffix always ends in a separator).
        next = ids[sa[range.lo]! + d] === symbol ? range : { lo: 0, hi: 0 };
      } else {
        next = narrow(ids, sa, range, d, symbol);
      }
      if (next.lo === next.hi) break;
      range = next;
      d++;
    }
    out.push({ length: d, range });
  }
  return out;
}

/**
 * The maximal spans of `output`, left to right. The longest match at `i` is
 * maximal iff it is non-empty and ends strictly after the longest match at
 * `i - 1` (otherwise that match contains it).
 */
export function maximalSpans(index: SpanIndex, output: Int32Array, params: SpanParams): Span[] {
  const matches = longestMatches(index, output);
  const spans: Span[] = [];
  matches.forEach((m, i) => {
    if (m.length === 0) return;
    if (i > 0 && i - 1 + matches[i - 1]!.length >= i + m.length) return;
    if (m.length < params.minSpan) {
      spans.push({ start: i, length: m.length, status: 'short', documents: [] });
      return;
    }
    const documents = distinctDocuments(index, m.range, params.maxDocuments);
    spans.push(documents ? { start: i, length: m.length, status: 'kept', documents } : { start: i, length: m.length, status: 'common', documents: [] });
  });
  return spans;
}

/** Distinct documents of the suffixes in `range`, ascending; null once more than `cap`. */
function distinctDocuments(index: SpanIndex, range: SaRange, cap: number): number[] | null {
  const seen = new Set<number>();
  for (let slot = range.lo; slot < range.hi; slot++) {
    seen.add(index.corpus.documentOf[index.sa[slot]!]!);
    if (seen.size > cap) return null;
  }
  return [...seen].sort((a, b) => a - b);
}
