// Limits every document meets before it is validated or run (validation of a huge document is
// itself the attack): its size in tokens, its aliases and its selection depth (fragments followed).
// Cost limits (page sizes times selections) are the complexity plugin's (builder.ts).
import { GraphQLError, Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const DOCUMENT_LIMITS = { maxTokens: 5000, maxAliases: 50, maxDepth: 16, maxVariableDepth: 32 };

/**
 * How deep the JSON of `variables` nests, counted without recursion, stopping past `limit` (graphql-js
 * coerces inputs recursively: a where nested 100,000 levels deep would overflow its stack).
 */
export function jsonDepthOver(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function check(doc: DocumentNode): void {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  let aliases = 0;
  const depthOf = (set: SelectionSetNode, depth: number, seen: Set<string>): number => {
    if (depth > DOCUMENT_LIMITS.maxDepth) return depth;
    let max = depth;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.alias) aliases++;
        if (s.selectionSet) max = Math.max(max, depthOf(s.selectionSet, depth + 1, seen));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, depthOf(s.selectionSet, depth, seen));
      } else {
        const f = fragments.get(s.name.value);
        if (f && !seen.has(s.name.value)) max = Math.max(max, depthOf(f, depth, new Set([...seen, s.name.value])));
      }
      if (aliases > DOCUMENT_LIMITS.maxAliases) throw new GraphQLError(`aliases: at most ${DOCUMENT_LIMITS.maxAliases} in one document`);
    }
    return max;
  };
  for (const d of doc.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const depth = depthOf(d.selectionSet, 1, new Set());
    if (depth > DOCUMENT_LIMITS.maxDepth) throw new GraphQLError(`depth: selections nest at most ${DOCUMENT_LIMITS.maxDepth} deep`);
  }
}

/** Parses with a token limit, then checks aliases and depth; a GraphQL error (HTTP 400) otherwise. */
export function documentLimits(): Plugin {
  return {
    onParams({ params }) {
      if (jsonDepthOver(params.variables, DOCUMENT_LIMITS.maxVariableDepth)) {
        throw new GraphQLError(`variables: JSON nests at most ${DOCUMENT_LIMITS.maxVariableDepth} levels deep`);
      }
    },
    onParse({ setParseFn }) {
      setParseFn((source) => {
        const doc = parse(source, { maxTokens: DOCUMENT_LIMITS.maxTokens });
        check(doc);
        return doc;
      });
    },
  };
}
