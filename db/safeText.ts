// Text as Postgres can store it. A `text` value (and a jsonb string, and an element of a text
// array) cannot hold U+0000, and a JavaScript string may hold a lone UTF-16 surrogate, which has no
// UTF-8 form (the driver would turn it into U+FFFD on its own). Both become U+FFFD here, so the COPY
// path and the parameter (unnest) path store the same text and neither fails the batch. Where the
// exact bytes matter (text a user chose), the handlers keep them beside the text
// (indexer/handlers/userText.ts); this is the last line for every other text value.

/** U+0000 or any surrogate (a well-formed pair is checked further by `safeText`). */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const REPLACEMENT = '\uFFFD';

/** Whether `s` is stored unchanged: no U+0000 and no lone surrogate. */
export function isSafeText(s: string): boolean {
  if (!SUSPECT.test(s)) return true;
  UNSAFE.lastIndex = 0;
  return !UNSAFE.test(s);
}

/** `s` with every U+0000 and lone surrogate replaced by U+FFFD (`s` itself when there is none). */
export function safeText(s: string): string {
  if (!SUSPECT.test(s)) return s;
  return s.replace(UNSAFE, REPLACEMENT);
}

/** JSON text Postgres's jsonb accepts: string values made safe first (jsonb refuses \u0000). */
export function safeJson(v: unknown): string {
  return JSON.stringify(v, (_key, x: unknown) => (typeof x === 'string' ? safeText(x) : x));
}
