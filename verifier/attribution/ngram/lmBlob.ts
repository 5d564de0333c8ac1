import { encodeBlob, loadBlob, type Blob, type BlobSource } from '../blobs.ts';
import { mismatch } from '../errors.ts';
import type { BlobRef } from '../manifest.ts';
import { END, LM_KIND, type LanguageModel } from './markov.ts';
import { checkTokenizer } from './tokenizer.ts';

const CONTEXT_KEY = /^(?:(?:0|[1-9][0-9]*)(?:,(?:0|[1-9][0-9]*))*)?$/;

/** The model as a content-addressed blob (canonical JSON). */
export function encodeLanguageModel(lm: LanguageModel): Blob {
  return encodeBlob(lm);
}

/** Fetches the manifest's language model, checks its hash, then its shape. */
export async function loadLanguageModel(source: BlobSource, ref: BlobRef, what = 'language model'): Promise<LanguageModel> {
  return parseLanguageModel(await loadBlob<unknown>(source, ref.hash, what, ref.uri), what);
}

/** Checks a decoded `ngram-lm` blob and returns it typed. */
export function parseLanguageModel(value: unknown, what = 'language model'): LanguageModel {
  const lm = value as LanguageModel;
  if (lm?.kind !== LM_KIND) throw mismatch('BAD_INPUT', `${what}.kind`, LM_KIND, lm?.kind);
  checkTokenizer(lm.tokenizer, `${what}.tokenizer`);
  if (!Number.isInteger(lm.order) || lm.order < 1) throw mismatch('BAD_INPUT', `${what}.order`, 'a positive integer', lm.order);
  if (!Array.isArray(lm.vocabulary) || lm.vocabulary.some((t) => typeof t !== 'string')) {
    throw mismatch('BAD_INPUT', `${what}.vocabulary`, 'an array of strings', typeof lm.vocabulary);
  }
  if (typeof lm.next !== 'object' || lm.next === null || Array.isArray(lm.next)) {
    throw mismatch('BAD_INPUT', `${what}.next`, 'an object', typeof lm.next);
  }
  const size = lm.vocabulary.length;
  for (const [key, successors] of Object.entries(lm.next)) {
    const context = key === '' ? [] : key.split(',').map(Number);
    if (!CONTEXT_KEY.test(key) || context.length >= lm.order || context.some((id) => id >= size)) {
      throw mismatch('BAD_INPUT', `${what}.next key`, `up to ${lm.order - 1} token ids joined by ","`, key);
    }
    const ok =
      Array.isArray(successors) &&
      successors.length > 0 &&
      successors.every(
        (p, i) =>
          Array.isArray(p) &&
          p.length === 2 &&
          Number.isInteger(p[0]) &&
          p[0] >= END &&
          p[0] < size &&
          Number.isInteger(p[1]) &&
          p[1] > 0 &&
          (i === 0 || successors[i - 1]![0] < p[0]),
      );
    if (!ok) throw mismatch('BAD_INPUT', `${what}.next[${JSON.stringify(key)}]`, '[tokenId, count] pairs, ids ascending, counts positive', 'something else');
  }
  return lm;
}
