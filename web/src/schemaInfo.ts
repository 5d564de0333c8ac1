// What the API's schema offers, read once by introspection: the page shows verifier verdicts and
// subscribes to new inferences and challenge updates only when the server has those fields, and
// degrades otherwise.
import { gql } from './graphql.ts';
import { SCHEMA_FIELDS } from './queries.ts';

export interface SchemaInfo {
  /** whether the Query type has this root field */
  hasQuery(field: string): boolean;
  /** whether the Subscription type has this root field */
  hasSubscription(field: string): boolean;
}

let cached: Promise<SchemaInfo> | undefined;

export function schemaInfo(): Promise<SchemaInfo> {
  cached ??= load().catch((e) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function load(): Promise<SchemaInfo> {
  const data = await gql<{ __schema: { queryType: { fields: { name: string }[] }; subscriptionType: { fields: { name: string }[] } | null } }>(
    SCHEMA_FIELDS,
  );
  const query = new Set(data.__schema.queryType.fields.map((f) => f.name));
  const subs = new Set((data.__schema.subscriptionType?.fields ?? []).map((f) => f.name));
  return { hasQuery: (f) => query.has(f), hasSubscription: (f) => subs.has(f) };
}
