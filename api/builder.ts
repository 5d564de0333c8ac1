// The Pothos schema builder: Relay connections, DataLoader and complexity plugins, and the API's
// scalars. Schema modules (`schema/<domain>.ts`) add their types to it.
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import type DataLoader from 'dataloader';
import { AddressScalar, BigDecimalScalar, BigIntScalar, BytesScalar, DateTimeScalar, JsonScalar } from './scalars.ts';
import type { Fanout } from './live/fanout.ts';
import type { Queryable } from './sql/page.ts';

export interface Context {
  db: Queryable;
  /** per-request loaders, by name (nested connections of many parents load in one statement) */
  loaders: Map<string, DataLoader<any, any>>;
  /** the processor's state schema (its `status` table says how far the indexer is) */
  stateSchema: string;
  /** the subscriptions' fan-out (absent where the server runs without its LISTEN connection) */
  live?: Fanout;
}

/** Limits on one operation (see docs/api.md, Limits); a connection's cost is its page size times its selection. */
export const COMPLEXITY_LIMITS = { complexity: 250_000, depth: 16, breadth: 400 };

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    BigInt: { Input: string; Output: string | bigint };
    BigDecimal: { Input: string; Output: string };
    Address: { Input: string; Output: string };
    Bytes: { Input: string; Output: string };
    DateTime: { Input: string; Output: Date | string };
    JSON: { Input: never; Output: unknown };
  };
}>({
  plugins: [RelayPlugin, DataloaderPlugin, ComplexityPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    nodesOnConnection: true,
  },
  complexity: {
    defaultComplexity: 1,
    // a connection's field multiplies by its page size; its edges / nodes lists add no second multiplier
    defaultListMultiplier: 1,
    limit: COMPLEXITY_LIMITS,
  },
});

builder.addScalarType('BigInt', BigIntScalar);
builder.addScalarType('BigDecimal', BigDecimalScalar);
builder.addScalarType('Address', AddressScalar);
builder.addScalarType('Bytes', BytesScalar);
builder.addScalarType('DateTime', DateTimeScalar);
builder.addScalarType('JSON', JsonScalar);

builder.queryType({ description: 'The indexed OpenLedger protocol, read only.' });
