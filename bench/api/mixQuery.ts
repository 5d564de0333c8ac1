/**
 * One query of the API benchmark's mix: our GraphQL, the same question in the peer's dialect
 * (OpenReader's GraphQL, or the plain SQL a user would otherwise run where OpenReader has no
 * answer), the variables each request cycles through (from fixtures read off the database), and
 * normalisers that bring both answers to one shape, compared before any timing.
 */
import type { Fixtures } from './fixtures.ts';

// GraphQL answers and SQL rows, as they come
export type Json = any;

export type Peer =
  | { kind: 'openreader'; query: string; normalise: (data: Json, variables: Record<string, unknown>) => unknown }
  | { kind: 'sql'; sql: string; params: (variables: Record<string, unknown>) => unknown[]; normalise: (rows: Json[], variables: Record<string, unknown>) => unknown };

export interface MixQuery {
  name: string;
  /** a root field our API must have for this entry to run (skipped, and said so, when it has not) */
  requires?: string;
  /** what a user asks with it */
  description: string;
  /** our GraphQL (the variables below) */
  ours: string;
  normaliseOurs: (data: Json, variables: Record<string, unknown>) => unknown;
  peer: Peer;
  /** the variable sets; each connection's requests cycle through them */
  variables: (f: Fixtures) => Record<string, unknown>[];
}

