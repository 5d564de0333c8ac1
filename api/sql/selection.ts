// What a request selects on an entity's rows, read from the resolver's `info`: the fields of a
// selection set (fragments followed), and the field nodes that select on the rows themselves (an
// object lookup's field, or a connection's `nodes` and `edges { node }`).
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/** The fields of a selection set by name, fragments followed. */
export function selectionFields(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, out: Map<string, FieldNode[]> = new Map()): Map<string, FieldNode[]> {
  for (const s of set?.selections ?? []) {
    if (s.kind === 'Field') out.set(s.name.value, [...(out.get(s.name.value) ?? []), s]);
    else if (s.kind === 'InlineFragment') selectionFields(s.selectionSet, info, out);
    else selectionFields(info.fragments[s.name.value]?.selectionSet, info, out);
  }
  return out;
}

/** The nodes of the fields called `name` under `nodes`. */
const subFields = (nodes: readonly FieldNode[], info: GraphQLResolveInfo, name: string): FieldNode[] =>
  nodes.flatMap((n) => selectionFields(n.selectionSet, info).get(name) ?? []);

/** The field nodes whose selection sets select on the rows: the field itself (`object`), or a connection's nodes. */
export function rowNodes(nodes: readonly FieldNode[], info: GraphQLResolveInfo, shape: 'object' | 'connection'): FieldNode[] {
  return shape === 'object' ? [...nodes] : [...subFields(nodes, info, 'nodes'), ...subFields(subFields(nodes, info, 'edges'), info, 'node')];
}
