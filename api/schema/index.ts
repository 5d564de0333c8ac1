// The API's schema: every domain module adds its types to the builder, then it is built once.
import type { GraphQLSchema } from 'graphql';
import { builder } from '../builder.ts';
import './tokens.ts';
import './governance.ts';
import './staking.ts';
import './credits.ts';
import './bridge.ts';
import './datanets.ts';
import './models.ts';
import './attribution.ts';
import './challenges.ts';
import './rewards.ts';
import './admin.ts';
import './ownership.ts';
import './airdrops.ts';
import './payments.ts';
import './bondEvents.ts';
import './rollups.ts';
import './status.ts';
import './analytics.ts';
import './subscriptions.ts';
import './verifications.ts';

let schema: GraphQLSchema | undefined;

export function apiSchema(): GraphQLSchema {
  return (schema ??= builder.toSchema({ sortSchema: false }));
}
