// What the API's schema offers, read once by introspection: the page shows verifier verdicts and
// subscribes to new inferences only when the server has those fields, and degrades otherwise.
import { gql } from './graphql.ts';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface Field {
  name: string;
  type: TypeRef;
  args: { name: string }[];
}

export interface SchemaInfo {
  /** the root field's argument names, when the Query type has it */
  queryArgs(field: string): string[] | undefined;
  /** the (unwrapped) type name of a Query root field */
  queryType(field: string): string | undefined;
  /** the Subscription root field, when there is one by that name */
  subscription(field: string): Field | undefined;
  /** the fields of an object type, with their unwrapped kind and type name */
  fieldsOf(type: string): Promise<{ name: string; kind: string; type: string }[]>;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';

export const unwrap = (t: TypeRef): TypeRef => (t.ofType ? unwrap(t.ofType) : t);

let cached: Promise<SchemaInfo> | undefined;

export function schemaInfo(): Promise<SchemaInfo> {
  cached ??= load().catch((e) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function load(): Promise<SchemaInfo> {
  const data = await gql<{ __schema: { queryType: { fields: Field[] }; subscriptionType: { fields: Field[] } | null } }>(
    `query PageSchema { __schema { queryType { fields { name args { name } type { ${TYPE_REF} } } } subscriptionType { fields { name args { name } type { ${TYPE_REF} } } } } }`,
  );
  const query = new Map(data.__schema.queryType.fields.map((f) => [f.name, f]));
  const subs = new Map((data.__schema.subscriptionType?.fields ?? []).map((f) => [f.name, f]));
  const types = new Map<string, Promise<{ name: string; kind: string; type: string }[]>>();
  return {
    queryArgs: (field) => query.get(field)?.args.map((a) => a.name),
    queryType: (field) => {
      const f = query.get(field);
      return f ? (unwrap(f.type).name ?? undefined) : undefined;
    },
    subscription: (field) => subs.get(field),
    fieldsOf(type) {
      let p = types.get(type);
      if (!p) {
        p = gql<{ __type: { fields: Field[] | null } | null }>(`query PageType($name: String!) { __type(name: $name) { fields { name args { name } type { ${TYPE_REF} } } } }`, { name: type }).then((d) =>
          (d.__type?.fields ?? []).map((f) => ({ name: f.name, kind: unwrap(f.type).kind, type: unwrap(f.type).name ?? '' })),
        );
        types.set(type, p);
      }
      return p;
    },
  };
}
