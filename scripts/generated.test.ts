// Generated code is up to date: TypeORM entities (codegen), ABI decoders (typegen), migrations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateModels, MODEL_DIR } from './codegen.ts';
import { diffTree } from './generated.ts';
import { uncoveredChanges } from './migrations.ts';
import { ABI_DIR, generateAbis } from './typegen.ts';

test('db/model/generated is what squid-typeorm-codegen makes of schema/schema.graphql', () => {
  assert.deepEqual(diffTree(MODEL_DIR, generateModels()), [], 'run `npm run codegen`');
});

test('indexer/abi is what squid-evm-typegen makes of the ABIs', () => {
  assert.deepEqual(diffTree(ABI_DIR, generateAbis()), [], 'run `npm run typegen`');
});

test('db/migrations bring an empty database to the model', async () => {
  assert.deepEqual(await uncoveredChanges(), [], 'run `npm run migration:generate`');
});
