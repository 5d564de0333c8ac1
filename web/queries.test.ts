// Every GraphQL document the page sends (web/src/queries.ts) is valid against the API's committed
// schema (schema/api.graphql): a field renamed or removed in the API fails here. The verifier's
// verdicts are checked when the schema has `verifications` (the page asks only then).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildSchema, parse, validate } from 'graphql';
import { PROJECT_ROOT } from '../lib/runtime.ts';
import * as queries from './src/queries.ts';

const schema = buildSchema(readFileSync(join(PROJECT_ROOT, 'schema', 'api.graphql'), 'utf8'));

test("every document of the page is valid against the API's schema", () => {
  const documents = Object.entries(queries);
  assert.ok(documents.length >= 10, `${documents.length} documents`);
  const optional = new Set(schema.getQueryType()!.getFields().verifications ? [] : ['VERIFICATIONS']);
  const problems = documents
    .filter(([name]) => !optional.has(name))
    .flatMap(([name, text]) => validate(schema, parse(text)).map((e) => `${name}: ${e.message}`));
  assert.deepEqual(problems, []);
});

test('a document that asks for a field the schema lacks is refused (the check can fail)', () => {
  const broken = queries.DISPUTES.replace('slashedAmount', 'slashedAmountRenamed');
  assert.match(validate(schema, parse(broken)).map(String).join(), /Cannot query field "slashedAmountRenamed"/);
});
