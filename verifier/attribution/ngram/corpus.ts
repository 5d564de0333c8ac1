import { tokenize } from './tokenizer.ts';

/** One document of the training set, in manifest order. */
export interface CorpusDocument {
  contributionId: bigint;
  text: string;
}

/**
 * The tokenised corpus: every document's token ids, each document followed by
 * its own separator, documents in training order (datanets in manifest order,
 * documents in blob order).
 *
 * Token ids are assigned in order of first appearance, from 0. The separator
 * after document d is `vocabularySize + d`: unique, so it equals no token and no
 * other separator, and no match can run across a document boundary.
 */
export interface Corpus {
  /** Token ids and separators, length `tokenCount + documentCount`. */
  ids: Int32Array;
  /** For each position of `ids`, the index of its document. */
  documentOf: Int32Array;
  /** Contribution of each document. */
  contributions: bigint[];
  vocabulary: Map<string, number>;
}

export function buildCorpus(documents: readonly CorpusDocument[]): Corpus {
  const vocabulary = new Map<string, number>();
  const perDocument = documents.map((d) => tokenize(d.text).map((t) => idOf(vocabulary, t)));
  const length = perDocument.reduce((n, ids) => n + ids.length + 1, 0);
  const ids = new Int32Array(length);
  const documentOf = new Int32Array(length);
  let at = 0;
  perDocument.forEach((tokens, d) => {
    ids.set(tokens, at);
    documentOf.fill(d, at, at + tokens.length + 1);
    at += tokens.length;
    ids[at++] = vocabulary.size + d;
  });
  return { ids, documentOf, contributions: documents.map((d) => d.contributionId), vocabulary };
}

/** Ids of output tokens; a token absent from the corpus gets -1, which matches nothing. */
export function encodeTokens(vocabulary: ReadonlyMap<string, number>, tokens: readonly string[]): Int32Array {
  return Int32Array.from(tokens, (t) => vocabulary.get(t) ?? -1);
}

/** The id of `token`, adding it to the vocabulary on first sight. */
export function idOf(vocabulary: Map<string, number>, token: string): number {
  let id = vocabulary.get(token);
  if (id === undefined) {
    id = vocabulary.size;
    vocabulary.set(token, id);
  }
  return id;
}
