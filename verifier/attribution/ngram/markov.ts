import { mismatch } from '../errors.ts';
import { idOf } from './corpus.ts';
import { Mulberry32 } from '../prng.ts';
import { detokenize, tokenize, TOKENIZER_ID } from './tokenizer.ts';

export const LM_KIND = 'openledger-squid/ngram-lm';
/** Token id of "end of document" in successor lists. */
export const END = -1;
export const DEFAULT_ORDER = 3;

/**
 * A token-level n-gram Markov model with backoff (blob kind `ngram-lm`).
 * `next[key]` lists the successors seen after a context as `[tokenId, count]`
 * pairs ascending by token id, where `key` is the context's token ids joined
 * by "," ("" for the empty context) and contexts have 0 to order-1 tokens.
 */
export interface LanguageModel {
  kind: typeof LM_KIND;
  tokenizer: typeof TOKENIZER_ID;
  order: number;
  /** Token strings; a token's id is its index (order of first appearance). */
  vocabulary: string[];
  next: Record<string, [number, number][]>;
}

/**
 * Trains on `texts` in order: for every position j of every document (and the
 * end of the document, successor END), each context of c = 0..order-1 tokens
 * ending just before j and lying inside the document counts the successor once.
 */
export function trainMarkov(texts: readonly string[], order = DEFAULT_ORDER): LanguageModel {
  if (!Number.isInteger(order) || order < 1 || order > 16) throw mismatch('BAD_INPUT', 'n-gram order', 'an integer in [1, 16]', order);
  const vocabulary = new Map<string, number>();
  const counts = new Map<string, Map<number, number>>();
  for (const text of texts) {
    const ids = tokenize(text).map((t) => idOf(vocabulary, t));
    for (let j = 0; j <= ids.length; j++) {
      const successor = j < ids.length ? ids[j]! : END;
      for (let c = 0; c < order && c <= j; c++) {
        const key = ids.slice(j - c, j).join(',');
        let m = counts.get(key);
        if (!m) counts.set(key, (m = new Map()));
        m.set(successor, (m.get(successor) ?? 0) + 1);
      }
    }
  }
  const next: Record<string, [number, number][]> = {};
  for (const key of [...counts.keys()].sort()) {
    next[key] = [...counts.get(key)!].sort((a, b) => a[0] - b[0]);
  }
  return { kind: LM_KIND, tokenizer: TOKENIZER_ID, order, vocabulary: [...vocabulary.keys()], next };
}

export interface GenerateOptions {
  /** Most tokens to produce; generation also stops at END. */
  maxTokens: number;
  /** Integer in [0, 2^32), seeds {@link Mulberry32}. */
  seed: number;
}

/**
 * Continues `prompt` (tokenised; tokens absent from the vocabulary match no
 * context) and returns the continuation as text. Each step backs off from the
 * last order-1 tokens of prompt-plus-output to the longest context suffix the
 * model has seen, draws r = below(total count) and takes the first successor
 * whose running count exceeds r. Same model, prompt and seed: same text.
 */
export function generate(lm: LanguageModel, prompt: string, options: GenerateOptions): string {
  if (!Number.isInteger(options.maxTokens) || options.maxTokens < 0) throw mismatch('BAD_INPUT', 'maxTokens', 'a non-negative integer', options.maxTokens);
  const rng = new Mulberry32(options.seed);
  const ids = new Map(lm.vocabulary.map((t, i) => [t, i] as const));
  const history = tokenize(prompt).map((t) => ids.get(t) ?? Number.NaN);
  const out: string[] = [];
  while (out.length < options.maxTokens) {
    const successors = lookup(lm, history);
    if (!successors) break;
    const total = successors.reduce((n, [, c]) => n + c, 0);
    let r = rng.below(total);
    const [id] = successors.find(([, c]) => (r -= c) < 0)!;
    if (id === END) break;
    history.push(id);
    out.push(lm.vocabulary[id]!);
  }
  return detokenize(out);
}

function lookup(lm: LanguageModel, history: readonly number[]): [number, number][] | undefined {
  for (let c = Math.min(lm.order - 1, history.length); c >= 0; c--) {
    const context = history.slice(history.length - c);
    if (context.some(Number.isNaN)) continue;
    const key = context.join(',');
    if (Object.hasOwn(lm.next, key)) return lm.next[key];
  }
  return undefined;
}
