import type { Hex } from 'viem';
import { encodeBlob, loadBlob, type Blob, type BlobSource } from '../blobs.ts';
import { mismatch } from '../errors.ts';

/** Blob kinds of an inference of an n-gram model: what the user asked, what the model said. */
export const TEXT_PROMPT = 'openledger-squid/text-prompt';
export const TEXT_OUTPUT = 'openledger-squid/text-output';

export interface TextPrompt {
  kind: typeof TEXT_PROMPT;
  prompt: string;
}

export interface TextOutput {
  kind: typeof TEXT_OUTPUT;
  text: string;
}

export function textPromptBlob(prompt: string): Blob {
  return encodeBlob({ kind: TEXT_PROMPT, prompt } satisfies TextPrompt);
}

export function textOutputBlob(text: string): Blob {
  return encodeBlob({ kind: TEXT_OUTPUT, text } satisfies TextOutput);
}

/** Fetches an inference input blob, checks its hash and kind, returns the prompt. */
export function loadTextPrompt(source: BlobSource, hash: Hex, what = 'inference input'): Promise<string> {
  return loadText(source, hash, TEXT_PROMPT, 'prompt', what);
}

/** Fetches an inference output blob, checks its hash and kind, returns the text. */
export function loadTextOutput(source: BlobSource, hash: Hex, what = 'inference output'): Promise<string> {
  return loadText(source, hash, TEXT_OUTPUT, 'text', what);
}

async function loadText(source: BlobSource, hash: Hex, kind: string, field: string, what: string): Promise<string> {
  const v = await loadBlob<Record<string, unknown> | null>(source, hash, what);
  if (v?.kind !== kind) throw mismatch('BAD_INPUT', `${what}.kind`, kind, v?.kind);
  const text = v[field];
  if (typeof text !== 'string') throw mismatch('BAD_INPUT', `${what}.${field}`, 'a string', typeof text);
  return text;
}
